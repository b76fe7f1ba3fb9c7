package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.ReportWriter;

/** The {@code -o/--output} formats: a table for people, JSON and CSV for programs, Markdown for CI summaries. */
public enum OutputFormat {
    table,
    json,
    csv,
    markdown;

    ReportWriter.Format report() {
        return ReportWriter.Format.valueOf(name());
    }
}
