package dev.airisk.cli;

import dev.airisk.core.policy.Approval;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code airisk reject}: a signed rejection; it blocks until a later approval by the same role. */
@Command(name = "reject", description = "Sign a rejection of a version for an environment in a role; it blocks promotion until a later approval in that role.")
final class RejectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ApproveCommand.Decision decision;

    @Override
    public Integer call() {
        return decision.sign(spec, Approval.Decision.REJECTED);
    }
}
