package dev.airisk.core.release;

import static dev.airisk.core.model.HexIds.shortId;

import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.Layout;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Attestations.SignedStatement;
import dev.airisk.core.port.Attestations.Statement;
import dev.airisk.core.port.Signer;

/**
 * A version's {@code record.sig}: a signed statement over the exact bytes of its record.yaml, bound to
 * the record's path in the registry, so that a record edited, or copied from another version or
 * model, never verifies. Everything the gates read about a version comes from that record.
 */
final class RecordSignatures {
    static final String FILE = "record.sig";

    private final Attestations attestations;

    RecordSignatures(Attestations attestations) {
        this.attestations = attestations;
    }

    /** The bytes of record.sig for {@code recordYaml}, the exact bytes written as the record of {@code record}. */
    byte[] sign(VersionRecord record, byte[] recordYaml, Signer signer) {
        return attestations.signStatement(Statements.record(record.ref(), recordYaml, record.rootDigest()), signer);
    }

    /** The outcome for the record of {@code record} in {@code view}; its problem is null when record.sig holds. */
    VerifyReport.RecordCheck check(RegistryView view, VersionRecord record) {
        ModelRef ref = record.ref();
        String path = Layout.record(ref);
        byte[] sig = view.recordSignature(ref).orElse(null);
        if (sig == null) {
            return new VerifyReport.RecordCheck(null, "record.yaml is not signed: there is no " + FILE,
                    "it was registered before records were signed, or " + FILE + " was deleted; do not use it, and"
                            + " re-register its files as a new version");
        }
        byte[] yaml = view.snapshot().read(path).orElse(new byte[0]);
        SignedStatement signed;
        try {
            signed = attestations.verifyStatement(sig, view.trustedKeys(), FILE);
        } catch (AiriskException e) {
            return broken(ref, null, e.getMessage());
        }
        String keyId = signed.keyId();
        Statement st = signed.statement();
        if (!Statements.RECORD.equals(st.predicateType())) {
            return broken(ref, keyId, FILE + " is not a record signature (its predicate type is " + st.predicateType() + ")");
        }
        if (!st.subjectName().equals(path)) {
            return mismatch(ref, keyId, FILE + " covers " + st.subjectName());
        }
        Sha256 actual = Sha256.digest(yaml);
        if (!st.subjectDigest().equals(actual)) {
            return mismatch(ref, keyId, "it was changed after signing: it hashes to sha256:" + actual.shortHex()
                    + ", " + FILE + " covers sha256:" + st.subjectDigest().shortHex());
        }
        ModelRef named;
        Sha256 root;
        try {
            named = Statements.ref(st);
            root = Sha256.parse(Statements.text(st.predicate(), "root_digest"));
        } catch (Statements.Malformed | AiriskException e) {
            return broken(ref, keyId, FILE + " does not state the version and its root digest: " + e.getMessage());
        }
        if (!named.equals(ref)) {
            return mismatch(ref, keyId, FILE + " is for " + named);
        }
        if (!root.equals(record.rootDigest())) {
            return mismatch(ref, keyId, FILE + " states root " + root.shortHex() + " but the record's files give "
                    + record.rootDigest().shortHex());
        }
        if (!keyId.equals(record.registeredBy())) {
            return broken(ref, keyId, FILE + " is signed by key " + shortId(keyId) + ", not by the key that registered "
                    + ref + " (" + shortId(record.registeredBy()) + ")");
        }
        return new VerifyReport.RecordCheck(keyId, null, null);
    }

    /** Throws IntegrityFailure ("NAME@VERSION: problem (fix)") unless record.sig holds. */
    void require(RegistryView view, VersionRecord record) {
        VerifyReport.RecordCheck c = check(view, record);
        if (c.problem() != null) {
            throw new IntegrityFailure(record.ref() + ": " + c.problem(), c.fix());
        }
    }

    private static VerifyReport.RecordCheck mismatch(ModelRef ref, String keyId, String why) {
        return broken(ref, keyId, "record.yaml does not match its signature (" + why + ")");
    }

    private static VerifyReport.RecordCheck broken(ModelRef ref, String keyId, String problem) {
        return new VerifyReport.RecordCheck(keyId, problem, "restore record.yaml and " + FILE + " of " + ref
                + " from a good copy of the registry, and do not use it until 'airisk verify " + ref + "' passes");
    }
}
