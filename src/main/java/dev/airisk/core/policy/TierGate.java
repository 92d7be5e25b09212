package dev.airisk.core.policy;

import dev.airisk.core.model.RiskTier;

/** Unacceptable-risk systems never enter any environment; a version without a tier cannot be judged. */
final class TierGate implements Gate {
    static final String ID = "tier";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the risk tier is known and not unacceptable (prohibited under the EU AI Act)";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        RiskTier tier = Gates.riskTier(in);
        if (tier == null) {
            return GateResult.fail(ID, "no risk tier recorded for " + in.ref() + "; the policy's requirements cannot be applied",
                    "set risk_tier in META.yaml and register a new version");
        }
        if (tier == RiskTier.UNACCEPTABLE) {
            return GateResult.fail(ID, "unacceptable risk: prohibited under the EU AI Act, never promotable",
                    "do not deploy this system; if the tier is wrong, register a new version with the right risk_tier");
        }
        return GateResult.pass(ID, "risk tier " + tier.id());
    }
}
