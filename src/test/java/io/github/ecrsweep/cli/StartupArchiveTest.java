package io.github.ecrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The launcher's start-up archive keeps picocli's classes only while no lambda or method reference of ours is
 * typed with one of them. picocli's class files are Java 5's: the JDK cannot archive such a class once it has
 * been linked while the archive is made, and resolving a lambda typed with it links it. One such lambda left
 * the model's own classes (every option's and argument's) out of the archive, to be read from the jar and
 * verified by the old verifier at each start. Anonymous and named classes are made at build time and do not.
 */
class StartupArchiveTest {

    @Test
    void noLambdaOrMethodReferenceOfOursIsTypedWithPicocli() throws IOException, URISyntaxException {
        Path classes = Path.of(
                Cli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                for (String use : picocliInLambdas(Files.readAllBytes(file))) {
                    found.add(classes.relativize(file) + ": " + use);
                }
            }
        }
        assertEquals(List.of(), found, "make these anonymous or named classes instead");
    }

    @Test
    void theCheckFindsALambdaTypedWithPicocli() throws IOException {
        Function<CommandLine.Help.Ansi, Boolean> lambda = a -> a.enabled();
        Function<CommandLine.Help.Ansi, Boolean> reference = CommandLine.Help.Ansi::enabled;
        assertEquals(lambda.apply(CommandLine.Help.Ansi.OFF), reference.apply(CommandLine.Help.Ansi.OFF));
        byte[] own;
        try (InputStream in = StartupArchiveTest.class.getResourceAsStream("StartupArchiveTest.class")) {
            own = in.readAllBytes();
        }
        List<String> uses = picocliInLambdas(own);
        assertFalse(uses.isEmpty());
        assertEquals(
                List.of(),
                uses.stream().filter(u -> !u.contains("picocli/CommandLine")).toList());
    }

    /**
     * The picocli types of the lambdas and method references a class file makes: the descriptors of its
     * invokedynamic call sites (their functional interface), of its method types (their signatures) and the
     * classes of its method handles (a reference's target), read from the constant pool.
     */
    static List<String> picocliInLambdas(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        int[] tags = new int[count];
        int[] first = new int[count];
        int[] second = new int[count];
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 15 -> {
                    first[i] = in.readUnsignedByte();
                    second[i] = in.readUnsignedShort();
                }
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        List<String> uses = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            String use = switch (tags[i]) {
                case 18 -> "call site " + utf8[first[second[i]]] + utf8[second[second[i]]];
                case 16 -> "method type " + utf8[first[i]];
                case 15 -> {
                    int member = second[i];
                    int nameAndType = second[member];
                    yield "method handle " + utf8[first[first[member]]] + "." + utf8[first[nameAndType]]
                            + utf8[second[nameAndType]];
                }
                default -> null;
            };
            if (use != null && use.contains("picocli/")) {
                uses.add(use);
            }
        }
        return uses;
    }
}
