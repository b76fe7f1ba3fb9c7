package io.github.ecrsweep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into {@code ecrsweep.properties} at build time. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        return lines();
    }

    /**
     * Prints what {@code --version} prints when it is the whole command line, without building the command line
     * (a third of such a run's time): a version check in a script costs the JVM's start only. False for any other
     * command line, or when the version cannot be read (the command line then says what is wrong).
     */
    public static boolean answeredBare(String[] args, java.io.PrintStream out) {
        if (args.length != 1 || !(args[0].equals("--version") || args[0].equals("-V"))) {
            return false;
        }
        try {
            for (String line : lines()) {
                out.println(line);
            }
        } catch (IOException e) {
            return false;
        }
        out.flush();
        return true;
    }

    /** What {@code --version} prints: the version, and the Java and system it runs on. */
    static String[] lines() throws IOException {
        Properties props = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/ecrsweep.properties")) {
            if (in != null) {
                props.load(in);
            }
        }
        return new String[] {
            "ecrsweep " + props.getProperty("version", "unknown"),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }
}
