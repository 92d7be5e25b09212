package dev.airisk.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every command (not inherited from the root, whose {@code -V} would clash with register's {@code --version}). */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
