package dev.airisk.core.port;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Model signatures as OpenSSF model_signing makes and checks them: a Sigstore bundle (v0.3 JSON)
 * holding a DSSE envelope whose in-toto statement lists every file of a model with its digest.
 *
 * <p>Verifying reads bundles of model_signing v0.2 through v1.1 (key and certificate modes, EC
 * P-256/P-384/P-521, {@code files} and {@code shards} serialization, sha256/blake2b/blake3) and checks
 * them against a model's files and a {@link Trust}. Signing writes what {@code model_signing sign key}
 * writes for the same files: {@code files} serialization with SHA-256, the ignored paths recorded,
 * {@code "."} naming a single-file model.
 *
 * <p>The model's files reach the engine as {@link ModelFiles}: a folder or a single file
 * ({@link #files(Path)}), or registered content ({@link ModelFiles#listed}), whose known SHA-256
 * digests spare reading the bytes again.
 */
public interface ModelSigning {

    /** What model_signing ignores in a folder unless told otherwise ({@code --no-ignore-git-paths}). */
    List<String> GIT_PATHS = List.of(".git", ".gitattributes", ".github", ".gitignore");

    /**
     * Checks {@code bundle} against the model's files and the trust. Signature, certificate and
     * content problems are returned as the result's one-line problems (never thrown); a bundle that
     * cannot be read is one problem too. InvalidInput for trust material that cannot be read.
     */
    Verification verify(byte[] bundle, ModelFiles model, Trust trust, VerifyOptions options);

    /**
     * Hashes the model's files (or takes their known SHA-256 digests) and returns the bundle signed by
     * {@code signer}: its certificate chain as {@code x509CertificateChain} when it has one, otherwise
     * a public key hint. InvalidInput for a symlink when symlinks are not allowed, or no file to sign.
     */
    Signed sign(ModelFiles model, Signer signer, SignOptions options);

    /**
     * A model file, or a folder walked for its files (hidden ones too; ignored paths are not entered).
     * InvalidInput when the path does not exist or is neither a file nor a folder.
     */
    ModelFiles files(Path path);

    /** One file of a model: its path in the model, its size, its SHA-256 when known (else null), whether it is a symlink. */
    record ModelFile(String path, long size, Sha256 sha256, boolean symlink) {
    }

    /** Opens a listed file's bytes. */
    @FunctionalInterface
    interface Opener {
        InputStream open(ModelFile file) throws IOException;
    }

    /**
     * The files of a model as the engine reads them. Paths are relative POSIX paths inside the model;
     * a single-file model lists its one file under its file name (the statement names it {@code "."}).
     */
    interface ModelFiles {

        /** The name model_signing gives the model: the folder's or the file's name. */
        String name();

        /** Whether the model is one file rather than a folder. */
        boolean singleFile();

        /**
         * Every file, sorted by path, leaving out each ignored path (a model-relative path; a folder
         * leaves out everything below it). A single-file model ignores nothing.
         */
        List<ModelFile> list(List<String> ignorePaths) throws IOException;

        /** The bytes of a file {@link #list} gave. */
        InputStream open(ModelFile file) throws IOException;

        /** Registered or otherwise known content: {@code files} as given, opened by {@code opener}. */
        static ModelFiles listed(String name, boolean singleFile, List<ModelFile> files, Opener opener) {
            List<ModelFile> all = List.copyOf(files);
            return new ModelFiles() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public boolean singleFile() {
                    return singleFile;
                }

                @Override
                public List<ModelFile> list(List<String> ignorePaths) {
                    if (singleFile) {
                        return all;
                    }
                    List<ModelFile> out = new ArrayList<>();
                    for (ModelFile f : all) {
                        if (!ignored(f.path(), ignorePaths)) {
                            out.add(f);
                        }
                    }
                    return out;
                }

                @Override
                public InputStream open(ModelFile file) throws IOException {
                    return opener.open(file);
                }
            };
        }

        /**
         * Whether {@code path} is one of {@code ignorePaths} or lies below one of them, compared segment
         * by segment after dropping empty and {@code "."} segments as Python's pathlib does ({@code "."}
         * ignores everything; an absolute path or one with a {@code ".."} segment ignores nothing).
         */
        static boolean ignored(String path, List<String> ignorePaths) {
            for (String given : ignorePaths) {
                if (given.startsWith("/") || Arrays.asList(given.split("/")).contains("..")) {
                    continue; // outside the model, as pathlib sees it
                }
                String ignore = Arrays.stream(given.split("/")).filter(s -> !s.isEmpty() && !s.equals("."))
                        .collect(Collectors.joining("/"));
                if (ignore.isEmpty() || path.equals(ignore) || path.startsWith(ignore + "/")) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * What a signature is checked against: PEM public keys (key mode), or PEM CA certificates and the
     * identities (subject alternative names) a signing certificate may have, any when empty. With both,
     * a bundle holding a certificate chain is checked against the CA certificates, any other against the keys.
     */
    record Trust(List<String> publicKeyPems, List<String> caCertificatePems, List<String> identities) {
        public Trust {
            publicKeyPems = List.copyOf(publicKeyPems);
            caCertificatePems = List.copyOf(caCertificatePems);
            identities = List.copyOf(identities);
        }

        /** Trust in these public keys. */
        public static Trust keys(List<String> publicKeyPems) {
            return new Trust(publicKeyPems, List.of(), List.of());
        }

        /** Trust in certificates issued under these CA certificates, for these identities (any when empty). */
        public static Trust certificates(List<String> caCertificatePems, List<String> identities) {
            return new Trust(List.of(), caCertificatePems, identities);
        }
    }

    /**
     * How to verify: more paths to ignore (model-relative, beside those the bundle records), and
     * whether the git paths are ignored as model_signing does by default.
     */
    record VerifyOptions(List<String> ignorePaths, boolean ignoreGitPaths) {
        /** model_signing's defaults: git paths ignored, nothing else. */
        public static final VerifyOptions DEFAULT = new VerifyOptions(List.of(), true);

        public VerifyOptions {
            ignorePaths = List.copyOf(ignorePaths);
        }
    }

    /**
     * How to sign: the statement's subject name (null: the model's {@link ModelFiles#name()}), paths
     * to ignore (model-relative, recorded in the bundle; the signature file's own path among them when
     * it lies inside the folder), whether the git paths are ignored too, and whether symlinks are allowed.
     */
    record SignOptions(String subjectName, List<String> ignorePaths, boolean ignoreGitPaths, boolean allowSymlinks) {
        public SignOptions {
            ignorePaths = List.copyOf(ignorePaths);
        }
    }

    /** A bundle just made, and what it states. */
    record Signed(byte[] bundle, Statement statement) {
        public Signed {
            bundle = bundle.clone();
        }

        @Override
        public byte[] bundle() {
            return bundle.clone();
        }
    }

    /** One resource a statement lists: a file ({@code "."} for a single-file model) or a shard {@code path:start:end}. */
    record Resource(String name, String algorithm, String digest) {
    }

    /**
     * What a bundle states: its predicate type, subject name and root digest (SHA-256 over the listed
     * digests), the serialization ({@code files} or {@code shards}, hash type, shard size or 0, symlinks
     * allowed, recorded ignore paths) and the resources in the order listed.
     */
    record Statement(String predicateType, String subjectName, Sha256 rootDigest, String method, String hashType,
                     long shardSize, boolean allowSymlinks, List<String> ignorePaths, List<Resource> resources) {
        public Statement {
            ignorePaths = List.copyOf(ignorePaths);
            resources = List.copyOf(resources);
        }
    }

    /**
     * The outcome of a verification. {@code verified} when the signature verifies with the trust and
     * the files match; otherwise {@code problems} says why, one line each ("signature does not
     * verify", "Extra files: a, b", "Missing files: c", "Hash mismatch for 'd'", …). {@code keyId}
     * names the key whose signature verified (the airisk key id: hex SHA-256 of its DER public key),
     * {@code identities} the signing certificate's subject alternative names (certificate mode), and
     * {@code statement} what the signature states; null and empty when the signature did not verify.
     */
    record Verification(boolean verified, List<String> problems, String keyId, List<String> identities,
                        Statement statement) {
        public Verification {
            problems = List.copyOf(problems);
            identities = List.copyOf(identities);
        }

        /** Throws IntegrityFailure naming {@code what} and the problems, unless verified. */
        public Verification require(String what, String fix) {
            if (!verified) {
                throw new IntegrityFailure(what + ": " + String.join("; ", problems), fix);
            }
            return this;
        }

        /** A failed verification with these problems. */
        public static Verification failed(List<String> problems) {
            return new Verification(false, problems, null, List.of(), null);
        }

    }
}
