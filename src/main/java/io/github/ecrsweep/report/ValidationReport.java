package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.Problem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code validate} shows: per file, valid with its number of rules, or every problem with its place.
 * Its JSON document is specified in {@code docs/validate.schema.json}; every format is written from the
 * same records, and a CSV header and its rows come from one list of columns.
 *
 * @param valid whether every file is valid
 */
@JsonPropertyOrder({"schemaVersion", "valid", "files"})
public record ValidationReport(int schemaVersion, boolean valid, List<FileResult> files) {

    public ValidationReport {
        files = List.copyOf(files);
    }

    /** One file: its name as given ({@code <stdin>} for standard input), and what the validator found. */
    @JsonPropertyOrder({"file", "valid", "rules", "problems"})
    public record FileResult(
            String file,
            boolean valid,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer rules,
            List<ProblemReport> problems) {

        public FileResult {
            problems = List.copyOf(problems);
        }
    }

    /** One problem: its JSON path and message, and its line and column when known (else null). */
    @JsonPropertyOrder({"path", "message", "line", "column"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProblemReport(String path, String message, Integer line, Integer column) {}

    /** A file and one of its problems (null for a valid file): one CSV line. */
    private record Line(FileResult file, ProblemReport problem) {}

    private static final List<Csv.Column<Line>> CSV = List.of(
            new Csv.Column<>("file", l -> l.file().file()),
            new Csv.Column<>("valid", l -> String.valueOf(l.file().valid())),
            new Csv.Column<>("path", l -> l.problem() == null ? "" : l.problem().path()),
            new Csv.Column<>(
                    "line", l -> l.problem() == null ? "" : Csv.text(l.problem().line())),
            new Csv.Column<>(
                    "column",
                    l -> l.problem() == null ? "" : Csv.text(l.problem().column())),
            new Csv.Column<>(
                    "message", l -> l.problem() == null ? "" : l.problem().message()));

    /**
     * One checked file (or one policy of a document): its label, its problems, and how many rules it has
     * when it is valid (else null).
     */
    public record Checked(String label, List<Problem> problems, Integer rules) {

        /** A lifecycle policy's validation. */
        public static Checked policy(String label, Validation v) {
            return new Checked(
                    label, v.problems(), v.policy().map(p -> p.rules().size()).orElse(null));
        }
    }

    /** The report of these files' checks. */
    public static ValidationReport of(List<Checked> checked) {
        List<FileResult> files = new ArrayList<>();
        for (Checked c : checked) {
            files.add(new FileResult(
                    c.label(),
                    c.problems().isEmpty(),
                    c.rules(),
                    c.problems().stream().map(ValidationReport::problem).toList()));
        }
        return new ValidationReport(1, files.stream().allMatch(FileResult::valid), files);
    }

    private static ProblemReport problem(Problem p) {
        return new ProblemReport(
                p.path(), p.message(), p.hasPosition() ? p.line() : null, p.hasPosition() ? p.column() : null);
    }

    public void write(Format format, PrintWriter out) {
        switch (format) {
            case json -> out.println(ReportWriter.json(this));
            case csv -> Csv.write(out, CSV, lines());
            case markdown -> markdown(out);
            default -> text(out);
        }
        out.flush();
    }

    private List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        for (FileResult f : files) {
            if (f.valid()) {
                lines.add(new Line(f, null));
            }
            f.problems().forEach(p -> lines.add(new Line(f, p)));
        }
        return lines;
    }

    private void text(PrintWriter out) {
        int invalid = 0;
        int problems = 0;
        for (FileResult f : files) {
            if (f.valid()) {
                out.println(Text.safe(f.file() + ": valid (" + Units.count(f.rules(), "rule") + ")"));
                continue;
            }
            invalid++;
            for (ProblemReport p : f.problems()) {
                problems++;
                String where = p.line() != null ? f.file() + ":" + p.line() + ":" + p.column() : f.file();
                // Messages quote the file's own text (a pattern, a key): it never drives the terminal.
                out.println(Text.safe(where + ": " + p.path() + ": " + p.message()));
            }
        }
        if (invalid > 0) {
            out.println(invalid + " of " + Units.count(files.size(), "file") + " invalid, "
                    + Units.count(problems, "problem"));
        }
    }

    private void markdown(PrintWriter out) {
        for (FileResult f : files) {
            out.println("- " + Markdown.code(f.file()) + (f.valid() ? ": valid" : ": invalid"));
            for (ProblemReport p : f.problems()) {
                String where = p.line() != null ? p.line() + ":" + p.column() + " " : "";
                out.println("  - " + Markdown.code(where + p.path()) + ": " + Markdown.text(p.message()));
            }
        }
    }
}
