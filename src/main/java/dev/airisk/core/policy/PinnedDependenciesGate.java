package dev.airisk.core.policy;

import java.util.List;

/** The Python dependency files shipped with the model pin every dependency to an exact version. */
final class PinnedDependenciesGate implements Gate {
    static final String ID = "pinned-dependencies";
    private static final int SHOWN = 3;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "dependency files in the artifact (requirements, Pipfile, conda environment) pin exact versions";
    }

    @Override
    public boolean needsStore() {
        return true;
    }

    @Override
    public GateResult evaluate(GateInput in) {
        GateInput.Artifact artifact = Gates.artifact(in, this);
        DependencyFiles.Findings found = DependencyFiles.check(in.record().manifest(), artifact::read);
        if (found.files().isEmpty()) {
            return GateResult.pass(ID, "no dependency files in the artifact");
        }
        if (found.unpinned().isEmpty()) {
            return GateResult.pass(ID, "dependencies pinned in " + GateText.firstFew(found.files(), SHOWN));
        }
        List<String> shown = found.unpinned().stream().map(DependencyFiles.Unpinned::show).toList();
        return GateResult.fail(ID, GateText.plural(shown.size(), "unpinned dependency", "unpinned dependencies") + ": "
                        + GateText.firstFew(shown, SHOWN),
                "pin exact versions (name==1.2.3, or name=1.2.3 in conda), or ship a lock file (poetry.lock, uv.lock,"
                        + " Pipfile.lock), and register a new version");
    }
}
