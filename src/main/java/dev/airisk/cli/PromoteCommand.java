package dev.airisk.cli;

import dev.airisk.core.model.ModelRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk promote}: gates, then the version becomes stable in the environment. */
@Command(name = "promote", description = "Make a version stable in an environment, after every gate passes (exit 3 when denied).",
        footerHeading = "%nExamples:%n",
        footer = {"  Promote to staging, then to prod:",
                "    airisk promote churn@1.4.0 --to staging",
                "    airisk promote churn@1.4.0 --to prod",
                "  Promote during a change freeze (recorded):",
                "    airisk promote churn@1.4.1 --to prod --emergency --reason \"INC-4411 hotfix\""})
final class PromoteCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Mixin DryRunOption dryRun;
    @Parameters(paramLabel = "<model@version>", description = "The version to promote.")
    ModelRef ref;
    @Option(names = "--to", required = true, paramLabel = "<env>", description = "The environment.")
    String env;
    @Option(names = "--emergency", description = "Promote during a change freeze (needs --reason; recorded).")
    boolean emergency;
    @Option(names = "--reason", paramLabel = "<text>", description = "Why (required with --emergency; recorded in the history).")
    String reason;

    @Override
    public Integer call() {
        var result = ReleaseOutput.releases(write.services(), dryRun).promote(ref, env, emergency, reason);
        return ReleaseOutput.print(spec, output, result);
    }
}
