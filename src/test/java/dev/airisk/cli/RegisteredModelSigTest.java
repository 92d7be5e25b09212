package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model.sig that {@code register} writes is what model_signing checks for the same folder or file:
 * git files and a stale model.sig left out and recorded as ignored, {@code "."} for a single file,
 * followed symlinks recorded as allowed. Checked with the independent verifier that follows
 * model_signing's verification source (src/test/resources/model_signing/verify.py).
 */
class RegisteredModelSigTest {
    @TempDir Path tmp;

    private static Harness.Result exec(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Harness.Result(p.waitFor(), out, "");
    }

    /** The registry's model.sig of NAME@VERSION, written to a file beside the model. */
    private Path modelSig(Harness h, String name, String version) throws Exception {
        Harness.Result r = exec(tmp, List.of("git", "--git-dir=" + h.registry, "show", "main:models/" + name + "/versions/" + version + "/model.sig"));
        assertEquals(0, r.code(), r.out());
        return Files.writeString(tmp.resolve(name + "-" + version + ".sig"), r.out());
    }

    private Harness.Result pythonVerify(Harness h, Path model, Path sig, String... extra) throws Exception {
        Path pub = Files.writeString(tmp.resolve("alice.pub.pem"), h.ok("keys", "export-public").out());
        List<String> cmd = new ArrayList<>(List.of("python3", Path.of("src/test/resources/model_signing/verify.py").toAbsolutePath().toString(),
                model.toString(), "--signature", sig.toString(), "--public-key", pub.toString()));
        cmd.addAll(List.of(extra));
        return exec(tmp, cmd);
    }

    private static JsonNode statement(Path sig) throws IOException {
        JsonNode bundle = Json.mapper().readTree(sig.toFile());
        return Json.mapper().readTree(Base64.getDecoder().decode(bundle.at("/dsseEnvelope/payload").asText()));
    }

    @Test
    void register_aCloneWithGitFilesAStaleSignatureAndASymlink_writesWhatModelSigningVerifies() throws Exception {
        Harness h = Harness.initialised(tmp);
        Path model = h.model("bert", "weights");
        Files.writeString(model.resolve(".gitattributes"), "*.bin filter=lfs diff=lfs merge=lfs -text\n");
        Files.createDirectories(model.resolve(".git"));
        Files.writeString(model.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(model.resolve("model.sig"), "stale");
        Files.createSymbolicLink(model.resolve("latest.bin"), Path.of("weights.bin"));
        JsonNode reg = h.register(model, "bert", "1.0.0").json();

        List<String> paths = new ArrayList<>();
        reg.get("files").forEach(f -> paths.add(f.get("path").asText()));
        assertEquals(List.of("config.json", "latest.bin", "requirements.txt", "tokenizer/vocab.txt", "weights.bin"), paths);
        Path sig = modelSig(h, "bert", "1.0.0");
        JsonNode serialization = statement(sig).at("/predicate/serialization");
        assertEquals(List.of("model.sig", ".git", ".gitattributes", ".github", ".gitignore"),
                Json.mapper().convertValue(serialization.get("ignore_paths"), List.class));
        assertTrue(serialization.get("allow_symlinks").asBoolean());
        Harness.Result python = pythonVerify(h, model, sig, "--allow-symlinks");
        assertEquals("Verification succeeded\n", python.out());
        h.ok("verify", "bert@1.0.0");
        h.ok("verify-signature", model.toString(), "--signature", sig.toString(), "--public-key", tmp.resolve("alice.pub.pem").toString());
    }

    @Test
    void register_aSingleFile_namesIt_dot_inModelSig_andVerifyStillHolds() throws Exception {
        Harness h = Harness.initialised(tmp);
        Path file = Files.write(tmp.resolve("model.onnx"), new byte[] {7, 7, 7});
        h.register(file, "onnx", "1.0.0").json();

        Path sig = modelSig(h, "onnx", "1.0.0");
        JsonNode statement = statement(sig);
        assertEquals(".", statement.at("/predicate/resources/0/name").asText());
        assertEquals("onnx", statement.at("/subject/0/name").asText());
        Harness.Result python = pythonVerify(h, file, sig);
        assertEquals("Verification succeeded\n", python.out());
        h.ok("verify", "onnx@1.0.0");
    }

    @Test
    void register_aPlainFolder_recordsNoSymlinks_andVerifies() throws Exception {
        Harness h = Harness.initialised(tmp);
        Path model = h.model("plain", "weights");
        h.register(model, "plain", "1.0.0").json();
        Path sig = modelSig(h, "plain", "1.0.0");
        assertEquals(false, statement(sig).at("/predicate/serialization/allow_symlinks").asBoolean());
        assertEquals("Verification succeeded\n", pythonVerify(h, model, sig).out());
    }

    /** A key with a certificate from the bank's CA: sign and register write its chain, checked by CA and identity. */
    @Test
    void aCertifiedKey_signsBundlesWithItsChain_thatVerifyByCaAndIdentity_hereAndWithModelSigningsVerifier() throws Exception {
        Harness h = Harness.initialised(tmp);
        TestCertificates.Issued root = TestCertificates.ca("CN=Bank Root CA");
        TestCertificates.Issued issuing = TestCertificates.intermediate(root, "CN=Bank Code Signing CA");
        Path cert = Files.writeString(tmp.resolve("alice.crt"), TestCertificates.pem(
                TestCertificates.leaf(issuing, TestCertificates.publicKey(h, "alice"), List.of("alice@bank.example"), null)));
        Path chain = Files.writeString(tmp.resolve("chain.pem"), issuing.pem());
        h.ok("keys", "import", "alice", "--certificate", cert.toString(), "--chain", chain.toString());
        Path ca = Files.writeString(tmp.resolve("ca.pem"), root.pem());
        Path model = h.model("certified", "weights");

        Path signed = tmp.resolve("signed.sig");
        assertTrue(h.ok("sign", model.toString(), "--signature", signed.toString(), "--format", "json").json().get("certificate").asBoolean());
        h.register(model, "certified", "1.0.0").json();
        Path registered = modelSig(h, "certified", "1.0.0");
        for (Path sig : List.of(signed, registered)) {
            JsonNode bundle = Json.mapper().readTree(sig.toFile());
            assertEquals(2, bundle.at("/verificationMaterial/x509CertificateChain/certificates").size(), sig.toString());
            JsonNode ok = h.ok("verify-signature", model.toString(), "--signature", sig.toString(), "--certificate-chain", ca.toString(),
                    "--identity", "alice@bank.example", "--format", "json").json();
            assertEquals(List.of("alice@bank.example"), Json.mapper().convertValue(ok.get("identities"), List.class));
            Harness.Result other = h.run("verify-signature", model.toString(), "--signature", sig.toString(), "--certificate-chain",
                    ca.toString(), "--identity", "bob@bank.example");
            assertEquals(4, other.code());
            Harness.Result python = exec(tmp, List.of("python3", Path.of("src/test/resources/model_signing/verify.py").toAbsolutePath().toString(),
                    model.toString(), "--signature", sig.toString(), "--certificate-chain", ca.toString()));
            assertEquals("Verification succeeded\n", python.out(), sig.toString());
        }
        h.ok("verify", "certified@1.0.0");
    }
}
