package io.github.ecrsweep.report;

/** The formats a report is written in ({@code -o/--output}): a table for people, JSON and CSV for programs, Markdown for CI summaries. */
public enum Format {
    table,
    json,
    csv,
    markdown
}
