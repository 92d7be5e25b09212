package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What airisk writes can be checked with tools that know nothing of airisk: openssl, git, ssh-keygen. */
class InteropTest {
    @TempDir Path tmp;

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    /** openssl verifies the first signature of a DSSE envelope over tmp/pae.bin with the harness's default public key. */
    private void assertOpensslVerifies(Harness h, JsonNode envelope) throws Exception {
        Files.write(tmp.resolve("sig.der"), Base64.getDecoder().decode(envelope.get("signatures").get(0).get("sig").asText()));
        Files.writeString(tmp.resolve("pub.pem"), h.ok("keys", "export-public").out());
        String ok = run(tmp, "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "pae.bin");
        assertTrue(ok.contains("Verified OK"), ok);
    }

    @Test
    void modelSig_isVerifiedByOpensslOverTheDssePae_andStatesTheManifest() throws Exception {
        Harness h = Harness.initialised(tmp);
        Path model = h.model("model", "weights");
        JsonNode reg = h.register(model, "churn", "1.4.0").json();
        Path sigFile = tmp.resolve("model.sig");
        Files.writeString(sigFile, run(tmp, "git", "--git-dir=" + h.registry, "show", "main:models/churn/versions/1.4.0/model.sig"));
        JsonNode bundle = Json.mapper().readTree(sigFile.toFile());
        assertEquals("application/vnd.dev.sigstore.bundle.v0.3+json", bundle.get("mediaType").asText());
        JsonNode env = bundle.get("dsseEnvelope");
        String type = env.get("payloadType").asText();
        byte[] payload = Base64.getDecoder().decode(env.get("payload").asText());
        ByteArrayOutputStream pae = new ByteArrayOutputStream();
        pae.write(("DSSEv1 " + type.getBytes(StandardCharsets.UTF_8).length + " " + type + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
        pae.write(payload);
        Files.write(tmp.resolve("pae.bin"), pae.toByteArray());
        assertOpensslVerifies(h, env);

        // The statement lists the files, and its subject digest is SHA-256 over their sorted raw digests.
        JsonNode statement = Json.mapper().readTree(payload);
        assertEquals("https://model_signing/signature/v1.0", statement.get("predicateType").asText());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<String> names = new ArrayList<>();
        for (JsonNode r : statement.get("predicate").get("resources")) {
            names.add(r.get("name").asText());
            md.update(HexFormat.of().parseHex(r.get("digest").asText()));
        }
        assertEquals(List.of("config.json", "requirements.txt", "tokenizer/vocab.txt", "weights.bin"), names);
        String root = HexFormat.of().formatHex(md.digest());
        assertEquals(root, statement.get("subject").get(0).get("digest").get("sha256").asText());
        assertEquals(root, reg.get("root_digest").asText());
        // sha256sum agrees with the per-file digests.
        String sums = run(model, "sha256sum", "weights.bin");
        assertTrue(sums.startsWith(statement.get("predicate").get("resources").get(3).get("digest").asText()), sums);
    }

    @Test
    void recordSig_isVerifiedByOpensslOverTheDssePae_andCoversTheRecordsExactBytes() throws Exception {
        Harness h = Harness.initialised(tmp);
        JsonNode reg = h.register(h.model("model", "weights"), "churn", "1.4.0").json();
        String record = "models/churn/versions/1.4.0/record.yaml";
        Path sigFile = tmp.resolve("record.sig");
        Files.writeString(sigFile, run(tmp, "git", "--git-dir=" + h.registry, "show", "main:models/churn/versions/1.4.0/record.sig"));
        JsonNode env = Json.mapper().readTree(sigFile.toFile());
        String type = env.get("payloadType").asText();
        assertEquals("application/vnd.in-toto+json", type);
        byte[] payload = Base64.getDecoder().decode(env.get("payload").asText());
        Files.write(tmp.resolve("payload.json"), payload);
        // The PAE written by printf and cat, as docs/formats.md shows it, not by airisk's code.
        run(tmp, "sh", "-c", "printf 'DSSEv1 %s %s %s ' " + type.length() + " '" + type + "' \"$(wc -c < payload.json)\" > pae.bin"
                + " && cat payload.json >> pae.bin");
        assertOpensslVerifies(h, env);

        // The subject is the record file by its registry path, with the sha256sum of the bytes git holds.
        JsonNode statement = Json.mapper().readTree(payload);
        assertEquals("https://in-toto.io/Statement/v1", statement.get("_type").asText());
        assertEquals("https://airisk.dev/record/v1", statement.get("predicateType").asText());
        assertEquals(record, statement.get("subject").get(0).get("name").asText());
        String sum = run(tmp, "sh", "-c", "git --git-dir=" + h.registry + " cat-file blob main:" + record + " | sha256sum");
        assertTrue(sum.startsWith(statement.get("subject").get(0).get("digest").get("sha256").asText() + " "), sum);
        JsonNode predicate = statement.get("predicate");
        assertEquals("churn", predicate.get("model").asText());
        assertEquals("1.4.0", predicate.get("version").asText());
        assertEquals(reg.get("root_digest").asText(), predicate.get("root_digest").asText());
    }

    @Test
    void registryCommits_carryTrailers_andSshSignaturesThatGitVerifies() throws Exception {
        Harness h = Harness.initialised(tmp);
        h.register(h.model("model", "weights"), "churn", "1.4.0");
        String keyId = h.ok("keys", "list", "--format", "json").json().get(0).get("key_id").asText();

        String log = run(tmp, "git", "--git-dir=" + h.registry, "log", "--format=%s%n%(trailers:only,unfold)", "main");
        assertTrue(log.contains("Airisk-Op: register\nAirisk-Model: churn\nAirisk-Version: 1.4.0\nAirisk-Actor: " + keyId), log);
        assertTrue(log.contains("Airisk-Op: init"), log);
        run(tmp, "git", "--git-dir=" + h.registry, "fsck", "--strict");

        // An allowed-signers file made from the exported public key, with ssh-keygen converting PEM to OpenSSH.
        Files.writeString(tmp.resolve("pub.pem"), h.ok("keys", "export-public").out());
        String sshKey = run(tmp, "ssh-keygen", "-i", "-m", "PKCS8", "-f", "pub.pem").strip();
        Files.writeString(tmp.resolve("allowed_signers"), "alice " + sshKey + "\n");
        String out = run(tmp, "git", "--git-dir=" + h.registry, "-c", "gpg.format=ssh",
                "-c", "gpg.ssh.allowedSignersFile=" + tmp.resolve("allowed_signers"), "verify-commit", "-v", "main");
        assertTrue(out.contains("Good \"git\" signature for alice"), out);
        run(tmp, "git", "--git-dir=" + h.registry, "-c", "gpg.format=ssh",
                "-c", "gpg.ssh.allowedSignersFile=" + tmp.resolve("allowed_signers"), "verify-commit", "main~1");
    }
}
