package dev.airisk.cli;

import dev.airisk.core.model.ModelName;
import dev.airisk.core.model.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code airisk fallback}: the version an environment goes back to when a rollback finds no earlier
 * stable version. At most one per model and environment.
 */
@Command(name = "fallback", description = "Set or clear the version a rollback goes to when there is no earlier stable version (e.g. a rule-based model).",
        footerHeading = "%nExamples:%n",
        footer = {"  Serve the rule-based 0.9.0 in prod if 1.0.0 must be rolled back:",
                "    airisk fallback set churn --env prod 0.9.0",
                "  Remove it again:",
                "    airisk fallback clear churn --env prod"},
        subcommands = {FallbackCommand.SetVersion.class, FallbackCommand.Clear.class})
final class FallbackCommand {
    @Mixin HelpOption help;

    @Command(name = "set", description = "Make a registered version the fallback; it is verified first (record signature, model.sig, every blob re-hashed). Needs the releaser role.")
    static final class SetVersion implements Callable<Integer> {
        @Mixin CanaryCommand.Target target;
        @Parameters(index = "0", paramLabel = "<model>", description = "The model.")
        String model;
        @Parameters(index = "1", paramLabel = "<version>", description = "The registered version to fall back to; not the stable one.")
        Version version;

        @Override
        public Integer call() {
            ModelName.require(model);
            return target.print(target.releases().fallbackSet(model, target.env, version));
        }
    }

    @Command(name = "clear", description = "Remove the fallback version; a rollback then needs an earlier stable version. Needs the releaser role.")
    static final class Clear implements Callable<Integer> {
        @Mixin CanaryCommand.Target target;
        @Parameters(paramLabel = "<model>", description = "The model.")
        String model;

        @Override
        public Integer call() {
            ModelName.require(model);
            return target.print(target.releases().fallbackClear(model, target.env));
        }
    }
}
