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

    @Option(names = "--trust-anchor", paramLabel = "<commit>",
            description = "A commit of the registry's main branch this run trusts as it is: main must contain it, and a host that "
                    + "has not verified the registry before verifies from there instead of from the first commit. "
                    + "Default: $AIRISK_TRUST_ANCHOR.")
    String trustAnchor;

    @Option(names = "--offline", description = "For a registry at a URL: never contact it; read the local copy (writes fail).")
    boolean offline;
}
