package dev.airisk.cli;

import dev.airisk.adapters.tabular.ProfileJson;
import dev.airisk.adapters.tabular.TabularFiles;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.model.ModelName;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Version;
import dev.airisk.core.monitor.Breach;
import dev.airisk.core.monitor.Evaluation;
import dev.airisk.core.monitor.FeatureFigures;
import dev.airisk.core.policy.BreachAction;
import dev.airisk.core.release.EvaluationFigures;
import dev.airisk.core.release.Monitoring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk monitor}: production evidence about a released version, and what a breach does. */
@Command(name = "monitor", description = "Judge a released version by its production predictions (drift, confidence, schema, errors, latency) and record the signed evaluation; a breach notifies, halts or rolls back as the policy says.",
        footerHeading = "%nExamples:%n",
        footer = {"  Evaluate the stable version in prod from cron (exit 3 on a breach):",
                "    airisk monitor evaluate churn --env prod --predictions hour.csv.gz --metrics hour.prom --format json",
                "  See what a breach would do, writing nothing:",
                "    airisk monitor evaluate churn --env staging --predictions day.jsonl --dry-run",
                "  Lift a halt after review:",
                "    airisk monitor override churn@1.4.0 --env staging --reason \"RISK-212: drift explained by campaign\""},
        subcommands = {MonitorCommand.Evaluate.class, MonitorCommand.Lift.class})
final class MonitorCommand {
    @Mixin HelpOption help;

    @Command(name = "evaluate", description = "Evaluate a version's production predictions against its baseline profile and its risk tier's monitoring thresholds, and record the signed evaluation. Exit 0 healthy, 3 breached; with the action rollback a breach of the stable version rolls it back and opens an incident in the same commit.")
    static final class Evaluate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Mixin DryRunOption dryRun;
        @Parameters(paramLabel = "<model>", description = "The model.")
        String model;
        @Option(names = "--env", required = true, paramLabel = "<env>", description = "The environment the predictions come from.")
        String env;
        @Option(names = "--predictions", required = true, paramLabel = "<file>",
                description = "The predictions: CSV with a header or JSON Lines, optionally gzip-compressed, one row per prediction.")
        Path predictions;
        @Option(names = "--metrics", paramLabel = "<file>",
                description = "A Prometheus text-exposition snapshot of the serving process (error rate, latency, throughput).")
        Path metrics;
        @Option(names = "--version", paramLabel = "<version>", description = "The version evaluated; default: the stable version in the environment.")
        Version version;
        @Option(names = "--on-breach", paramLabel = "<action>",
                description = "What a breach does, over the policy's on_breach for the environment: notify, halt or rollback.")
        String onBreach;

        @Override
        public Integer call() {
            ModelName.require(model);
            BreachAction action = onBreach == null ? null : action(onBreach);
            Monitoring.Outcome o = write.services().monitoring(new TabularFiles(), new ProfileJson())
                    .evaluate(new Monitoring.Request(model, env, version, predictions, metrics, action, dryRun.on));
            print(o);
            Evaluation e = o.evaluation();
            if (e.healthy()) {
                return ExitCodes.OK;
            }
            throw new PolicyDenied(o.ref() + " breached its monitoring thresholds in " + env + ": " + EvaluationFigures.summary(e, 3), fix(o));
        }

        private static BreachAction action(String text) {
            try {
                return BreachAction.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("--on-breach '" + text + "' is not one of " + BreachAction.choices(),
                        "give notify, halt or rollback, or leave it out to apply the policy's on_breach");
            }
        }

        /** "the fallback version " before a rollback target that is the environment's fallback. */
        private static String fallback(Monitoring.Outcome o) {
            return o.fallback() ? "the fallback version " : "";
        }

        /** What the breach did, as the error's fix says it. */
        private static String fix(Monitoring.Outcome o) {
            String did = o.dryRun() ? "would " : "";
            if (o.rolledBackTo() != null) {
                return (o.dryRun() ? "a real run would roll back to " : "rolled back to ") + fallback(o) + o.rolledBackTo() + " and "
                        + (o.dryRun() ? "open incident " : "opened incident ") + o.incident() + "; see 'airisk incident show " + o.incident() + "'";
            }
            if (o.incident() != null) {
                return "incident " + o.incident() + " was opened on this evaluation before; see 'airisk incident show " + o.incident() + "'";
            }
            return switch (o.action()) {
                case "halt" -> o.ref() + " " + did + "cannot be promoted out of " + o.env()
                        + " until a healthy evaluation or 'airisk monitor override " + o.ref() + " --env " + o.env() + " --reason TEXT'";
                case "rollback" -> "it was not rolled back: see the warning above";
                default -> "investigate the breaches; the evaluation is recorded at " + o.file();
            };
        }

        private void print(Monitoring.Outcome o) {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            o.warnings().forEach(w -> err.println("airisk: warning: " + w));
            err.flush();
            Evaluation e = o.evaluation();
            if (output.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", o.ref().name());
                m.put("env", o.env());
                m.put("version", o.ref().version());
                m.put("rows", e.rows());
                m.put("healthy", e.healthy());
                m.put("breaches", e.breaches().stream().map(EvaluationFigures::breach).toList());
                m.put("action", o.action());
                m.put("incident", o.incident());
                m.put("evaluation", o.digest() == null ? null : o.digest().hex());
                m.put("file", o.file());
                m.put("recorded", o.recorded());
                m.put("rolled_back_to", o.rolledBackTo());
                m.put("fallback", o.fallback());
                m.put("dry_run", o.dryRun());
                m.put("commit", o.commit());
                m.put("figures", EvaluationFigures.figures(e));
                m.put("warnings", o.warnings());
                Json.print(out, m);
                return;
            }
            out.println(o.ref() + " in " + o.env() + ": " + e.rows() + " rows, " + (e.healthy() ? "healthy"
                    : "breached (" + e.breaches().size() + (e.breaches().size() == 1 ? " breach" : " breaches") + ", action " + o.action() + ")"));
            if (!e.features().isEmpty()) {
                Table f = new Table("FEATURE", "PSI", "NULLS", "SCHEMA");
                for (FeatureFigures x : e.features()) {
                    f.row(x.name(), x.psi() == null ? "-" : EvaluationFigures.shown(x.psi()), EvaluationFigures.shown(x.nullRate() * 100) + "%",
                            x.schemaViolations());
                }
                f.print(out);
            }
            String overall = overall(e);
            if (!overall.isEmpty()) {
                out.println(overall);
            }
            if (!e.healthy()) {
                Table t = new Table("CHECK", "FEATURE", "VALUE", "LIMIT");
                for (Breach b : e.breaches()) {
                    t.row(b.check(), b.feature() == null ? "-" : b.feature(), EvaluationFigures.shown(b.value()), EvaluationFigures.shown(b.limit()));
                }
                t.print(out);
            }
            if (o.rolledBackTo() != null) {
                out.println((o.dryRun() ? "Would roll back " : "Rolled back ") + o.ref().name() + " in " + o.env() + " from " + o.ref().version()
                        + " to " + fallback(o) + o.rolledBackTo() + (o.dryRun() ? " and open incident " : " and opened incident ") + o.incident());
            }
            String digest = o.digest() == null ? "" : " (sha256:" + o.digest().shortHex() + ")";
            out.println(o.dryRun() ? "Would record the evaluation at " + o.file() + digest
                    : (o.recorded() ? "Recorded the evaluation at " : "Already recorded at ") + o.file() + digest
                    + (o.commit() == null ? "" : " [" + o.commit().substring(0, 12) + "]"));
            out.flush();
        }
    }

    /** The figures not made per feature, those measured: "score PSI 0.01; below confidence floor 2.1%; ...". */
    private static String overall(Evaluation e) {
        List<String> parts = new ArrayList<>();
        if (e.scorePsi() != null) {
            parts.add("score PSI " + EvaluationFigures.shown(e.scorePsi()));
        }
        if (e.belowFloor() != null) {
            parts.add("below confidence floor " + EvaluationFigures.shown(e.belowFloor() * 100) + "%");
        }
        if (e.accuracy() != null) {
            parts.add("accuracy " + EvaluationFigures.shown(e.accuracy()));
        }
        if (e.auc() != null) {
            parts.add("AUC " + EvaluationFigures.shown(e.auc()));
        }
        if (e.errorRate() != null) {
            parts.add("error rate " + EvaluationFigures.shown(e.errorRate() * 100) + "%");
        }
        if (e.latencyP99() != null) {
            parts.add("p99 latency " + EvaluationFigures.shown(e.latencyP99()) + " s");
        }
        return String.join("; ", parts);
    }

    @Command(name = "override", description = "Lift the halt of a version in an environment (a breach whose action there is halt), as a recorded, signed decision. Needs the role the version's risk tier names in monitoring.override_role (default risk-officer).")
    static final class Lift implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<model@version>", description = "The halted version.")
        ModelRef ref;
        @Option(names = "--env", required = true, paramLabel = "<env>", description = "The environment it is halted in.")
        String env;
        @Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why the halt is lifted (recorded).")
        String reason;

        @Override
        public Integer call() {
            Monitoring.Overridden o = write.services().monitoring(new TabularFiles(), new ProfileJson()).override(ref, env, reason);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", ref.name());
                m.put("version", ref.version());
                m.put("env", env);
                m.put("role", o.role());
                m.put("reason", o.reason());
                m.put("halt", o.halt());
                m.put("file", o.file());
                m.put("commit", o.commit());
                Json.print(out, m);
            } else {
                out.println("Lifted the halt of " + ref + " in " + env + " as " + o.role() + " [" + o.commit().substring(0, 12) + "]");
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
