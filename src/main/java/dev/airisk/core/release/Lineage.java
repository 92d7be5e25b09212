package dev.airisk.core.release;

import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where a version came from (datasets, code, base models, recursively), and who used a dataset. */
public final class Lineage {
    private final RegistryView view;

    Lineage(RegistryView view) {
        this.view = view;
    }

    /** The lineage tree of a version; base models are followed through the registry. */
    public Node of(ModelRef ref) {
        return node(view.requireRecord(ref), new HashSet<>());
    }

    private Node node(VersionRecord r, Set<ModelRef> path) {
        path.add(r.ref());
        List<Node> bases = new ArrayList<>();
        for (ModelRef base : r.metadata().baseModels()) {
            Optional<VersionRecord> br = path.contains(base) ? Optional.empty() : view.record(base);
            bases.add(br.map(b -> node(b, path)).orElseGet(() -> new Node(base, null, false, path.contains(base),
                    List.of(), null, List.of())));
        }
        path.remove(r.ref());
        return new Node(r.ref(), r.rootDigest(), true, false, r.metadata().datasets(), r.metadata().codeCommit(), bases);
    }

    /** Every registered version trained on a dataset {@code name@version}, with the digest it recorded. */
    public List<DatasetUse> usersOf(String datasetKey) {
        List<DatasetUse> out = new ArrayList<>();
        for (VersionRecord r : view.allRecords()) {
            for (DatasetRef d : r.metadata().datasets()) {
                if (d.key().equals(datasetKey)) {
                    out.add(new DatasetUse(r.ref(), d.sha256()));
                }
            }
        }
        return out;
    }

    /**
     * One version in a lineage tree. {@code registered} is false for a base model the registry does
     * not hold; {@code cycle} marks a base that is already on the path (a loop in hand-written metadata).
     */
    public record Node(ModelRef ref, Sha256 rootDigest, boolean registered, boolean cycle, List<DatasetRef> datasets,
                       String codeCommit, List<Node> baseModels) {
    }

    /** A version that used a dataset, and the dataset digest it recorded. */
    public record DatasetUse(ModelRef ref, Sha256 datasetSha256) {
    }
}
