package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * OpenSSF model_signing's verification and key-mode signing, following its source (v1.1.1:
 * {@code _signing/sign_ec_key.py}, {@code sign_certificate.py}, {@code sign_sigstore_pb.py},
 * {@code signing.py}, {@code verifying.py}, {@code hashing.py}, {@code _serialization/*.py}).
 *
 * <p>Verifying: the bundle's media type must be v0.3; with public keys, a bundle's key hint (when it
 * has one) must name one of them, and an envelope signature must verify with it over the DSSE
 * pre-authentication encoding with the curve's SHA-2, or, as model_signing still accepts from before
 * v1.0, over the mis-encoded {@code pae_compat}; with CA certificates, the bundle's chain must lead to
 * one of them at the leaf's start of validity, the leaf may sign, its identity is one allowed, and a
 * signature verifies with the leaf's key (the compatibility path then with SHA-256, as v0.2 signed).
 * The statement is read as model_signing reads it, and the model's files are serialized as it
 * recorded (method, hash type, shard size, its ignore paths beside the verifier's own) and compared.
 */
public final class SigstoreModelSigning implements ModelSigning {
    private static final String SHA256_ECDSA = "SHA256withECDSA";

    @Override
    public ModelFiles files(Path path) {
        return ModelFolder.of(path);
    }

    @Override
    public Verification verify(byte[] bundle, ModelFiles model, Trust trust, VerifyOptions options) {
        List<PublicKey> keys = trust.publicKeyPems().stream().map(PublicKeys::fromPem).toList();
        List<X509Certificate> anchors = new ArrayList<>();
        trust.caCertificatePems().forEach(pem -> anchors.addAll(X509Chains.fromPem(pem, "the CA certificates")));
        if (keys.isEmpty() && anchors.isEmpty()) {
            throw new InvalidInput("nothing to verify the signature with", "give a public key or CA certificates");
        }
        Opened opened;
        Statement statement;
        try {
            SigstoreBundle.Parsed parsed = SigstoreBundle.read(bundle, "the signature");
            boolean byCertificate = !anchors.isEmpty() && (keys.isEmpty() || parsed.hasCertificates());
            opened = byCertificate ? openWithCertificates(parsed, anchors, trust.identities()) : openWithKeys(parsed, keys);
            if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(parsed.envelope().payloadType())) {
                throw Json.malformed("the signature", "has payload type '" + Text.printable(parsed.envelope().payloadType())
                        + "', not '" + Dsse.IN_TOTO_PAYLOAD_TYPE + "'");
            }
            statement = ModelSigningPayload.decode(parsed.envelope().payload());
        } catch (IntegrityFailure e) {
            return Verification.failed(List.of(e.getMessage()));
        }
        List<String> problems;
        try {
            problems = compare(statement, model, options);
        } catch (InvalidInput e) {
            problems = List.of(e.getMessage());
        } catch (IOException e) {
            throw new Unavailable("cannot read the model's files: " + IoErrors.describe(e), "check that the files are readable", e);
        }
        return new Verification(problems.isEmpty(), problems, opened.keyId(), opened.identities(), statement);
    }

    /** Who signed: the key whose signature verified, and the certificate's identities. */
    private record Opened(String keyId, List<String> identities) {
    }

    private static Opened openWithKeys(SigstoreBundle.Parsed parsed, List<PublicKey> keys) {
        List<PublicKey> candidates = keys;
        if (!parsed.hint().isEmpty()) {
            candidates = keys.stream().filter(k -> TrustedKey.of(k).matchesHint(parsed.hint())).toList();
            if (candidates.isEmpty()) {
                throw new IntegrityFailure("the signature was made with another key: its public key hint "
                        + Text.shortId(parsed.hint()) + " is not the given key's", "verify it with the signer's public key");
            }
        }
        for (PublicKey key : candidates) {
            if (verifies(parsed.envelope(), key, KeyType.of(key).signatureAlgorithm())) {
                return new Opened(PublicKeys.keyId(key), List.of());
            }
        }
        throw doesNotVerify();
    }

    private static Opened openWithCertificates(SigstoreBundle.Parsed parsed, List<X509Certificate> anchors, List<String> identities) {
        if (!parsed.hasCertificates()) {
            throw new IntegrityFailure("the signature holds no certificate chain: it was signed with a bare key",
                    "verify it with the signer's public key");
        }
        List<X509Certificate> chain = parsed.certificates().stream().map(der -> X509Chains.fromDer(der, "the signature")).toList();
        X509Chains.Validated validated = X509Chains.validate(chain, anchors, identities, chain.get(0).getNotBefore());
        PublicKey key = validated.leaf().getPublicKey();
        KeyType type;
        try {
            type = KeyType.of(key);
        } catch (InvalidInput e) {
            throw new IntegrityFailure("the signing certificate holds a key airisk cannot check: " + e.getMessage(), e.fix(), e);
        }
        if (!verifies(parsed.envelope(), key, type.isEcdsa() ? SHA256_ECDSA : type.signatureAlgorithm())) {
            throw doesNotVerify();
        }
        return new Opened(PublicKeys.keyId(key), validated.identities());
    }

    /**
     * Whether a signature of the envelope verifies with {@code key} over the PAE with the key's own
     * algorithm, or over model_signing's pre-1.0 {@code pae_compat} with {@code compatAlgorithm}.
     */
    private static boolean verifies(Dsse.Envelope envelope, PublicKey key, String compatAlgorithm) {
        byte[] pae = Dsse.pae(envelope.payloadType(), envelope.payload());
        byte[] compat = null;
        String algorithm = KeyType.of(key).signatureAlgorithm();
        for (Dsse.Signature signature : envelope.signatures()) {
            if (PublicKeys.verify(key, algorithm, pae, signature.sig())) {
                return true;
            }
            if (KeyType.of(key).isEcdsa()) {
                compat = compat != null ? compat : Dsse.paeCompat(envelope.payloadType(), envelope.payload());
                if (PublicKeys.verify(key, compatAlgorithm, compat, signature.sig())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static IntegrityFailure doesNotVerify() {
        return new IntegrityFailure("signature does not verify", "the signature or its statement was changed after signing");
    }

    /** The problems with the model's files against what the statement lists; none when they match. */
    private static List<String> compare(Statement statement, ModelFiles model, VerifyOptions options) throws IOException {
        Set<String> ignore = new LinkedHashSet<>(statement.ignorePaths());
        ignore.addAll(options.ignorePaths());
        if (options.ignoreGitPaths()) {
            ignore.addAll(GIT_PATHS);
        }
        List<ModelFile> files = model.list(List.copyOf(ignore));
        List<String> problems = new ArrayList<>();
        if (!statement.allowSymlinks()) {
            List<String> links = files.stream().filter(ModelFile::symlink).map(ModelFile::path).toList();
            if (!links.isEmpty()) {
                problems.add("Symlinks the signature does not allow: " + String.join(", ", links));
            }
        }
        boolean shards = statement.method().equals("shards");
        Map<String, ModelFile> actual = new LinkedHashMap<>();
        for (ModelFile f : files) {
            String name = model.singleFile() ? "." : f.path();
            if (shards) {
                ResourceHashes.shardNames(name, f.size(), statement.shardSize()).forEach(s -> actual.put(s, f));
            } else {
                actual.put(name, f);
            }
        }
        Map<String, Resource> expected = new LinkedHashMap<>();
        statement.resources().forEach(r -> expected.put(r.name(), r));
        Set<String> extra = sorted(actual.keySet());
        extra.removeAll(expected.keySet());
        Set<String> missing = sorted(expected.keySet());
        missing.removeAll(actual.keySet());
        if (!extra.isEmpty()) {
            problems.add("Extra files: " + String.join(", ", extra));
        }
        if (!missing.isEmpty()) {
            problems.add("Missing files: " + String.join(", ", missing));
        }
        String algorithm = shards ? ResourceHashes.shardAlgorithm(statement.hashType(), statement.shardSize()) : statement.hashType();
        Set<ModelFile> toHash = new LinkedHashSet<>();
        expected.forEach((name, r) -> {
            if (actual.containsKey(name) && r.algorithm().equals(algorithm)) {
                toHash.add(actual.get(name));
            }
        });
        Map<ModelFile, List<String>> digests = inParallel(List.copyOf(toHash), f -> digests(model, f, statement));
        for (Map.Entry<String, Resource> e : expected.entrySet()) {
            ModelFile file = actual.get(e.getKey());
            if (file == null) {
                continue;
            }
            List<String> hashed = digests.get(file);
            String digest = hashed == null ? null : shards ? hashed.get(shardIndex(e.getKey(), statement.shardSize())) : hashed.get(0);
            if (!e.getValue().digest().equals(digest)) {
                problems.add("Hash mismatch for '" + e.getKey() + "'");
            }
        }
        return problems;
    }

    private static int shardIndex(String shard, long shardSize) {
        String[] parts = shard.split(":");
        return (int) (Long.parseLong(parts[parts.length - 2]) / shardSize);
    }

    /** The file's digest (files) or its shards' digests, from its known SHA-256 when that is the one asked for. */
    private static List<String> digests(ModelFiles model, ModelFile file, Statement statement) throws IOException {
        boolean shards = statement.method().equals("shards");
        if (!shards && statement.hashType().equals(ResourceHashes.SHA256) && file.sha256() != null) {
            return List.of(file.sha256().hex());
        }
        try (InputStream in = model.open(file)) {
            return shards ? ResourceHashes.shards(in, statement.hashType(), statement.shardSize())
                    : List.of(ResourceHashes.file(in, statement.hashType()));
        }
    }

    /** Work on one file that may fail to read it. */
    @FunctionalInterface
    private interface FileWork<T> {
        T apply(ModelFile file) throws IOException;
    }

    /** {@code work} on every file, on as many threads as there are processors (one for a single file). */
    private static <T> Map<ModelFile, T> inParallel(List<ModelFile> files, FileWork<T> work) throws IOException {
        Map<ModelFile, T> out = new ConcurrentHashMap<>();
        int threads = Math.min(files.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            for (ModelFile f : files) {
                out.put(f, work.apply(f));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "model-signing-hash");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (ModelFile f : files) {
                running.add(pool.submit(() -> {
                    out.put(f, work.apply(f));
                    return null;
                }));
            }
            for (Future<?> r : running) {
                r.get();
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing the model's files");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Set<String> sorted(Set<String> names) {
        Set<String> out = new TreeSet<>(Manifest::comparePaths);
        out.addAll(names);
        return out;
    }

    @Override
    public Signed sign(ModelFiles model, Signer signer, SignOptions options) {
        Set<String> ignore = new LinkedHashSet<>(options.ignorePaths());
        if (options.ignoreGitPaths()) {
            ignore.addAll(GIT_PATHS);
        }
        List<Resource> resources = new ArrayList<>();
        try {
            List<ModelFile> files = model.list(List.copyOf(ignore));
            if (files.isEmpty()) {
                throw new InvalidInput(model.name() + " holds no file to sign", "give a folder with the model's files");
            }
            for (ModelFile f : files) {
                if (f.symlink() && !options.allowSymlinks()) {
                    throw new InvalidInput("'" + f.path() + "' is a symlink, and symlinks are not allowed",
                            "allow symlinks (--allow-symlinks), or replace the link with the file");
                }
            }
            files = new ArrayList<>(files);
            files.sort(Comparator.comparing(ModelFile::path, Manifest::comparePaths));
            Map<ModelFile, String> digests = inParallel(files, f -> {
                if (f.sha256() != null) {
                    return f.sha256().hex();
                }
                try (InputStream in = model.open(f)) {
                    return ResourceHashes.file(in, ResourceHashes.SHA256);
                }
            });
            for (ModelFile f : files) {
                resources.add(new Resource(model.singleFile() ? "." : f.path(), ResourceHashes.SHA256, digests.get(f)));
            }
        } catch (IOException e) {
            throw new Unavailable("cannot read the model's files: " + IoErrors.describe(e), "check that the files are readable", e);
        }
        Statement statement = new Statement(ModelSigningPayload.PREDICATE_TYPE,
                options.subjectName() != null ? options.subjectName() : model.name(), ModelSigningPayload.rootDigest(resources),
                "files", ResourceHashes.SHA256, 0, options.allowSymlinks(), List.copyOf(ignore), resources);
        return new Signed(bundle(statement, true, signer), statement);
    }

    /**
     * The statement ({@code indented} as model_signing lays it out, else compact) signed by
     * {@code signer}, in a bundle with its certificate chain or its public key hint.
     */
    static byte[] bundle(Statement statement, boolean indented, Signer signer) {
        Dsse.Envelope envelope = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, ModelSigningPayload.encode(statement, indented), signer);
        List<String> chain = signer.certificateChainPem();
        if (!chain.isEmpty()) {
            List<byte[]> der = new ArrayList<>();
            for (String pem : chain) {
                for (X509Certificate c : X509Chains.fromPem(pem, "the signing key's certificate")) {
                    try {
                        der.add(c.getEncoded());
                    } catch (CertificateEncodingException e) {
                        throw new IllegalStateException("cannot encode a certificate the JDK read", e);
                    }
                }
            }
            return SigstoreBundle.write(envelope, der);
        }
        return SigstoreBundle.write(envelope, TrustedKey.of(PublicKeys.fromPem(signer.publicKeyPem())).modelSigningHint());
    }

}
