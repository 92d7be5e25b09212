package dev.airisk.core.release;

import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.scan.Finding;
import java.util.List;

/**
 * The outcome of a register: what was recorded, whether it was already there, and for a vendor model
 * the vendor and who signed it for the vendor (else null).
 */
public record Registration(ModelRef ref, Sha256 rootDigest, List<FileDigest> files, long totalBytes,
                          boolean alreadyRegistered, String registeredBy, String commit,
                          List<Finding> scanFindings, Metadata.Vendor vendor) {
    public Registration {
        scanFindings = scanFindings == null ? List.of() : List.copyOf(scanFindings);
    }

    Registration(ModelRef ref, Sha256 rootDigest, List<FileDigest> files, long totalBytes, boolean alreadyRegistered,
                 String registeredBy, String commit, List<Finding> scanFindings) {
        this(ref, rootDigest, files, totalBytes, alreadyRegistered, registeredBy, commit, scanFindings, null);
    }

    Registration withCommit(String id) {
        return new Registration(ref, rootDigest, files, totalBytes, alreadyRegistered, registeredBy, id, scanFindings, vendor);
    }

    Registration withScan(List<Finding> findings) {
        return new Registration(ref, rootDigest, files, totalBytes, alreadyRegistered, registeredBy, commit, findings, vendor);
    }
}
