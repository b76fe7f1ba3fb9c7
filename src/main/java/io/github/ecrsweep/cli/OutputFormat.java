package io.github.ecrsweep.cli;

/** The {@code -o/--output} formats: a table for people, JSON and CSV for machines. */
public enum OutputFormat {
    table,
    json,
    csv
}
