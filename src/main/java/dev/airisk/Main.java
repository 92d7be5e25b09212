package dev.airisk;

/** The entry point: the only place that calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(dev.airisk.cli.Cli.run(args, System.getenv()));
    }
}
