package dev.airisk.core.release;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.ArtifactStore.BlobStatus;
import java.util.List;

/**
 * What verify found for one version: each file's status, model.sig's and record.sig's, and the
 * vendor's signature (vendor.sig) of a vendor model (null for other versions).
 */
public record VerifyReport(ModelRef ref, Sha256 rootDigest, List<FileCheck> files, SignatureCheck signature,
                           RecordCheck recordSignature, VendorCheck vendorSignature) {

    public boolean ok() {
        return signature.problem() == null && recordSignature.problem() == null
                && (vendorSignature == null || vendorSignature.problem() == null)
                && files.stream().allMatch(f -> f.status() == BlobStatus.OK);
    }

    public List<FileCheck> failures() {
        return files.stream().filter(f -> f.status() != BlobStatus.OK).toList();
    }

    /**
     * One file: OK, MISSING from the store, or CORRUPT (bytes differ from the record); {@code object}
     * names the blob in the store (a file path or an s3:// URL) when it is not OK, else null.
     */
    public record FileCheck(String path, long size, Sha256 sha256, BlobStatus status, String object) {
    }

    /** The signer's key id (when it could be read) and the problem, or null when the signature holds. */
    public record SignatureCheck(String keyId, String problem) {
    }

    /**
     * record.sig: the key that signed the record (when the signature verified), and the problem with
     * the fix, both null when it holds (signed by the registrant, over this very record.yaml of this version).
     */
    public record RecordCheck(String keyId, String problem, String fix) {
    }

    /**
     * vendor.sig: the vendor the record names, who signed for it ({@code key <id>} or the certificate's
     * identities) when the signature verified, and the problem, null when it holds.
     */
    public record VendorCheck(String vendor, String signer, String problem) {
    }
}
