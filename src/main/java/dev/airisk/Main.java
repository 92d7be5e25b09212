package dev.airisk;

import dev.airisk.cli.Cli;

/** The entry point: the only place that calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (Boolean.getBoolean("airisk.cds.training")) {
            Cli.train();
            System.exit(0);
        }
        System.exit(Cli.run(args, System.getenv()));
    }
}
