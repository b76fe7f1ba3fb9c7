package io.github.ecrsweep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Reads policy text from a file or, for {@code -}, from standard input; failures become usage errors. */
final class PolicySources {

    private final Supplier<InputStream> stdin;

    PolicySources(Supplier<InputStream> stdin) {
        this.stdin = stdin;
    }

    String read(String name) {
        try {
            byte[] bytes;
            if ("-".equals(name)) {
                try (InputStream in = stdin.get()) {
                    bytes = in.readAllBytes();
                }
            } else {
                Path path = Path.of(name);
                if (Files.isDirectory(path)) {
                    throw new UserError(ExitCode.USAGE, "cannot read policy file '" + name + "': it is a directory");
                }
                bytes = Files.readAllBytes(path);
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new UserError(ExitCode.USAGE, "cannot read policy file '" + name + "': no such file", e);
        } catch (AccessDeniedException e) {
            throw new UserError(ExitCode.USAGE, "cannot read policy file '" + name + "': permission denied", e);
        } catch (CharacterCodingException e) {
            throw new UserError(ExitCode.USAGE, "cannot read policy file '" + name + "': not UTF-8 text", e);
        } catch (InvalidPathException e) {
            throw new UserError(ExitCode.USAGE, "cannot read policy file '" + name + "': invalid path", e);
        } catch (IOException e) {
            throw new UserError(ExitCode.USAGE, "cannot read policy file '" + name + "': " + e.getMessage(), e);
        }
    }
}
