package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ECDSA P-384 and P-521 keys end to end: an admin key of the curve initialises a registry, trusts a
 * publisher key of the curve, which registers and promotes; openssl checks model.sig and record.sig over
 * the DSSE pre-authentication encoding with the curve's SHA-2, git checks the SSH commit signatures, and
 * the audit and verify pass.
 */
class EcdsaCurvesTest {
    @TempDir Path tmp;

    private String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    @ParameterizedTest
    @CsvSource({"ecdsa-p384, sha384, ecdsa-sha2-nistp384", "ecdsa-p521, sha512, ecdsa-sha2-nistp521"})
    void keysOfTheCurve_signEverything_andOutsideToolsVerifyIt(String type, String digest, String sshName) throws Exception {
        Harness h = new Harness(tmp);
        JsonNode admin = h.ok("keys", "generate", "--name", "admin", "--type", type, "--default", "--format", "json").json();
        assertEquals(type, admin.get("type").asText());
        h.ok("init");
        JsonNode pub = h.ok("keys", "generate", "--name", "pub", "--type", type, "--format", "json").json();
        Path pubPem = tmp.resolve("pub.pem");
        Files.writeString(pubPem, h.ok("keys", "export-public", "--name", "pub").out());
        h.ok("keys", "trust", pubPem.toString(), "--role", "publisher,releaser");
        JsonNode trusted = h.ok("keys", "trusted", "--format", "json").json();
        assertEquals(2, trusted.size());

        h.okAs("pub", "register", h.model("model", "weights").toString(), "--model", "churn", "--version", "1.0.0",
                "--meta", h.releasableMeta().toString());
        h.okAs("pub", "promote", "churn@1.0.0", "--to", "dev");

        // openssl checks model.sig and record.sig over the DSSE PAE with the curve's SHA-2
        String dir = "main:models/churn/versions/1.0.0/";
        JsonNode bundle = Json.mapper().readTree(run(tmp, "git", "--git-dir=" + h.registry, "show", dir + "model.sig"));
        assertOpensslVerifies(bundle.get("dsseEnvelope"), digest, pubPem);
        JsonNode record = Json.mapper().readTree(run(tmp, "git", "--git-dir=" + h.registry, "show", dir + "record.sig"));
        assertOpensslVerifies(record, digest, pubPem);

        // git checks the commits' SSH signatures with the keys converted by ssh-keygen
        Files.writeString(tmp.resolve("admin.pem"), h.ok("keys", "export-public", "--name", "admin").out());
        String adminSsh = run(tmp, "ssh-keygen", "-i", "-m", "PKCS8", "-f", "admin.pem").strip();
        String pubSsh = run(tmp, "ssh-keygen", "-i", "-m", "PKCS8", "-f", "pub.pem").strip();
        assertTrue(pubSsh.startsWith(sshName + " "), pubSsh);
        Files.writeString(tmp.resolve("allowed_signers"), "admin " + adminSsh + "\npub " + pubSsh + "\n");
        String log = run(tmp, "git", "--git-dir=" + h.registry, "log", "--format=%H", "main");
        assertEquals(4, log.lines().count(), log);
        for (String commit : log.lines().toList()) {
            String out = run(tmp, "git", "--git-dir=" + h.registry, "-c", "gpg.format=ssh",
                    "-c", "gpg.ssh.allowedSignersFile=" + tmp.resolve("allowed_signers"), "verify-commit", "-v", commit);
            assertTrue(out.contains("Good \"git\" signature for "), out);
        }

        // the audit and the verified reads accept the registry
        assertEquals(0, h.run("audit", "verify", "--format", "json").code());
        JsonNode verified = h.ok("verify", "churn@1.0.0", "--format", "json").json();
        JsonNode version = verified.get("versions").get(0);
        assertTrue(verified.get("ok").asBoolean(), verified.toString());
        assertEquals(pub.get("key_id").asText(), version.get("signature").get("key_id").asText(), verified.toString());
        assertEquals(pub.get("key_id").asText(), version.get("record_signature").get("key_id").asText(), verified.toString());
    }

    /** openssl verifies an envelope's first signature over its PAE with the public key, using {@code digest}. */
    private void assertOpensslVerifies(JsonNode envelope, String digest, Path publicKey) throws Exception {
        String type = envelope.get("payloadType").asText();
        byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
        ByteArrayOutputStream pae = new ByteArrayOutputStream();
        pae.write(("DSSEv1 " + type.length() + " " + type + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
        pae.write(payload);
        Files.write(tmp.resolve("pae.bin"), pae.toByteArray());
        Files.write(tmp.resolve("sig.der"), Base64.getDecoder().decode(envelope.get("signatures").get(0).get("sig").asText()));
        String ok = run(tmp, "openssl", "dgst", "-" + digest, "-verify", publicKey.toString(), "-signature", "sig.der", "pae.bin");
        assertTrue(ok.contains("Verified OK"), ok);
    }
}
