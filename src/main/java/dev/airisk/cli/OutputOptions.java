package dev.airisk.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}, shared by every command. */
final class OutputOptions {
    enum Format { text, json }

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). JSON on stdout is a stable contract.")
    Format format = Format.text;

    boolean json() {
        return format == Format.json;
    }
}
