package dev.airisk.cli;

import picocli.CommandLine.Option;

/** {@code --registry PATH|URL}, else AIRISK_REGISTRY; {@code --refresh} and {@code --offline} for a registry at a URL. */
final class RegistryOptions {
    @Option(names = "--registry", paramLabel = "<path|url>",
            description = "The registry: a bare Git repository's path, or a Git URL (file://, git://, http(s)://, ssh://) "
                    + "worked on through a local copy under $AIRISK_HOME. Default: $AIRISK_REGISTRY.")
    String registry;

    @Option(names = "--refresh", description = "For a registry at a URL: fetch before reading, however recent the local copy.")
    boolean refresh;

    @Option(names = "--offline", description = "For a registry at a URL: never contact it; read the local copy (writes fail).")
    boolean offline;
}
