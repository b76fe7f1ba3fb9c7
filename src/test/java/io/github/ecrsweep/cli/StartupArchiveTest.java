package io.github.ecrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * picocli's classes ship compiled from its published sources for the Java the project builds for (pom.xml, the
 * antrun plugin's {@code picocli-classes}): its released class files are Java 5's, which the JDK verifies with its
 * old verifier at every start, and which Java 25's start-up cache leaves out once a training run has linked them.
 * The tests run with the classes the jar ships.
 */
class StartupArchiveTest {

    /** Java 17's class file version, the project's {@code maven.compiler.release}. */
    private static final int JAVA_17 = 61;

    @Test
    void picocliRunsFromTheBuildsOwnClassFilesOfJava17() throws IOException, URISyntaxException {
        Path output = location(Cli.class);
        assertEquals(output, location(CommandLine.class), "picocli is loaded from the build's output, not its jar");

        Map<Integer, Integer> versions = new TreeMap<>();
        try (Stream<Path> files = Files.walk(output.resolve("picocli"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                versions.merge(majorVersion(file), 1, Integer::sum);
            }
        }
        assertEquals(List.of(JAVA_17), List.copyOf(versions.keySet()), "class file versions: " + versions);
        assertTrue(versions.get(JAVA_17) > 100, "picocli's classes, all of them: " + versions);
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static int majorVersion(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile);
                DataInputStream data = new DataInputStream(in)) {
            assertEquals(0xCAFEBABE, data.readInt(), classFile + " is a class file");
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }
}
