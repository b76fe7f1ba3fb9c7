package io.github.ecrsweep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into {@code ecrsweep.properties} at build time. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties props = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/ecrsweep.properties")) {
            if (in != null) {
                props.load(in);
            }
        }
        return new String[] {
            "ecrsweep " + props.getProperty("version", "unknown"),
            "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"
        };
    }
}
