package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Attestations.SignedModel;
import java.util.Map;
import java.util.TreeMap;

/** Checks a version's model.sig against the registry's trusted keys and against its record. */
final class ModelSignatures {
    private final Attestations attestations;

    ModelSignatures(Attestations attestations) {
        this.attestations = attestations;
    }

    /** The outcome; its problem is null when the signature holds. */
    VerifyReport.SignatureCheck check(RegistryView view, VersionRecord record) {
        ModelRef ref = record.ref();
        byte[] sig = view.signature(ref).orElse(null);
        if (sig == null) {
            return new VerifyReport.SignatureCheck(null, "model.sig is missing");
        }
        SignedModel signed;
        try {
            signed = attestations.verifyModel(sig, view.trustedKeys());
        } catch (AiriskException e) {
            return new VerifyReport.SignatureCheck(null, e.getMessage());
        }
        if (!signed.subjectName().equals(ref.name())) {
            return new VerifyReport.SignatureCheck(signed.keyId(), "model.sig names model '" + signed.subjectName() + "'");
        }
        if (!signed.rootDigest().equals(record.rootDigest())) {
            return new VerifyReport.SignatureCheck(signed.keyId(), "model.sig signs root " + signed.rootDigest().shortHex()
                    + " but the record states " + record.rootDigest().shortHex());
        }
        Map<String, Sha256> recorded = new TreeMap<>();
        record.manifest().files().forEach(f -> recorded.put(f.path(), f.sha256()));
        Map<String, Sha256> listed = new TreeMap<>(signed.resources());
        if (listed.size() == 1 && listed.containsKey(".") && recorded.size() == 1) {
            // a single-file model: model_signing names its one file "."
            listed = Map.of(recorded.keySet().iterator().next(), listed.get("."));
        }
        if (!listed.equals(recorded)) {
            return new VerifyReport.SignatureCheck(signed.keyId(), "model.sig lists other files than the record");
        }
        return new VerifyReport.SignatureCheck(signed.keyId(), null);
    }

    /** Throws IntegrityFailure unless the signature holds. */
    void require(RegistryView view, VersionRecord record) {
        VerifyReport.SignatureCheck c = check(view, record);
        if (c.problem() != null) {
            throw new IntegrityFailure(record.ref() + ": " + c.problem(),
                    "run 'airisk verify " + record.ref() + "' and investigate before using this version");
        }
    }
}
