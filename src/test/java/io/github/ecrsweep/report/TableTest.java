package io.github.ecrsweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a table fits a narrow terminal: shortened, shrunk, columns left out, wrapped, and only then cut. */
class TableTest {

    private static List<String> print(Table t, int width, String shrinkable) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        t.print(out, width, shrinkable);
        out.flush();
        return s.toString().lines().toList();
    }

    private static Table images() {
        return new Table("REPOSITORY", "PUSHED", "KIND", "WHY")
                .row("team/service-with-a-long-name", "2026-11-30 10:22:01 UTC", "image", "untagged, not in use")
                .row("web", "2026-12-01 08:00:00 UTC", "index", "older than 30 days");
    }

    @Test
    void aTableThatFitsIsPrintedWhole() {
        List<String> lines = print(images(), 0, "WHY");
        assertThat(lines.get(1)).contains("2026-11-30 10:22:01 UTC").contains("untagged, not in use");
    }

    @Test
    void shortenedCellsComeFirstAndNothingElseChangesWhenThatIsEnough() {
        Table t = images().shorten("PUSHED", p -> p.substring(0, 10));
        int full =
                print(images(), 0, null).stream().mapToInt(String::length).max().orElseThrow();
        List<String> lines = print(t, full - 13, "WHY");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(full - 13));
        assertThat(lines.get(1))
                .contains("2026-11-30  ")
                .doesNotContain("10:22")
                .contains("untagged, not in use");
        assertThat(lines.get(0)).contains("KIND");
    }

    @Test
    void droppableColumnsGoBeforeAnythingIsWrapped() {
        Table t = images().droppable("KIND");
        List<String> lines = print(t, 60, null);
        assertThat(lines.get(0)).doesNotContain("KIND").contains("REPOSITORY").contains("WHY");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
    }

    @Test
    void theWidestColumnWrapsOntoTheNextLinesAndLosesNoCharacter() {
        List<String> lines = print(images(), 50, null);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(50));
        assertThat(lines.get(0)).startsWith("REPOSITORY").contains("PUSHED");
        int pushed = lines.get(0).indexOf("PUSHED");
        StringBuilder first = new StringBuilder();
        for (String l : lines.subList(1, lines.size())) {
            if (l.startsWith("web")) {
                break;
            }
            first.append(l, 0, Math.min(pushed, l.length()));
        }
        assertThat(first.toString().replace(" ", "")).isEqualTo("team/service-with-a-long-name");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("10:22:01 UTC"));
    }

    @Test
    void aWrappedCellBreaksAtSpacesWhereItCan() {
        assertThat(Table.pieces("2026-11-30 10:22:01 UTC", 12)).containsExactly("2026-11-30", "10:22:01 UTC");
        assertThat(Table.pieces("abcdefghij", 4)).containsExactly("abcd", "efgh", "ij");
        assertThat(Table.pieces("child-of-kept-index", 17)).containsExactly("child-of-kept-", "index");
    }

    @Test
    void theShrinkableColumnIsCutWithAnEllipsis() {
        List<String> lines = print(images(), 75, "WHY");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(75));
        assertThat(String.join("\n", lines)).contains("...");
    }

    @Test
    void evenAnImpossibleWidthIsNeverExceeded() {
        List<String> lines = print(images(), 20, "WHY");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(20));
    }

    @Test
    void proseIsWrappedAtSpacesWithTheContinuationIndented() {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        Text.println(out, "Would delete 3 images (12.0 MiB) in 2 repositories; 5 kept by rules", 30, "  ");
        out.flush();
        List<String> lines = s.toString().lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(30));
        assertThat(lines.get(1)).startsWith("  ");
        assertThat(String.join(" ", lines).replaceAll(" +", " "))
                .isEqualTo("Would delete 3 images (12.0 MiB) in 2 repositories; 5 kept by rules");
    }
}
