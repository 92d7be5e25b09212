package dev.airisk;

import dev.airisk.adapters.agent.AgentProcess;
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
        if (Boolean.getBoolean(AgentProcess.SERVE_PROPERTY)) {
            System.exit(AgentProcess.serve(System.in, System.out));
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Cli.run(args, System.getenv(), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
