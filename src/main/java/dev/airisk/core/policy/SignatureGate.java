package dev.airisk.core.policy;

/**
 * model.sig verifies under a trusted key and matches the record. The record itself (record.sig) is
 * checked before any gate runs, since it decides which gates apply: a record that does not verify
 * stops check, promote and canary with an integrity failure (exit 4), whatever this gate's setting.
 */
final class SignatureGate implements Gate {
    static final String ID = "signature";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "model.sig verifies under a trusted key and matches the record";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        if (in.signatureProblem() == null) {
            return GateResult.pass(ID, "model.sig verifies under a trusted key");
        }
        return GateResult.fail(ID, GateText.oneLine(in.signatureProblem()),
                "run 'airisk verify " + in.ref() + "' for details; a version whose signature does not verify cannot be promoted");
    }
}
