package dev.airisk.cli;

import dev.airisk.core.model.ModelName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk history}: one model's operations, newest first, with rollback SLAs met or missed. */
@Command(name = "history", description = "Show one model's history, newest first: registrations, approvals, promotions, canaries and rollbacks (with rollback SLA met or missed).")
final class HistoryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ReadOptions read;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model>", description = "The model.")
    String model;
    @Option(names = "--env", paramLabel = "<env>", description = "Only operations in this environment.")
    String env;

    @Override
    public Integer call() {
        ModelName.require(model);
        var services = read.services();
        if (env != null) {
            services.view().requireEnvironment(env);
        }
        LogCommand.print(spec.commandLine().getOut(), output, services.log().history(model, env));
        return ExitCodes.OK;
    }
}
