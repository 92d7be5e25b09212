package dev.airisk.cli;

import picocli.CommandLine.Option;

/** {@code --key NAME}, else AIRISK_KEY, else the default key. */
final class KeyOptions {
    @Option(names = "--key", paramLabel = "<name>",
            description = "The acting key. Default: $AIRISK_KEY, else the key marked default, else the only key.")
    String key;
}
