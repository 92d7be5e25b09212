package dev.airisk.core.policy;

import java.util.List;

/** Every file of the manifest is re-read from the store and re-hashed. */
final class IntegrityGate implements Gate {
    static final String ID = "integrity";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "every file is re-read from the store and matches the manifest's size and SHA-256";
    }

    @Override
    public boolean needsStore() {
        return true;
    }

    @Override
    public GateResult evaluate(GateInput in) {
        List<String> problems = Gates.artifact(in, this).integrityProblems();
        if (problems.isEmpty()) {
            return GateResult.pass(ID, GateText.plural(in.record().manifest().files().size(), "file", "files") + " re-hashed");
        }
        String first = GateText.oneLine(problems.get(0));
        return GateResult.fail(ID, problems.size() == 1 ? first
                        : first + " (and " + (problems.size() - 1) + " more of " + problems.size() + " problems)",
                "run 'airisk verify " + in.ref() + "' to list every problem; restore the missing or damaged blobs in the store");
    }
}
