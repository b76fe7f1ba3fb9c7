package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans and reports are written whole or not at all, never through a symbolic link, a plan for its owner only. */
class SafeFilesTest {

    private static final Path REGISTRY = Path.of("examples/registry.json");

    @TempDir
    Path dir;

    private static long leftovers(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                    .count();
        }
    }

    @Test
    void aPlanIsWrittenForItsOwnerOnlyAndAReportAsTheUmaskSays() throws Exception {
        Path plan = dir.resolve("plan.json");
        Path report = dir.resolve("report.json");
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);

        CliRunner.Run r = CliRunner.create()
                .registries(t -> registry)
                .run("delete-untagged", "--all", "--dry-run", "--out", plan.toString(), "--report", report.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plan)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(report)).contains("\"command\" : \"delete-untagged\"");
        assertThat(leftovers(dir)).isZero();
    }

    @Test
    void aSymbolicLinkAtTheTargetIsNeverWrittenThrough() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("authorized_keys"), "precious\n");
        Path link = Files.createSymbolicLink(dir.resolve("plan.json"), elsewhere);
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);

        CliRunner.Run out = CliRunner.create()
                .registries(t -> registry)
                .run("delete-untagged", "--all", "--dry-run", "--out", link.toString());
        CliRunner.Run report = CliRunner.create()
                .registries(t -> registry)
                .run("delete-untagged", "--all", "--dry-run", "--report", link.toString());

        for (CliRunner.Run r : new CliRunner.Run[] {out, report}) {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("it is a symbolic link, which ecrsweep does not write through");
        }
        assertThat(Files.readString(elsewhere)).isEqualTo("precious\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aFileIsReplacedWholeAndNoWorkingCopyIsLeft() throws Exception {
        Path target = Files.writeString(dir.resolve("report.json"), "the old report\n");

        SafeFiles.write(target, "the new one\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "the report", false);

        assertThat(Files.readString(target)).isEqualTo("the new one\n");
        assertThat(leftovers(dir)).isZero();
    }
}
