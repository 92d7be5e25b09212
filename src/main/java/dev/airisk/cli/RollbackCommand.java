package dev.airisk.cli;

import dev.airisk.core.model.ModelName;
import dev.airisk.core.model.Version;
import dev.airisk.core.release.ReleaseResult;
import dev.airisk.core.release.Releases;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk rollback}: the emergency path back to an earlier stable version. */
@Command(name = "rollback", description = "Go back to the previous stable version (with none, to the fallback version; or --to VERSION) in an environment. Needs the releaser or responder role, no approvals; the target is re-verified first and an active canary is aborted.",
        footerHeading = "%nExamples:%n",
        footer = {"  See what would happen, then roll back in an incident runbook:",
                "    airisk rollback churn --env prod --reason INC-4411 --dry-run",
                "    airisk rollback churn --env prod --reason INC-4411 --yes --format json",
                "  Roll back to a named version:",
                "    airisk rollback churn --env prod --to 1.3.0 --reason INC-4411 --yes",
                "  Roll back for an incident recorded with 'airisk incident open':",
                "    airisk rollback churn --env prod --incident INC-20261204-1 --reason \"score drift\" --yes"})
final class RollbackCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model>", description = "The model.")
    String model;
    @Option(names = "--env", required = true, paramLabel = "<env>", description = "The environment.")
    String env;
    @Option(names = "--to", paramLabel = "<version>", description = "The version to go back to; it must have been stable in the environment, or be its fallback version.")
    Version to;
    @Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why, e.g. an incident number (recorded).")
    String reason;
    @Option(names = "--yes", description = "Do not ask for confirmation (needed when stdin is not a terminal).")
    boolean yes;
    @Mixin DryRunOption dryRun;
    @Option(names = "--incident-opened-at", paramLabel = "<time>",
            description = "When the incident was opened (ISO-8601, e.g. 2026-11-26T09:41:00Z): the time to roll back is recorded and compared with the tier's rollback SLA.")
    String incidentOpenedAt;
    @Option(names = "--incident", paramLabel = "<id>",
            description = "The open incident this rollback answers (e.g. INC-20261204-1): the rollback is added to its timeline in the same commit, and the time from its detection is compared with the tier's rollback SLA.")
    String incident;

    RollbackCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ModelName.require(model);
        Instant opened = IncidentCommand.instant("--incident-opened-at", incidentOpenedAt);
        Releases releases = write.services().releases();
        if (!dryRun.on && !yes) {
            ReleaseResult plan = releases.rollback(model, env, to, reason, true, opened, incident);
            if (plan.changed()) {
                ctx.prompts().confirm("Roll back " + model + " in " + env + " from " + plan.from() + " to " + (plan.fallbackUsed() ? "the fallback version " : "") + plan.version() + "?");
            }
        }
        return ReleaseOutput.print(spec, output, releases.rollback(model, env, to, reason, dryRun.on, opened, incident));
    }
}
