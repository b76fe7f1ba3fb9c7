package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.report.PlanReader;
import io.github.ecrsweep.report.Report;
import io.github.ecrsweep.report.ReportWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Markdown report held to a size (a GitHub job summary): every image when it fits, else one row per repository. */
class MarkdownLimitTest {

    @TempDir
    Path dir;

    private Report plan() {
        Path plan = dir.resolve("plan.json");
        CliRunner.Run r = CliRunner.create()
                .run(
                        "delete-untagged",
                        "--all",
                        "--snapshot",
                        "examples/registry.json",
                        "--dry-run",
                        "--out",
                        plan.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return PlanReader.read(plan).plan();
    }

    private static String within(Report report, long bytes) {
        StringWriter out = new StringWriter();
        ReportWriter.markdownWithin(report, new PrintWriter(out), bytes);
        return out.toString();
    }

    @Test
    void aReportThatFitsIsWholeAndOneThatDoesNotIsPerRepositoryAndSaysSo() {
        Report report = plan();

        String whole = within(report, 1 << 20);
        assertThat(whole).contains("6088dead3c85").doesNotContain("each repository is on one row");

        String perRepository = within(report, 1_400);
        assertThat(perRepository.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1_400);
        assertThat(perRepository)
                .contains("each repository is on one row")
                .contains("| platform/web |")
                .contains("Plan: delete 12 images")
                .doesNotContain("6088dead3c85");
    }

    @Test
    void pastEvenThatTheLargestRepositoriesComeFirstAndTheRestAreCounted() {
        String cut = within(plan(), 900);

        assertThat(cut).contains("more repositor").contains("the smallest, in the JSON report");
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(900);
    }

    @Test
    void reportMergeTakesTheLimitForMarkdownOnly() {
        plan();
        Path plan = dir.resolve("plan.json");

        CliRunner.Run small =
                CliRunner.create().run("report", "merge", plan.toString(), "-o", "markdown", "--max-bytes", "100");
        assertThat(small.exitCode()).isEqualTo(2);
        assertThat(small.err()).contains("--max-bytes takes at least 4096");
        CliRunner.Run ok =
                CliRunner.create().run("report", "merge", plan.toString(), "-o", "markdown", "--max-bytes", "1048576");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("6088dead3c85");
    }
}
