package dev.airisk.core.release;

import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.scan.Finding;
import java.util.List;

/** The outcome of a register: what was recorded, and whether it was already there. */
public record Registration(ModelRef ref, Sha256 rootDigest, List<FileDigest> files, long totalBytes,
                          boolean alreadyRegistered, String registeredBy, String commit,
                          List<Finding> scanFindings) {
    public Registration {
        scanFindings = scanFindings == null ? List.of() : List.copyOf(scanFindings);
    }

    Registration withCommit(String id) {
        return new Registration(ref, rootDigest, files, totalBytes, alreadyRegistered, registeredBy, id, scanFindings);
    }

    Registration withScan(List<Finding> findings) {
        return new Registration(ref, rootDigest, files, totalBytes, alreadyRegistered, registeredBy, commit, findings);
    }
}
