package dev.airisk.cli;

import java.util.Map;

/** Builds the command line and runs it. */
public final class Cli {
    private Cli() {
    }

    public static int run(String[] args, Map<String, String> env) {
        return new picocli.CommandLine(new picocli.CommandLine.HelpCommand()).execute(args);
    }
}
