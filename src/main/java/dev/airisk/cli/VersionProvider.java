package dev.airisk.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code airisk --version}: the version the build wrote into the jar's manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"airisk " + (v == null ? "(development build)" : v),
                "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"};
    }
}
