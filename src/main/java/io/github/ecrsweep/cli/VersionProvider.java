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
     * What {@code --version} prints: the version, and the Java and system it runs on. {@code Main} prints it
     * for a bare {@code --version} without building the command line (a third of such a run's time).
     */
    public static String[] lines() throws IOException {
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
