package dev.airisk.cli;

import picocli.CommandLine.Option;

/** {@code --registry PATH}, else AIRISK_REGISTRY. */
final class RegistryOptions {
    @Option(names = "--registry", paramLabel = "<path>",
            description = "The registry (a bare Git repository). Default: $AIRISK_REGISTRY.")
    String registry;
}
