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

    /**
     * The registry a command line names, read from the words as they are (before picocli parses them):
     * the value of the last {@code --registry}, else {@code fallback}. A guess to start work ahead on,
     * never what a command acts on: a value that merely looks like the option (the text of a comment)
     * only makes that work go unused.
     */
    static String guess(String[] args, String fallback) {
        String found = fallback;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--registry") && i + 1 < args.length) {
                found = args[++i];
            } else if (a.startsWith("--registry=")) {
                found = a.substring("--registry=".length());
            }
        }
        return found;
    }
}
