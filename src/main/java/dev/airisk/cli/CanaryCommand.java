package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.ModelName;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState.Canary;
import dev.airisk.core.release.ReleaseResult;
import dev.airisk.core.release.Releases;
import java.util.concurrent.Callable;
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
                "  Abort it instead:",
                "    airisk canary abort churn --env prod --reason \"error rate above SLO\""},
        subcommands = {CanaryCommand.Start.class, CanaryCommand.SetWeight.class, CanaryCommand.Promote.class, CanaryCommand.Abort.class})
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
