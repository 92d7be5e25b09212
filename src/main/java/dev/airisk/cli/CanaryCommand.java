package dev.airisk.cli;

import dev.airisk.adapters.tabular.TabularFiles;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.model.ModelName;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState.Canary;
import dev.airisk.core.monitor.Comparison;
import dev.airisk.core.policy.CanaryRules;
import dev.airisk.core.release.CanaryAnalyses;
import dev.airisk.core.release.CanaryFigures;
import dev.airisk.core.release.EvaluationFigures;
import dev.airisk.core.release.ReleaseResult;
import dev.airisk.core.release.Releases;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk canary}: a version receiving part of an environment's traffic. At most one per model and environment. */
@Command(name = "canary", description = "Send part of an environment's traffic to a version: start, set-weight, promote, abort.",
        footerHeading = "%nExamples:%n",
        footer = {"  Send 10 percent of prod's traffic to 1.4.0, then make it stable:",
                "    airisk canary start churn@1.4.0 --env prod --weight 10",
                "    airisk canary promote churn --env prod",
                "  Start it as a shadow, compare its logged predictions with the stable version's, then promote:",
                "    airisk canary start churn@1.4.0 --env prod --shadow",
                "    airisk canary analyze churn --env prod --baseline stable.csv.gz --candidate shadow.csv.gz --join request_id",
                "  Abort it instead:",
                "    airisk canary abort churn --env prod --reason \"error rate above SLO\""},
        subcommands = {CanaryCommand.Start.class, CanaryCommand.SetWeight.class, CanaryCommand.Analyze.class, CanaryCommand.Promote.class,
                CanaryCommand.Abort.class})
final class CanaryCommand {
    @Mixin HelpOption help;

    /** What every canary subcommand takes (the key, the registry, the output, --dry-run, --env) and how it ends. */
    static final class Target {
        @Spec(Spec.Target.MIXEE) CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Mixin DryRunOption dryRun;
        @Option(names = "--env", required = true, paramLabel = "<env>", description = "The environment.")
        String env;

        /** The release use-cases over the registry opened with the key, as dry runs with --dry-run. */
        Releases releases() {
            return ReleaseOutput.releases(write.services(), dryRun);
        }

        /** Prints the result as --format says; its exit code. */
        int print(ReleaseResult result) {
            return ReleaseOutput.print(spec, output, result);
        }
    }

    @Command(name = "start", description = "Start a canary after every gate passes (the same gates as promote).")
    static final class Start implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "<model@version>", description = "The version to canary.")
        ModelRef ref;
        @ArgGroup(multiplicity = "1")
        Share share;

        /** How much traffic the canary takes: a share, or none as a shadow. */
        static final class Share {
            @Option(names = "--weight", required = true, paramLabel = "<percent>", description = "Share of traffic, 1 to 99.")
            Integer weight;
            @Option(names = "--shadow", required = true,
                    description = "Weight 0: the version sees mirrored traffic and its answers are not served.")
            boolean shadow;
        }

        @Override
        public Integer call() {
            if (share.weight != null) {
                Canary.requireWeight(share.weight);
            }
            return target.print(target.releases().canaryStart(ref, target.env, share.shadow ? 0 : share.weight));
        }
    }

    @Command(name = "set-weight", description = "Change the share of traffic of the active canary.")
    static final class SetWeight implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(index = "0", paramLabel = "<model>", description = "The model.")
        String model;
        @Parameters(index = "1", arity = "0..1", paramLabel = "<percent>", description = "Share of traffic, 1 to 99 (or give it as --weight).")
        Integer positional;
        @Option(names = "--weight", paramLabel = "<percent>", description = "Share of traffic, 1 to 99.")
        Integer weight;

        @Override
        public Integer call() {
            ModelName.require(model);
            if (positional != null && weight != null) {
                throw new InvalidInput("the weight is given twice, as " + positional + " and --weight " + weight, "give it once, as --weight N");
            }
            if (positional == null && weight == null) {
                throw new InvalidInput("no weight was given", "give the share of traffic as --weight N, 1 to 99");
            }
            int percent = weight != null ? weight : positional;
            return target.print(target.releases().canarySetWeight(model, target.env, percent));
        }
    }

    @Command(name = "analyze", description = "Compare the active canary's prediction log with the baseline's (KS, PSI, agreement, "
            + "score differences, accuracy, per segment), judge it by the risk tier's canary limits and record the signed analysis "
            + "'canary promote' reads. Exit 0 passed, 3 a limit broken.")
    static final class Analyze implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Mixin DryRunOption dryRun;
        @Parameters(paramLabel = "<model>", description = "The model whose active canary is analysed.")
        String model;
        @Option(names = "--env", required = true, paramLabel = "<env>", description = "The environment.")
        String env;
        @Option(names = "--baseline", required = true, paramLabel = "<file>",
                description = "The baseline's predictions: CSV with a header or JSON Lines, optionally gzip, with a 'score' column.")
        Path baseline;
        @Option(names = "--candidate", required = true, paramLabel = "<file>", description = "The canary's predictions over the same period.")
        Path candidate;
        @Option(names = "--join", paramLabel = "<column>", description = "The request-id column joining the logs; default: rows pair in file order.")
        String join;
        @Option(names = "--segment", paramLabel = "<column>", description = "Also give every figure per value of this column (at most 20).")
        String segment;
        @Option(names = "--threshold", paramLabel = "<score>", description = "The score at or above which the predicted class is positive (default 0.5).")
        Double threshold;
        @Option(names = "--abort-on-fail", description = "Abort the canary in the same commit when a limit is broken.")
        boolean abortOnFail;

        @Override
        public Integer call() {
            ModelName.require(model);
            CanaryAnalyses.Outcome o = write.services().canaryAnalyses(new TabularFiles()).analyze(new CanaryAnalyses.Request(model, env,
                    baseline, candidate, join, segment, threshold, abortOnFail, dryRun.on));
            print(o);
            if (o.passed()) {
                return ExitCodes.OK;
            }
            throw new PolicyDenied("canary " + o.ref() + " in " + env + " breaks its canary limits: " + String.join(", ", o.breaches()),
                    o.aborted() ? (o.dryRun() ? "a real run would abort the canary" : "the canary was aborted; " + o.ref().name()
                            + "'s stable version keeps all traffic") : "abort it with 'airisk canary abort " + model + " --env " + env
                            + " --reason TEXT', or let it run longer and analyse again");
        }

        private void print(CanaryAnalyses.Outcome o) {
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", o.ref().name());
                m.put("env", o.env());
                m.put("version", o.ref().version());
                m.put("canary_since", o.canarySince());
                m.put("verdict", o.passed() ? "passed" : "failed");
                m.put("breaches", o.breaches());
                m.put("limits", o.limits());
                m.put("figures", CanaryFigures.map(o.comparison()));
                m.put("aborted", o.aborted());
                m.put("analysis", o.digest().hex());
                m.put("file", o.file());
                m.put("dry_run", o.dryRun());
                m.put("commit", o.commit());
                Json.print(out, m);
                return;
            }
            Comparison c = o.comparison();
            out.println("Canary " + o.ref() + " in " + o.env() + ": " + (o.passed() ? "passed" : "failed (" + o.breaches().size()
                    + (o.breaches().size() == 1 ? " limit broken)" : " limits broken)")));
            List<Comparison.Figures> groups = Stream.concat(Stream.of(c.all()), c.segments().stream()).toList();
            Table t = new Table("SEGMENT", "ROWS B", "ROWS C", "PAIRS", "KS", "KS P", "PSI", "AGREE", "DIFF", "DIFF99");
            for (Comparison.Figures f : groups) {
                t.row(f.name(), f.baselineRows(), f.candidateRows(), f.joined(), shown(f.ks()), shown(f.ksPValue()), shown(f.psi()),
                        shown(f.agreement()), shown(f.meanScoreDiff()), shown(f.p99ScoreDiff()));
            }
            t.print(out);
            boolean labelled = !Double.isNaN(c.all().baselineAccuracy()) || !Double.isNaN(c.all().candidateAccuracy());
            if (labelled) {
                // the label metrics in a table of their own: one table of all the figures would not fit 100 columns
                Table labels = new Table("SEGMENT", "ACC B", "ACC C", "AUC B", "AUC C");
                for (Comparison.Figures f : groups) {
                    labels.row(f.name(), shown(f.baselineAccuracy()), shown(f.candidateAccuracy()), shown(f.baselineAuc()),
                            shown(f.candidateAuc()));
                }
                labels.print(out);
            }
            o.breaches().forEach(b -> out.println("broken: " + b));
            out.println("DIFF, DIFF99: mean and 99th percentile of |score difference| over the pairs");
            if (labelled) {
                out.println("ACC, AUC: accuracy and ROC AUC on labelled rows (B baseline, C candidate)");
            }
            if (!c.all().exact()) {
                out.println("figures from bounded histograms (see docs/canary.md); the KS statistic may be up to "
                        + CanaryRules.Limits.number(c.all().ksErrorBound()) + " higher");
            }
            String at = " (sha256:" + o.digest().shortHex() + ")";
            out.println((o.dryRun() ? "Would record the analysis at " : "Recorded the analysis at ") + o.file() + at
                    + (o.aborted() ? (o.dryRun() ? "; would abort the canary" : "; aborted the canary") : "")
                    + (o.commit() == null ? "" : " [" + o.commit().substring(0, 12) + "]"));
            out.flush();
        }

        /** A figure in the table: four significant digits, "-" when not measured. */
        private static String shown(double v) {
            return Double.isNaN(v) ? "-" : EvaluationFigures.shown(v);
        }
    }

    @Command(name = "promote", description = "Make the active canary the stable version, after every gate passes again.")
    static final class Promote implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "<model>", description = "The model.")
        String model;
        @Option(names = "--emergency", description = "Promote during a change freeze (needs --reason; recorded).")
        boolean emergency;
        @Option(names = "--reason", paramLabel = "<text>", description = "Why (required with --emergency).")
        String reason;

        @Override
        public Integer call() {
            ModelName.require(model);
            return target.print(target.releases().canaryPromote(model, target.env, emergency, reason));
        }
    }

    @Command(name = "abort", description = "Stop the active canary; the stable version keeps all traffic.")
    static final class Abort implements Callable<Integer> {
        @Mixin Target target;
        @Parameters(paramLabel = "<model>", description = "The model.")
        String model;
        @Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why (recorded in the history).")
        String reason;

        @Override
        public Integer call() {
            ModelName.require(model);
            return target.print(target.releases().canaryAbort(model, target.env, reason));
        }
    }
}
