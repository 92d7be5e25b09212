package dev.airisk.cli;

import picocli.CommandLine.Option;

/** {@code --dry-run} of a signing command: every check of the real run, the key unlocked, nothing written. */
final class DryRunOption {
    @Option(names = "--dry-run",
            description = "Make every check the real run makes (the key's passphrase and role included) and say what would change; change nothing.")
    boolean on;
}
