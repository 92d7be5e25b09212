package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code airisk sign} and {@code airisk verify-signature} against outside verifiers and signers:
 * model_signing's own signed test models, bundles made by following its signing source, and an
 * independent Python verifier that follows its verification source (src/test/resources/model_signing/verify.py),
 * plus openssl on the DSSE pre-authentication encoding.
 */
class ModelSignaturesCliTest {
    private static final Path RESOURCES = Path.of("src/test/resources/model_signing");
    @TempDir Path tmp;
    private Harness h;

    @BeforeEach
    void keys() {
        h = new Harness(tmp);
        h.ok("keys", "generate", "--name", "alice");
    }

    /** Runs a program with a fixed argument list (no shell) in {@code dir}; exit code and merged output. */
    private static Harness.Result exec(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Harness.Result(p.waitFor(), out, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** model_signing's verification, as verify.py follows it: "Verification succeeded", or why not. */
    private Harness.Result pythonVerify(Path model, Path signature, String publicKey, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("python3", RESOURCES.resolve("verify.py").toAbsolutePath().toString(),
                model.toString(), "--signature", signature.toString(), "--public-key", publicKey));
        cmd.addAll(List.of(extra));
        return exec(tmp, cmd.toArray(String[]::new));
    }

    private Path publicKey(String key) throws IOException {
        return Files.writeString(tmp.resolve(key + ".pub.pem"), h.ok("keys", "export-public", "--name", key).out());
    }

    /** A folder as a Hugging Face clone has it: git files, a stale model.sig, a nested file. */
    private Path hfClone() throws IOException {
        Path model = h.model("bert", "weights");
        Files.writeString(model.resolve(".gitattributes"), "*.bin filter=lfs diff=lfs merge=lfs -text\n");
        Files.createDirectories(model.resolve(".git/objects"));
        Files.writeString(model.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(model.resolve("model.sig"), "stale");
        return model;
    }

    private JsonNode statement(Path signature) throws IOException {
        JsonNode bundle = Json.mapper().readTree(signature.toFile());
        return Json.mapper().readTree(Base64.getDecoder().decode(bundle.at("/dsseEnvelope/payload").asText()));
    }

    @Test
    void sign_aClone_recordsTheIgnoredPaths_andModelSigningsVerifierAccepts() throws IOException {
        Path model = hfClone();
        Path sig = model.resolve("model.sig");
        JsonNode signed = h.ok("sign", model.toString(), "--signature", sig.toString(), "--format", "json").json();

        assertEquals(4, signed.get("files").asInt());
        JsonNode statement = statement(sig);
        assertEquals("bert", statement.at("/subject/0/name").asText());
        assertEquals(List.of("model.sig", ".git", ".gitattributes", ".github", ".gitignore"),
                Json.mapper().convertValue(statement.at("/predicate/serialization/ignore_paths"), List.class));
        assertFalse(statement.at("/predicate/serialization/allow_symlinks").asBoolean());
        List<String> names = new ArrayList<>();
        statement.at("/predicate/resources").forEach(r -> names.add(r.get("name").asText()));
        assertEquals(List.of("config.json", "requirements.txt", "tokenizer/vocab.txt", "weights.bin"), names);

        Harness.Result python = pythonVerify(model, sig, publicKey("alice").toString());
        assertEquals(0, python.code(), python.out());
        assertEquals("Verification succeeded\n", python.out());
        String ok = h.ok("verify-signature", model.toString(), "--signature", sig.toString(), "--public-key", tmp.resolve("alice.pub.pem").toString()).out();
        assertTrue(ok.startsWith(model + ": OK (4 files, root sha256:" + signed.get("root_digest").asText() + ", signed by key "), ok);
    }

    @Test
    void sign_aSingleFile_namesIt_dot_andModelSigningsVerifierAccepts() throws IOException {
        Path file = Files.write(tmp.resolve("model.onnx"), new byte[] {1, 2, 3});
        Path sig = tmp.resolve("model.sig");
        h.ok("sign", file.toString(), "--signature", sig.toString());

        JsonNode statement = statement(sig);
        assertEquals(".", statement.at("/predicate/resources/0/name").asText());
        assertEquals("model.onnx", statement.at("/subject/0/name").asText());
        Harness.Result python = pythonVerify(file, sig, publicKey("alice").toString());
        assertEquals(0, python.code(), python.out());
        h.ok("verify-signature", file.toString(), "--signature", sig.toString(), "--public-key", tmp.resolve("alice.pub.pem").toString());
    }

    @Test
    void sign_aFolderWithASymlink_isRefused_unlessAllowed_thenRecordedAsAllowed() throws IOException {
        Path model = h.model("linked", "weights");
        Files.createSymbolicLink(model.resolve("latest.bin"), Path.of("weights.bin"));
        Path sig = tmp.resolve("model.sig");
        Harness.Result refused = h.run("sign", model.toString(), "--signature", sig.toString());
        assertEquals(2, refused.code());
        assertEquals("airisk: error: 'latest.bin' is a symlink, and symlinks are not allowed (allow symlinks (--allow-symlinks), or replace the link with the file)",
                refused.firstErrLine());
        assertFalse(Files.exists(sig));

        h.ok("sign", model.toString(), "--signature", sig.toString(), "--allow-symlinks");
        assertTrue(statement(sig).at("/predicate/serialization/allow_symlinks").asBoolean());
        Harness.Result python = pythonVerify(model, sig, publicKey("alice").toString(), "--allow-symlinks");
        assertEquals(0, python.code(), python.out());
        h.ok("verify-signature", model.toString(), "--signature", sig.toString(), "--public-key", tmp.resolve("alice.pub.pem").toString());
    }

    /** openssl checks the signature over the DSSE PAE, written here by hand, with the key's own SHA-2. */
    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-p256", "ecdsa-p384", "ecdsa-p521"})
    void sign_withEachCurve_verifiesWithModelSigningsVerifier_andOpenssl(String type) throws IOException {
        h.ok("keys", "generate", "--name", type, "--type", type);
        Path model = h.model("m-" + type, "weights " + type);
        Path sig = tmp.resolve(type + ".sig");
        h.ok("sign", model.toString(), "--signature", sig.toString(), "--key", type);
        Path pub = publicKey(type);

        Harness.Result python = pythonVerify(model, sig, pub.toString());
        assertEquals(0, python.code(), python.out());
        JsonNode env = Json.mapper().readTree(sig.toFile()).get("dsseEnvelope");
        byte[] payload = Base64.getDecoder().decode(env.get("payload").asText());
        ByteArrayOutputStream pae = new ByteArrayOutputStream();
        pae.writeBytes(("DSSEv1 28 application/vnd.in-toto+json " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        pae.writeBytes(payload);
        Files.write(tmp.resolve("pae.bin"), pae.toByteArray());
        Files.write(tmp.resolve("sig.der"), Base64.getDecoder().decode(env.at("/signatures/0/sig").asText()));
        String digest = switch (type) {
            case "ecdsa-p384" -> "-sha384";
            case "ecdsa-p521" -> "-sha512";
            default -> "-sha256";
        };
        Harness.Result openssl = exec(tmp, "openssl", "dgst", digest, "-verify", pub.toString(), "-signature", "sig.der", "pae.bin");
        assertEquals("Verified OK\n", openssl.out());
        Files.write(tmp.resolve("pae.bin"), new String(pae.toByteArray(), StandardCharsets.UTF_8).replace("weights.bin", "weights.bim")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(1, exec(tmp, "openssl", "dgst", digest, "-verify", pub.toString(), "-signature", "sig.der", "pae.bin").code());
    }

    private static Path copyResource(String name, Path to) throws IOException {
        Path from = RESOURCES.resolve(name);
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        Files.write(target, in.readAllBytes());
                    }
                }
            }
        }
        return to;
    }

    /** The key-mode models of v0.3.1 and v1.0.0 sign the file signme-1; the others their folder. */
    private static boolean singleFile(String name) {
        return name.equals("v0.3.1-elliptic-key") || name.equals("v1.0.0-elliptic-key");
    }

    private String[] fixtureArgs(Path dir, String name, String... more) {
        List<String> args = new ArrayList<>(List.of("verify-signature",
                singleFile(name) ? dir.resolve("signme-1").toString() : dir.toString(),
                "--signature", dir.resolve("model.sig").toString()));
        if (name.endsWith("-certificate")) {
            args.addAll(List.of("--certificate-chain", RESOURCES.resolve("keys/ca-cert.pem").toString()));
        } else {
            args.addAll(List.of("--public-key", RESOURCES.resolve("keys/signing-key-pub.pem").toString()));
        }
        args.addAll(List.of("--ignore-paths", dir.resolve("ignore-me").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.2.0-certificate", "v0.3.1-certificate", "v0.3.1-elliptic-key", "v1.0.0-certificate",
        "v1.0.0-elliptic-key", "v1.0.1-certificate", "v1.0.1-elliptic-key", "v1.1.0-certificate", "v1.1.0-elliptic-key"})
    void verifySignature_ofModelSigningsOwnModels_passes_andFailsWithExit4OnceChanged(String name) throws IOException {
        Path dir = copyResource(name, tmp.resolve(name));
        JsonNode ok = h.ok(fixtureArgs(dir, name, "--format", "json")).json();
        assertTrue(ok.get("verified").asBoolean());
        assertEquals(name.startsWith("v0.2") ? "https://model_signing/Digests/v0.1" : "https://model_signing/signature/v1.0",
                ok.at("/statement/predicate_type").asText());

        Files.writeString(dir.resolve("signme-1"), "changed");
        Harness.Result changed = h.run(fixtureArgs(dir, name));
        assertEquals(4, changed.code());
        String shown = singleFile(name) ? dir.resolve("signme-1").toString() : dir.toString();
        String resource = singleFile(name) ? "." : "signme-1";
        assertEquals("airisk: error: " + shown + ": Hash mismatch for '" + resource
                + "' (do not use these files; ask the signer for the model as signed)", changed.firstErrLine());
        assertEquals(shown + ": FAILED\n  Hash mismatch for '" + resource + "'\n", changed.out());
    }

    @Test
    void verifySignature_namesExtraAndMissingFiles_inTextAndJson() throws IOException {
        Path dir = copyResource("v1.1.0-elliptic-key", tmp.resolve("m"));
        Files.writeString(dir.resolve("added.bin"), "x");
        Files.delete(dir.resolve("signme-2"));
        Harness.Result r = h.run(fixtureArgs(dir, "v1.1.0-elliptic-key", "--format", "json"));
        assertEquals(4, r.code());
        assertEquals("airisk: error: " + dir + ": Extra files: added.bin; Missing files: signme-2"
                + " (do not use these files; ask the signer for the model as signed)", r.firstErrLine());
        JsonNode json = r.json();
        assertFalse(json.get("verified").asBoolean());
        assertEquals(List.of("Extra files: added.bin", "Missing files: signme-2"), Json.mapper().convertValue(json.get("problems"), List.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p256-folder", "p384-shards", "p521-file", "p256-blake2b"})
    void verifySignature_ofGoldenBundles_passes(String name) throws IOException {
        Path dir = copyResource("golden/" + name, tmp.resolve(name));
        Path model = Files.exists(dir.resolve("model")) ? dir.resolve("model") : dir.resolve("model.bin");
        String[] args = {"verify-signature", model.toString(), "--signature", dir.resolve("model.sig").toString(),
            "--public-key", dir.resolve("key.pub.pem").toString(), "--format", "json"};
        JsonNode ok = h.ok(args).json();
        assertTrue(ok.get("verified").asBoolean(), ok.toString());
        if (!name.contains("shards") && !name.contains("blake2b")) {
            Harness.Result python = pythonVerify(model, dir.resolve("model.sig"), dir.resolve("key.pub.pem").toString());
            assertEquals(0, python.code(), python.out());
        }
        Files.write(model.toFile().isDirectory() ? model.resolve("weights.bin") : model, new byte[] {9});
        assertEquals(4, h.run(args).code());
    }

    @Test
    void verifySignature_badInput_isRefusedWithExit2() throws IOException {
        Path dir = copyResource("v1.1.0-elliptic-key", tmp.resolve("m"));
        String key = RESOURCES.resolve("keys/signing-key-pub.pem").toString();
        String ca = RESOURCES.resolve("keys/ca-cert.pem").toString();
        h.refused(2, "airisk: error: --identity needs --certificate-chain (give the CA certificates with --certificate-chain, or drop --identity)",
                "verify-signature", dir.toString(), "--signature", dir.resolve("model.sig").toString(), "--public-key", key, "--identity", "a@b.c");
        assertEquals(2, h.run("verify-signature", dir.toString(), "--signature", dir.resolve("model.sig").toString(),
                "--public-key", key, "--certificate-chain", ca).code());
        assertEquals(2, h.run("verify-signature", dir.toString(), "--public-key", key).code());
        h.refused(2, "airisk: error: " + tmp.resolve("nowhere") + " does not exist (give the model's folder or file)",
                "verify-signature", tmp.resolve("nowhere").toString(), "--signature", dir.resolve("model.sig").toString(), "--public-key", key);
        Files.writeString(tmp.resolve("not.sig"), "{");
        Harness.Result malformed = h.run("verify-signature", dir.toString(), "--signature", tmp.resolve("not.sig").toString(), "--public-key", key);
        assertEquals(4, malformed.code());
        assertTrue(malformed.firstErrLine().startsWith("airisk: error: " + dir + ": the signature is not valid JSON"), malformed.err());
    }

    @Test
    void sign_badInput_isRefused_andWritesNothing() throws IOException {
        Path sig = tmp.resolve("out.sig");
        Harness.Result missing = h.run("sign", tmp.resolve("nowhere").toString(), "--signature", sig.toString());
        assertEquals(2, missing.code());
        assertEquals("airisk: error: " + tmp.resolve("nowhere") + " does not exist (give the model's folder or file)", missing.firstErrLine());
        Path empty = Files.createDirectories(tmp.resolve("empty/.git"));
        Harness.Result nothing = h.run("sign", empty.getParent().toString(), "--signature", sig.toString());
        assertEquals(2, nothing.code());
        assertEquals("airisk: error: empty holds no file to sign (give a folder with the model's files)", nothing.firstErrLine());
        assertFalse(Files.exists(sig));
        Path model = h.model("m", "w");
        Harness.Result noFolder = h.run("sign", model.toString(), "--signature", tmp.resolve("no/such/dir/model.sig").toString());
        assertEquals(7, noFolder.code());
        assertTrue(noFolder.firstErrLine().startsWith("airisk: error: cannot write " + tmp.resolve("no/such/dir/model.sig") + ": "), noFolder.err());
        Harness.Result noKey = new Harness(tmp.resolve("other")).run("sign", model.toString(), "--signature", sig.toString());
        assertEquals(5, noKey.code());
        assertFalse(Files.exists(sig));
    }

    @Test
    void sign_withAnEd25519Key_warnsThatOnlyAiriskVerifiesIt() throws IOException {
        h.ok("keys", "generate", "--name", "ed", "--type", "ed25519");
        Path model = h.model("m", "w");
        Path sig = tmp.resolve("ed.sig");
        Harness.Result r = h.ok("sign", model.toString(), "--signature", sig.toString(), "--key", "ed");
        assertEquals("airisk: warning: ed is an Ed25519 key: airisk verifies its signature, OpenSSF model_signing does not"
                + " (it takes EC keys only; sign with an ecdsa-p256, -p384 or -p521 key for it)", r.firstErrLine());
        h.ok("verify-signature", model.toString(), "--signature", sig.toString(), "--public-key", publicKey("ed").toString());
        assertEquals(1, pythonVerify(model, sig, tmp.resolve("ed.pub.pem").toString()).code());
    }

    @Test
    void gitPaths_signedWithNoIgnoreGitPaths_areMissingUnlessTheVerifierIncludesThemToo() throws IOException {
        Path model = hfClone();
        Path sig = tmp.resolve("with-git.sig");
        h.ok("sign", model.toString(), "--signature", sig.toString(), "--no-ignore-git-paths");
        String pub = publicKey("alice").toString();
        String[] verify = {"verify-signature", model.toString(), "--signature", sig.toString(), "--public-key", pub};

        Harness.Result r = h.run(verify);
        assertEquals(4, r.code());
        assertEquals("airisk: error: " + model + ": Missing files: .git/HEAD, .gitattributes"
                + " (do not use these files; ask the signer for the model as signed)", r.firstErrLine());
        assertEquals(1, pythonVerify(model, sig, pub).code(), "model_signing's verifier disagrees");
        h.ok(Stream.concat(Arrays.stream(verify), Stream.of("--no-ignore-git-paths"))
                .toArray(String[]::new));
        assertEquals(0, pythonVerify(model, sig, pub, "--no-ignore-git-paths").code());
    }

    @Test
    void v101_recordsNoIgnorePaths_soItsExtraFileMustBeIgnoredByTheVerifier() throws IOException {
        Path dir = copyResource("v1.0.1-elliptic-key", tmp.resolve("v101"));
        String key = RESOURCES.resolve("keys/signing-key-pub.pem").toString();
        Harness.Result r = h.run("verify-signature", dir.toString(), "--signature", dir.resolve("model.sig").toString(), "--public-key", key);
        assertEquals(4, r.code());
        assertEquals(dir + ": FAILED\n  Extra files: ignore-me\n", r.out());
        h.ok("verify-signature", dir.toString(), "--signature", dir.resolve("model.sig").toString(), "--public-key", key,
                "--ignore-paths", dir.resolve("ignore-me").toString(), tmp.resolve("outside").toString());
    }

    /** The statement's text is what Python's json.dumps(indent=2) gives, as protobuf's MessageToJson writes it in model_signing. */
    @Test
    void sign_laysTheStatementOutAsModelSigningDoes() throws IOException {
        Path model = h.model("caf\u00e9", "weights");
        Files.writeString(model.resolve("na\u00efve \"quoted\".txt"), "x");
        Path sig = tmp.resolve("layout.sig");
        h.ok("sign", model.toString(), "--signature", sig.toString());
        byte[] payload = Base64.getDecoder().decode(Json.mapper().readTree(sig.toFile()).at("/dsseEnvelope/payload").asText());
        Path file = Files.write(tmp.resolve("payload.json"), payload);
        Harness.Result python = exec(tmp, "python3", "-c", "import json, sys; sys.stdout.write(json.dumps(json.load(open(sys.argv[1])), indent=2))",
                file.toString());
        assertEquals(0, python.code(), python.out());
        assertEquals(python.out(), new String(payload, StandardCharsets.US_ASCII));
    }
}
