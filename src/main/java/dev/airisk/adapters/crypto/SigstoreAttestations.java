package dev.airisk.adapters.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.io.Parallel;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.ModelPath;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.ModelSigning.Resource;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.Signer;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code model.sig} as OpenSSF model_signing v1.0 writes and verifies it in key mode: a Sigstore
 * bundle v0.3 whose DSSE envelope holds an in-toto Statement with predicate type
 * {@code https://model_signing/signature/v1.0} listing every file (serialization method {@code files},
 * SHA-256; a single file named {@code "."}; the paths left out recorded as {@code ignore_paths}), written
 * by the same code as {@code airisk sign} ({@link SigstoreModelSigning}).
 *
 * <p>The bundle's {@code publicKey.hint} is what model_signing checks, the hex SHA-256 of the PEM
 * public key; the envelope signature's {@code keyid} is the airisk key id. Verification finds the
 * trusted key by that key id; for a bundle without one (as model_signing writes), by the hint; for a
 * bundle with neither, it tries every trusted key.
 *
 * <p>Statements (approvals, attachments, checklist answers, scan reports, record.sig) are the same DSSE envelope and in-toto
 * Statement v1, signed and checked by the same code, without the bundle around it: the file is the
 * envelope as compact JSON ending in a newline,
 * {@code {"payload":"<base64>","payloadType":"application/vnd.in-toto+json","signatures":[{"sig":"<base64>","keyid":"<key id>"}]}}.
 *
 * <p>Commit signatures are OpenSSH signatures in namespace {@code git}, checked by {@link SshSignatures}.
 */
public final class SigstoreAttestations implements Attestations {
    /** Envelopes per thread below which checking them side by side gains nothing. */
    private static final int SIDE_BY_SIDE = 4;
    /** Public keys parsed from PEM, by their text: checking a long history meets the same few keys on every commit. */
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    /**
     * The signature checks of the whole process, shared by every instance: a process that runs many
     * commands (a service, a test) checks the same signatures again and again, and switches to the
     * faster verifier once, not once per command.
     */
    private static final SignatureChecks CHECKS = new SignatureChecks();
    /** The checks that passed on this host before, and where this run's are remembered. */
    private final SignatureMemo memo;
    /** The model_signing v1.0 predicate type. */
    public static final String PREDICATE_TYPE = "https://model_signing/signature/v1.0";

    private static final String WHAT = "model.sig";
    private static final String PAYLOAD = "model.sig payload";

    /**
     * Reads and writes a small DSSE envelope's JSON, and throws it away: the first JSON a process reads
     * sets up the JSON mapper, which a thread started ahead of a command can do while the command line
     * is parsed. Reads nothing and keeps nothing.
     */
    public static void warmUp() {
        Json.write(Json.parseObject(WARM_UP, "warm-up"));
    }

    private static final byte[] WARM_UP = ("{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.in-toto+json\","
            + "\"signatures\":[{\"sig\":\"AA==\",\"keyid\":\"00\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** Checks every signature, remembering none. */
    public SigstoreAttestations() {
        this(SignatureMemo.NONE);
    }

    /** Checks signatures, skipping those {@code memo} remembers as passed, and remembering those that pass there. */
    public SigstoreAttestations(SignatureMemo memo) {
        this.memo = memo;
    }

    private boolean check(PublicKey key, byte[] message, byte[] signature) {
        return CHECKS.verify(memo, key, message, signature);
    }

    @Override
    public byte[] signModel(String modelName, Manifest manifest, Signer signer) {
        return signModel(modelName, manifest, Layout.FOLDER, signer);
    }

    @Override
    public byte[] signModel(String modelName, Manifest manifest, Layout layout, Signer signer) {
        if (modelName == null || modelName.isBlank()) {
            throw new InvalidInput("a model signature needs the model's name", "give the model name");
        }
        if (layout.singleFile() && manifest.files().size() != 1) {
            throw new IllegalArgumentException("a single-file model has one file, not " + manifest.files().size());
        }
        List<Resource> resources = manifest.files().stream()
                .map(f -> new Resource(layout.singleFile() ? "." : f.path(), ResourceHashes.SHA256, f.sha256().hex())).toList();
        return SigstoreModelSigning.bundle(new ModelSigning.Statement(PREDICATE_TYPE, modelName, ModelSigningPayload.rootDigest(resources),
                "files", ResourceHashes.SHA256, 0, layout.allowSymlinks(), layout.ignorePaths(), resources), false, signer);
    }

    @Override
    public SignedModel verifyModel(byte[] bundle, Map<String, String> trustedKeys) {
        SigstoreBundle.Parsed parsed = SigstoreBundle.read(bundle, WHAT);
        List<Dsse.Signature> signatures = parsed.envelope().signatures();
        if (signatures.size() != 1) {
            throw Json.malformed(WHAT, "holds " + signatures.size() + " signatures, not one");
        }
        List<TrustedKey> candidates = TrustedKey.fromPems(trustedKeys);
        String hint = parsed.hint();
        if (signatures.get(0).keyId().isEmpty() && !hint.isEmpty()) {
            candidates = candidates.stream().filter(k -> k.matchesHint(hint)).toList();
            if (candidates.isEmpty()) {
                throw Dsse.notTrusted(WHAT, "the key with hint " + Text.shortId(hint));
            }
        }
        requireInToto(parsed.envelope(), WHAT);
        Dsse.Verified verified = Dsse.verify(parsed.envelope(), candidates, WHAT, this::check);
        ModelSigning.Statement statement = ModelSigningPayload.decode(verified.payload(), PAYLOAD, WHAT);
        if (!PREDICATE_TYPE.equals(statement.predicateType())) {
            throw Json.malformed(WHAT, "has predicate type '" + Text.printable(statement.predicateType()) + "', not '" + PREDICATE_TYPE + "'");
        }
        if (!statement.method().equals("files") || !statement.hashType().equals(ResourceHashes.SHA256)) {
            throw Json.malformed(PAYLOAD, "has serialization " + statement.method() + " with " + statement.hashType()
                    + ", not files with sha256");
        }
        return new SignedModel(verified.keyId(), statement.subjectName(), statement.rootDigest(), resources(statement));
    }

    /**
     * The files the statement lists, in its order, by path; a single-file model's one resource is
     * named {@code "."}, as model_signing names it.
     */
    private static Map<String, Sha256> resources(ModelSigning.Statement statement) {
        if (statement.resources().isEmpty()) {
            throw Json.malformed(PAYLOAD, "lists no files");
        }
        Map<String, Sha256> out = new LinkedHashMap<>();
        for (Resource r : statement.resources()) {
            boolean single = r.name().equals(".") && statement.resources().size() == 1;
            String problem = single ? null : ModelPath.problem(r.name());
            if (problem != null) {
                throw Json.malformed(PAYLOAD, "lists a file whose path " + problem);
            }
            if (!r.algorithm().equals(ResourceHashes.SHA256) || r.digest().length() != 64) {
                throw Json.malformed(PAYLOAD, "has a digest for '" + Text.printable(r.name()) + "' that is not a SHA-256");
            }
            out.put(r.name(), new Sha256(r.digest()));
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public byte[] signStatement(Statement statement, Signer signer) {
        InTotoStatement inToto = new InTotoStatement(statement.subjectName(), statement.subjectDigest(),
                statement.predicateType(), Json.objectOf(statement.predicate(), "predicate"));
        return Dsse.write(sign(inToto, signer));
    }

    /**
     * Several envelopes (a version's approvals, attachments ...) are checked on the machine's cores side
     * by side (each check is independent; this object's signature checks are safe to share).
     */
    @Override
    public List<Checked> verifyStatements(List<byte[]> envelopes, Map<String, String> trustedKeys) {
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), envelopes.size() / SIDE_BY_SIDE);
        if (threads < 2) {
            return Attestations.super.verifyStatements(envelopes, trustedKeys);
        }
        return Parallel.map(envelopes, threads, e -> checked(e, trustedKeys));
    }

    @Override
    public SignedStatement verifyStatement(byte[] envelope, Map<String, String> trustedKeys, String what) {
        String payloadWhat = what + " payload";
        Opened opened = open(Dsse.read(envelope, what), TrustedKey.fromPems(trustedKeys), what, payloadWhat);
        InTotoStatement statement = opened.statement();
        return new SignedStatement(opened.keyId(), new Statement(statement.predicateType(), statement.subjectName(),
                statement.subjectDigest(), Json.mapOf(statement.predicate(), payloadWhat)));
    }

    @Override
    public boolean verifyCommit(String armoredSignature, byte[] signedPayload, String publicKeyPem) {
        PublicKey key = keys.get(publicKeyPem);
        if (key == null) {
            try {
                key = PublicKeys.fromPem(publicKeyPem);
            } catch (InvalidInput e) {
                throw new IntegrityFailure("the public key to check a commit signature with cannot be read: " + e.getMessage(),
                        "restore the key's file under trust/keys/ from a good copy", e);
            }
            if (keys.size() < 1024) {
                keys.put(publicKeyPem, key);
            }
        }
        try {
            SshSignatures.verify(armoredSignature, signedPayload, key, this::check);
            return true;
        } catch (IntegrityFailure e) {
            return false;
        }
    }

    /** An envelope holding the statement, signed by {@code signer}: the one way model.sig and statements are signed. */
    private static Dsse.Envelope sign(InTotoStatement statement, Signer signer) {
        return Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, statement.encode(), signer);
    }

    /**
     * The in-toto statement an envelope holds, once its payload type is the in-toto one and one of its
     * signatures verifies with a trusted key: the one way model.sig and statements are checked.
     */
    private Opened open(Dsse.Envelope envelope, List<TrustedKey> trusted, String what, String payloadWhat) {
        requireInToto(envelope, what);
        Dsse.Verified verified = Dsse.verify(envelope, trusted, what, this::check);
        return new Opened(verified.keyId(), InTotoStatement.decode(verified.payload(), payloadWhat));
    }

    /** IntegrityFailure naming {@code what} unless the envelope's payload is an in-toto statement. */
    static void requireInToto(Dsse.Envelope envelope, String what) {
        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            throw Json.malformed(what, "has payload type '" + Text.printable(envelope.payloadType()) + "', not '"
                    + Dsse.IN_TOTO_PAYLOAD_TYPE + "'");
        }
    }

    /** A verified statement and the trusted key whose signature verified. */
    private record Opened(String keyId, InTotoStatement statement) {
    }

    @Override
    public String keyId(String publicKeyPem) {
        return PublicKeys.keyId(publicKeyPem);
    }

    @Override
    public String caId(String caCertificatePem) {
        return CertifiedKeys.caId(caCertificatePem);
    }

    @Override
    public List<String> certifiedIdentities(String chainPem, String publicKeyPem, List<String> caPems, Instant at) {
        return CertifiedKeys.identities(chainPem, publicKeyPem, caPems, at);
    }
}
