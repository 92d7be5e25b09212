package dev.airisk.core.policy;

/**
 * A vendor model ({@code source: vendor}, registered with the supplier's verified signature) has its
 * model card attached (attachment kind {@code model-card}) before it enters any environment.
 */
final class ModelCardGate implements Gate {
    static final String ID = "model-card";
    /** The attachment kind of a model card. */
    static final String KIND = "model-card";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a vendor model (source: vendor) has its model card attached (kind " + KIND + ")";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        if (!in.record().metadata().fromVendor()) {
            return GateResult.pass(ID, "not a vendor model");
        }
        if (in.attachments().stream().anyMatch(a -> KIND.equals(a.kind()))) {
            return GateResult.pass(ID, "model card attached");
        }
        String vendor = in.record().metadata().vendor() == null ? "" : " of vendor '" + GateText.oneLine(in.record().metadata().vendor().name()) + "'";
        return GateResult.fail(ID, "vendor model" + vendor + " has no model card attached",
                "attach it with 'airisk attach " + in.ref() + " --kind " + KIND + " FILE'");
    }
}
