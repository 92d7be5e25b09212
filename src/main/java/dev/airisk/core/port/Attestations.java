package dev.airisk.core.port;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Model signatures in interoperable formats: a Sigstore bundle v0.3 holding a DSSE envelope whose
 * payload is an in-toto Statement v1 with the OpenSSF model_signing v1.0 predicate.
 */
public interface Attestations {

    /** The bytes of {@code model.sig} for a model folder's manifest ({@link Layout#FOLDER}), signed by {@code signer}. */
    byte[] signModel(String modelName, Manifest manifest, Signer signer);

    /**
     * The bytes of {@code model.sig} for a model's manifest, signed by {@code signer}, stating what
     * model_signing states for the same files: a single file named {@code "."}, the paths left out
     * recorded as ignored, whether symlinks were followed. The adapter writing real bundles overrides
     * this; by default (in-memory ports) the layout is not recorded.
     */
    default byte[] signModel(String modelName, Manifest manifest, Layout layout, Signer signer) {
        return signModel(modelName, manifest, signer);
    }

    /** How a model's files were read: one file or a folder, what was left out, whether symlinks were followed. */
    record Layout(boolean singleFile, List<String> ignorePaths, boolean allowSymlinks) {
        /** A folder of which nothing was left out and no symlink followed. */
        public static final Layout FOLDER = new Layout(false, List.of(), false);

        public Layout {
            ignorePaths = List.copyOf(ignorePaths);
        }
    }

    /**
     * Checks a bundle's signature against the trusted public keys (key id to PEM) and returns what it
     * states. Throws IntegrityFailure naming what is wrong (malformed, unknown key, bad signature).
     */
    SignedModel verifyModel(byte[] bundle, Map<String, String> trustedKeys);

    /**
     * A DSSE envelope (JSON, payload type {@code application/vnd.in-toto+json}) whose payload is an
     * in-toto Statement v1 with one subject and the given predicate. Used for approvals, attachments,
     * checklist answers and scan reports (subject: the model name and its root digest) and for
     * record.sig (subject: the record's registry path and the SHA-256 of its bytes).
     */
    byte[] signStatement(Statement statement, Signer signer);

    /**
     * Checks an envelope's signature against the trusted keys and returns what it states. Throws
     * IntegrityFailure naming what is wrong (malformed, not an in-toto statement, unknown key, bad signature).
     */
    default SignedStatement verifyStatement(byte[] envelope, Map<String, String> trustedKeys) {
        return verifyStatement(envelope, trustedKeys, "statement envelope");
    }

    /** {@link #verifyStatement(byte[], Map)}, its messages naming the file as {@code what} (e.g. "record.sig"). */
    SignedStatement verifyStatement(byte[] envelope, Map<String, String> trustedKeys, String what);

    /** What verifying one envelope gave: the statement, or (statement null) the failure it threw. */
    record Checked(SignedStatement statement, AiriskException failure) {
    }

    /**
     * {@link #verifyStatement(byte[], Map)} of each envelope, the outcomes in the same order, a failure
     * kept with its envelope rather than thrown (an adapter may check several side by side).
     */
    default List<Checked> verifyStatements(List<byte[]> envelopes, Map<String, String> trustedKeys) {
        List<Checked> out = new ArrayList<>(envelopes.size());
        for (byte[] envelope : envelopes) {
            out.add(checked(envelope, trustedKeys));
        }
        return out;
    }

    /** The outcome of {@link #verifyStatement(byte[], Map)} of one envelope. */
    default Checked checked(byte[] envelope, Map<String, String> trustedKeys) {
        try {
            return new Checked(verifyStatement(envelope, trustedKeys), null);
        } catch (AiriskException e) {
            return new Checked(null, e);
        }
    }

    /**
     * True when {@code armoredSignature} (an SSH signature from a commit's gpgsig header) is a valid
     * signature of {@code signedPayload} by the key {@code publicKeyPem}, in the git namespace.
     */
    boolean verifyCommit(String armoredSignature, byte[] signedPayload, String publicKeyPem);

    /**
     * The key id (hex SHA-256 of the DER SubjectPublicKeyInfo) of a PEM public key of a supported type
     * (ECDSA P-256 or Ed25519); InvalidInput saying what the text is otherwise.
     */
    String keyId(String publicKeyPem);

    /**
     * The id of a CA certificate given in PEM: lower-case hex SHA-256 of its DER encoding. InvalidInput
     * unless the text holds exactly one certificate, and that of a CA (basic constraints with cA true).
     */
    String caId(String caCertificatePem);

    /**
     * Checks a key's X.509 certificate chain (PEM blocks, leaf first) at time {@code at}: the leaf
     * certifies {@code publicKeyPem} and may sign, and the chain leads to one of {@code caPems}. Returns
     * the leaf's identities (subject alternative names: e-mail, DNS, URI); IntegrityFailure with a
     * one-line reason otherwise.
     */
    List<String> certifiedIdentities(String chainPem, String publicKeyPem, List<String> caPems, Instant at);

    /**
     * An in-toto statement about a model version. Predicate values are JSON values: String, Boolean,
     * Number, List and Map (string keys); key order is kept.
     */
    record Statement(String predicateType, String subjectName, Sha256 subjectDigest, Map<String, Object> predicate) {
    }

    /** A statement whose signature verified, and the key that signed it. */
    record SignedStatement(String keyId, Statement statement) {
    }

    /** What a verified model signature states. */
    record SignedModel(String keyId, String subjectName, Sha256 rootDigest, Map<String, Sha256> resources) {
    }
}
