package dev.airisk.core.policy;

import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;

/**
 * An environment with {@code requires_evaluation: D} is entered only by a version with a healthy
 * monitoring evaluation in the previous environment signed no longer than D before the decision.
 */
final class EvaluationGate implements Gate {
    static final String ID = "evaluation";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a recent healthy monitoring evaluation in the previous environment, where the environment requires one";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        Duration within = in.policy().environment(in.env()).requiresEvaluation();
        if (within == null) {
            return GateResult.pass(ID, "no evaluation required to enter " + in.env());
        }
        String prev = in.previousEnvironment();
        if (prev == null) {
            return GateResult.pass(ID, in.env() + " is the first environment");
        }
        Optional<MonitoringRecord> latest = in.monitoring().stream()
                .filter(r -> r.kind() == MonitoringRecord.Kind.EVALUATION && r.env().equals(prev) && !r.at().isAfter(in.now()))
                .max(Comparator.comparing(MonitoringRecord::at));
        Optional<MonitoringRecord> healthy = in.monitoring().stream()
                .filter(r -> r.kind() == MonitoringRecord.Kind.EVALUATION && r.env().equals(prev) && r.healthy())
                .filter(r -> !r.at().isAfter(in.now()) && !r.at().isBefore(in.now().minus(within)))
                .max(Comparator.comparing(MonitoringRecord::at));
        if (healthy.isPresent()) {
            return GateResult.pass(ID, "healthy evaluation in " + prev + " at " + GateText.instant(healthy.get().at())
                    + " (required within " + GateText.duration(within) + ")");
        }
        String seen = latest.map(r -> "; the latest, at " + GateText.instant(r.at()) + ", " + (r.healthy() ? "is older"
                : "breached" + (GateText.blank(r.detail()) ? "" : " (" + GateText.oneLine(r.detail()) + ")"))).orElse("");
        return GateResult.fail(ID, "no healthy evaluation of " + in.ref() + " in " + prev + " in the last " + GateText.duration(within) + seen,
                "evaluate it with 'airisk monitor evaluate " + in.ref().name() + " --env " + prev + " --version " + in.ref().version()
                        + " --predictions FILE'");
    }
}
