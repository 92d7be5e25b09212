package dev.airisk.cli;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.release.Audit;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code airisk audit verify}: the whole history checked from the first commit. */
@Command(name = "audit", description = "Check the registry's history.", subcommands = AuditCommand.Verify.class)
final class AuditCommand {
    @Mixin HelpOption help;

    @Command(name = "verify", description = "Walk the whole history from the first commit: every commit signed by a key holding the needed role at that moment, only what its operation may change, every promotion through passed gates (or an emergency or rollback), every state change replayable, no version record changed after registration, time never going backwards; and main still containing the commit this host verified before (its trust anchor). Exit 4 at the first offending commit.")
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ReadOptions read;
        @Mixin OutputOptions output;
        @Option(names = "--reset-anchor", description = "Accept the history now on main as this host's trust anchor, even when it "
                + "does not contain the anchor recorded before (a history deliberately rewound or rewritten), once it passes the "
                + "whole audit from the first commit.")
        boolean resetAnchor;

        @Override
        public Integer call() {
            Audit.Report report = read.servicesCheckingAfresh().audit().verify(resetAnchor);
            PrintWriter out = spec.commandLine().getOut();
            Audit.Offence o = report.offence();
            if (output.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", report.clean());
                m.put("commits_checked", report.commits());
                if (o != null) {
                    Map<String, Object> off = new LinkedHashMap<>();
                    off.put("commit", o.commit());
                    off.put("time", o.time());
                    off.put("subject", o.subject());
                    off.put("problem", o.problem());
                    m.put("offence", off);
                }
                Json.print(out, m);
            } else {
                out.println(report.clean() ? "audit OK: " + report.commits() + " commits checked"
                        : "audit FAILED at commit " + report.commits() + " of the history: " + o.commit());
                out.flush();
            }
            if (o != null) {
                throw new IntegrityFailure("commit " + o.commit().substring(0, Math.min(12, o.commit().length())) + " ('" + o.subject()
                        + "') " + o.problem(), "the registry was changed outside airisk; restore it from a trusted copy and investigate");
            }
            return ExitCodes.OK;
        }
    }
}
