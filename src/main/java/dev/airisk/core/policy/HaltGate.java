package dev.airisk.core.policy;

import java.util.Optional;

/**
 * A version whose monitoring evaluation in the previous environment breached a threshold whose
 * action there is {@code halt} does not leave that environment until a later healthy evaluation or
 * a recorded override ({@code airisk monitor override}).
 */
final class HaltGate implements Gate {
    static final String ID = "halt";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "no monitoring evaluation in the previous environment halted the version (unless a later healthy one or an override lifted it)";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        String prev = in.previousEnvironment();
        if (prev == null) {
            return GateResult.pass(ID, in.env() + " is the first environment");
        }
        Optional<MonitoringRecord> halt = MonitoringRecord.halt(in.monitoring(), prev);
        if (halt.isEmpty()) {
            return GateResult.pass(ID, in.ref() + " is not halted in " + prev);
        }
        MonitoringRecord h = halt.get();
        return GateResult.fail(ID, in.ref() + " is halted in " + prev + " by the evaluation of " + GateText.instant(h.at())
                        + (GateText.blank(h.detail()) ? "" : " (" + GateText.oneLine(h.detail()) + ")"),
                "evaluate it again in " + prev + " with 'airisk monitor evaluate " + in.ref().name() + " --env " + prev
                        + " --version " + in.ref().version() + " --predictions FILE', or record an override with 'airisk monitor override "
                        + in.ref() + " --env " + prev + " --reason TEXT'");
    }
}
