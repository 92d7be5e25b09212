package dev.airisk.core.policy;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.RiskTier;
import java.util.ArrayList;
import java.util.List;

/** The built-in gates and the runner that applies the policy's modes to them. */
public final class Gates {
    private Gates() {
    }

    /** Every built-in gate, in {@link Policy#GATES} order. */
    public static List<Gate> builtIn() {
        return List.of(new TierGate(), new SignatureGate(), new IntegrityGate(), new ScanGate(), new MetadataGate(), new LineageGate(),
                new MetricsGate(), new AttachmentsGate(), new ModelCardGate(), new ChecklistGate(), new RegionsGate(),
                new ProhibitedAttributesGate(), new PinnedDependenciesGate(), new PathGate(), new HaltGate(), new EvaluationGate(), new CanaryGate(), new FreezeGate(),
                new ApprovalsGate());
    }

    /**
     * Runs every built-in gate the policy does not turn off for the version's risk tier
     * ({@link Policy#mode(String, RiskTier)}); a gate in warn mode reports a failure as a warning.
     * Without the store ({@code withStore} false, as the audit re-runs gates from Git alone) the gates
     * that read the artifact's bytes are skipped. A gate that throws an {@link AiriskException}
     * (the artifact's bytes do not verify, say) fails with that exception's message and fix, except
     * {@link AiriskException.Unavailable}, which propagates so the caller can report a retryable outage;
     * any other exception is a bug and propagates too.
     */
    public static GateReport run(GateInput in, boolean withStore) {
        List<GateResult> results = new ArrayList<>();
        for (Gate gate : builtIn()) {
            Policy.GateMode mode = in.policy().mode(gate.id(), riskTier(in));
            if (mode == Policy.GateMode.OFF || (!withStore && gate.needsStore())) {
                continue;
            }
            GateResult r = evaluate(gate, in);
            results.add(mode == Policy.GateMode.WARN ? r.asWarning() : r);
        }
        return new GateReport(results);
    }

    private static GateResult evaluate(Gate gate, GateInput in) {
        try {
            return gate.evaluate(in);
        } catch (AiriskException.Unavailable e) {
            throw e;
        } catch (AiriskException e) {
            return GateResult.fail(gate.id(), GateText.oneLine(e.getMessage()),
                    e.fix() == null ? "fix the cause and run 'airisk check " + in.ref() + " --to " + in.env() + "' again" : e.fix());
        }
    }

    /** The risk tier a decision applies: the version's own, else the model's; null when neither says. */
    public static RiskTier riskTier(GateInput in) {
        RiskTier own = in.record().metadata().riskTier();
        return own != null ? own : in.model() == null ? null : in.model().riskTier();
    }

    /** The policy's requirements for the tier of the decision. */
    static Policy.TierRules tierRules(GateInput in) {
        return in.policy().tier(riskTier(in));
    }

    /** The artifact, for gates that need the store; a caller that runs them without it has a bug. */
    static GateInput.Artifact artifact(GateInput in, Gate gate) {
        if (in.artifact() == null) {
            throw new IllegalStateException("gate '" + gate.id() + "' reads the artifact but the input has none; run it with the store");
        }
        return in.artifact();
    }
}
