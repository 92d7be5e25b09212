package dev.airisk.cli;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.release.Deprecations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk undeprecate}: the version stays; pending reminders are cancelled and consumers told. */
@Command(name = "undeprecate", description = "Withdraw a deprecation: pending reminders are cancelled and consumers notified.")
final class UndeprecateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Mixin DryRunOption dryRun;
    @Parameters(paramLabel = "<model@version>", description = "The deprecated version.")
    ModelRef ref;
    @Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why (consumers receive it).")
    String reason;

    @Override
    public Integer call() {
        Deprecations.Result result = DeprecateCommand.deprecations(write.services(), dryRun).undeprecate(ref, reason);
        return DeprecateCommand.print(spec.commandLine().getOut(), output, result, "active", result.dryRun()
                ? "Would undeprecate " + ref + ": would cancel " + result.cancelled() + " pending notice(s), queue " + result.queued()
                : "Undeprecated " + ref + ": cancelled " + result.cancelled() + " pending notice(s), queued " + result.queued());
    }
}
