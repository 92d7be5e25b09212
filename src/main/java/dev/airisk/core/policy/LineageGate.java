package dev.airisk.core.policy;

import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelRef;
import java.util.ArrayList;
import java.util.List;

/** The version names its datasets with digests, its code commit, and only registered base models. */
final class LineageGate implements Gate {
    static final String ID = "lineage";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "datasets with digests, the code commit and registered base models are recorded";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        Metadata m = in.record().metadata();
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (m.datasets().isEmpty()) {
            problems.add("no datasets");
        } else {
            List<String> undigested = m.datasets().stream().filter(d -> d.sha256() == null).map(DatasetRef::key).toList();
            if (!undigested.isEmpty()) {
                problems.add("no sha256 for dataset " + String.join(", ", undigested));
            }
        }
        if (m.datasets().isEmpty() || m.datasets().stream().anyMatch(d -> d.sha256() == null)) {
            fixes.add("--dataset NAME@VERSION=sha256:HEX");
        }
        if (GateText.blank(m.codeCommit())) {
            problems.add("no code commit");
            fixes.add("--code-commit SHA");
        }
        List<String> unregistered = m.baseModels().stream().filter(b -> !in.registered().test(b)).map(ModelRef::toString).toList();
        if (!unregistered.isEmpty()) {
            problems.add("base model " + String.join(", ", unregistered) + (unregistered.size() == 1 ? " is" : " are") + " not registered");
        }
        if (problems.isEmpty()) {
            return GateResult.pass(ID, GateText.plural(m.datasets().size(), "dataset", "datasets") + " with digests, code commit "
                    + GateText.oneLine(m.codeCommit()) + ", " + (m.baseModels().isEmpty() ? "no base models"
                    : GateText.plural(m.baseModels().size(), "registered base model", "registered base models")));
        }
        List<String> fix = new ArrayList<>();
        if (!unregistered.isEmpty()) {
            fix.add("register " + String.join(", ", unregistered) + " first");
        }
        if (!fixes.isEmpty()) {
            fix.add("register a new version with " + String.join(" ", fixes));
        }
        return GateResult.fail(ID, "lineage incomplete: " + String.join("; ", problems), String.join("; ", fix));
    }
}
