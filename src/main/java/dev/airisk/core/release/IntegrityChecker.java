package dev.airisk.core.release;

import dev.airisk.core.io.Parallel;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Verifies versions from the outside in: every blob re-read and re-hashed from the store (files in
 * parallel), the root digest recomputed, model.sig checked against the registry's trusted keys
 * and against the record, record.sig checked against the exact record.yaml of the version's folder, and
 * a vendor model's vendor.sig checked against the record and the vendor's trust in the policy.
 */
public final class IntegrityChecker {
    private final Supplier<RegistryView> view;
    private final Supplier<ArtifactStore> store;
    private final Attestations attestations;
    private final VendorSignatures vendors;
    private final int parallelism;
    private final Progress progress;

    IntegrityChecker(Supplier<RegistryView> view, Supplier<ArtifactStore> store, Attestations attestations, VendorSignatures vendors,
                     int parallelism, Progress progress) {
        this.vendors = vendors;
        this.progress = progress;
        this.view = view;
        this.store = store;
        this.attestations = attestations;
        this.parallelism = parallelism;
    }

    public VerifyReport verify(ModelRef ref) {
        RegistryView v = view.get();
        VersionRecord record = v.requireRecord(ref);
        Retention.requireNotCollected(v, ref);
        return verify(v, record);
    }

    public List<VerifyReport> verifyAll() {
        RegistryView v = view.get();
        List<VerifyReport> out = new ArrayList<>();
        for (String name : v.modelNames()) {
            for (Version version : v.versions(name)) {
                if (v.collected(new ModelRef(name, version)).isPresent()) {
                    continue;
                }
                out.add(verify(v, v.requireRecord(new ModelRef(name, version))));
            }
        }
        return out;
    }

    private static VerifyReport.FileCheck check(ArtifactStore blobs, FileDigest f, Progress.Task task) {
        ArtifactStore.BlobStatus status = blobs.check(f.sha256(), f.size(), task::advance);
        String object = status == ArtifactStore.BlobStatus.OK ? null : blobs.objectName(f.sha256());
        return new VerifyReport.FileCheck(f.path(), f.size(), f.sha256(), status, object);
    }

    private VerifyReport verify(RegistryView v, VersionRecord record) {
        ArtifactStore blobs = store.get();
        List<FileDigest> files = record.manifest().files();
        List<VerifyReport.FileCheck> checks;
        try (Progress.Task task = progress.start("verifying " + record.ref(), record.manifest().totalSize())) {
            checks = Parallel.map(files, parallelism, f -> {
                return check(blobs, f, task);
            });
        }
        return new VerifyReport(record.ref(), record.rootDigest(), checks, new ModelSignatures(attestations).check(v, record),
                new RecordSignatures(attestations).check(v, record), vendors.check(v, record, f -> blobs.open(f.sha256())));
    }

}
