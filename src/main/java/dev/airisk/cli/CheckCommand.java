package dev.airisk.cli;

import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.policy.GateReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk check}: every gate for a version entering an environment; changes nothing. */
@Command(name = "check", description = "Run every gate for a version entering an environment and change nothing: exit 0 when allowed, 3 when denied.",
        footerHeading = "%nExamples:%n",
        footer = {"  What would stop 1.4.0 from reaching prod (changes nothing):",
                "    airisk check churn@1.4.0 --to prod",
                "  The same for a script (exit 3 when denied):",
                "    airisk check churn@1.4.0 --to prod --format json"})
final class CheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ReadOptions read;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model@version>", description = "The version to check.")
    ModelRef ref;
    @Option(names = "--to", required = true, paramLabel = "<env>", description = "The environment it would enter.")
    String env;
    @Option(names = "--emergency", description = "Check as an emergency promotion (a change freeze only warns).")
    boolean emergency;

    @Override
    public Integer call() {
        GateReport report = read.services().releases().check(ref, env, emergency);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", ref.name());
            m.put("version", ref.version());
            m.put("env", env);
            m.put("allowed", report.allowed());
            m.put("gates", ReleaseOutput.gatesJson(report));
            Json.print(out, m);
        } else {
            ReleaseOutput.gates(out, report);
            Table.hanging(out, "", ref + (report.allowed() ? " may enter " : " may not enter ") + env + ": " + report.summary());
            out.flush();
        }
        if (!report.allowed()) {
            throw new PolicyDenied(ref + " may not enter " + env + ": " + report.summary(), "fix what the gates report above");
        }
        return ExitCodes.OK;
    }
}
