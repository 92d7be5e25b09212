package dev.airisk.cli;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.policy.Approval;
import dev.airisk.core.release.Approvals;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk approve}: a signed approval bound to the version's root digest, an environment and a role. */
@Command(name = "approve", description = "Sign an approval of a version for an environment in a role (a DSSE statement bound to its root digest).",
        footerHeading = "%nExamples:%n",
        footer = {"  Approve 1.4.0 for prod as the risk committee:",
                "    airisk approve churn@1.4.0 --for prod --role risk-committee",
                "  An approval that stops counting after 30 days:",
                "    airisk approve churn@1.4.0 --for prod --role peer-review --expires 30d --comment \"CAB-212\""})
final class ApproveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Decision decision;

    @Override
    public Integer call() {
        return decision.sign(spec, Approval.Decision.APPROVED);
    }

    /** The options approve and reject share, and what they do. */
    static final class Decision {
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Mixin DryRunOption dryRun;
        @Parameters(paramLabel = "<model@version>", description = "The version.")
        ModelRef ref;
        @Option(names = "--for", required = true, paramLabel = "<env>", description = "The environment it is for.")
        String env;
        @Option(names = "--role", required = true, paramLabel = "<role>", description = "The role you act in (it must be yours in trust/roles.yaml).")
        String role;
        @Option(names = "--comment", paramLabel = "<text>", description = "A comment kept in the signed statement.")
        String comment;
        @Option(names = "--expires", paramLabel = "<duration>", description = "Stop counting after this long, e.g. 30d or 72h (default: never).")
        Duration expires;

        int sign(CommandSpec spec, Approval.Decision d) {
            Approvals approvals = write.services().approvals();
            Approvals.Signed s = (dryRun.on ? approvals.dryRun() : approvals).decide(ref, env, role, d, comment, expires);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", s.ref().name());
                m.put("version", s.ref().version());
                m.put("env", s.env());
                m.put("role", s.role());
                m.put("decision", s.decision().id());
                m.put("key_id", s.keyId());
                m.put("signed_at", s.at());
                m.put("expires_at", s.expires());
                m.put("file", s.file());
                m.put("commit", s.commit());
                m.put("changed", s.changed());
                m.put("dry_run", s.dryRun());
                Json.print(out, m);
            } else {
                String until = s.expires() == null ? "" : " (until " + s.expires() + ")";
                String what = s.ref() + " for " + s.env() + " as " + s.role() + until;
                if (!s.changed()) {
                    out.println("Nothing to do: key '" + write.keyName() + "' already approved " + s.ref() + " for " + s.env() + " as "
                            + s.role() + " at " + s.at() + until + ", and that approval still counts");
                } else if (s.dryRun()) {
                    out.println((d == Approval.Decision.APPROVED ? "Would approve " : "Would reject ") + what);
                } else {
                    out.println((d == Approval.Decision.APPROVED ? "Approved " : "Rejected ") + what + " [" + s.commit().substring(0, 12) + "]");
                }
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
