package dev.airisk.core.policy;

import dev.airisk.core.model.ReleaseState;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The active canary of the version in the environment leaves it for stable only on its latest
 * analysis ({@code airisk canary analyze}) made since it started, judged by the canary limits of its
 * risk tier in that environment as the policy says now. Applies only when the version is the canary
 * there and its tier sets canary limits.
 */
final class CanaryGate implements Gate {
    static final String ID = "canary";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the canary being promoted has an analysis since it started within its risk tier's canary limits";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        ReleaseState.Canary canary = in.state() == null ? null : in.state().env(in.env()).canary();
        if (canary == null || !canary.version().equals(in.ref().version())) {
            return GateResult.pass(ID, in.ref() + " is not the canary in " + in.env());
        }
        CanaryRules rules = in.policy().tier(Gates.riskTier(in)).canary();
        if (!rules.requiresAnything()) {
            return GateResult.pass(ID, "the " + GateText.tier(Gates.riskTier(in)) + " tier sets no canary limits");
        }
        String analyze = "run 'airisk canary analyze " + in.ref().name() + " --env " + in.env() + " --baseline FILE --candidate FILE'";
        Optional<CanaryEvidence> latest = in.canaryAnalyses().stream().filter(a -> a.env().equals(in.env()) && !a.at().isAfter(in.now()))
                .max(Comparator.comparing(CanaryEvidence::at));
        if (latest.isEmpty() || !latest.get().canarySince().equals(canary.since())) {
            return GateResult.fail(ID, "no analysis of canary " + in.ref() + " in " + in.env() + " since it started at "
                    + GateText.instant(canary.since()) + latest.map(a -> " (the latest, at " + GateText.instant(a.at())
                    + ", is of an earlier canary)").orElse(""), analyze);
        }
        CanaryEvidence a = latest.get();
        List<String> breaches = rules.in(in.env()).breaches(a.comparison(), Duration.between(a.canarySince(), a.at()));
        if (!breaches.isEmpty()) {
            return GateResult.fail(ID, "the analysis of " + GateText.instant(a.at()) + " breaks the canary limits: "
                    + GateText.oneLine(String.join(", ", breaches)), "let the canary run longer and " + analyze
                    + ", or abort it with 'airisk canary abort " + in.ref().name() + " --env " + in.env() + " --reason TEXT'");
        }
        return GateResult.pass(ID, "the analysis of " + GateText.instant(a.at()) + " is within the canary limits");
    }
}
