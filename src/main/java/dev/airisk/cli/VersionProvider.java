package dev.airisk.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code airisk --version}: the version the build wrote into the jar's manifest, and the Java runtime. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return lines();
    }

    static String[] lines() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"airisk " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
