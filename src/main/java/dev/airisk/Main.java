package dev.airisk;

import dev.airisk.cli.ClassDataTraining;
import dev.airisk.cli.Cli;
import java.io.PrintWriter;

/** The entry point: the only place that touches the process's streams and calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (Boolean.getBoolean("airisk.cds.training")) {
            ClassDataTraining.run();
            System.exit(0);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Cli.run(args, System.getenv(), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
