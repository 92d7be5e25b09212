package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SshSignaturesTest {
    private static final String SSH_KEYGEN = "/usr/bin/ssh-keygen";
    private static final byte[] PAYLOAD = """
            tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904
            author airisk <ci@example.com> 1700000000 +0000
            committer airisk <ci@example.com> 1700000000 +0000

            Promote churn@1.4.0 to prod

            Airisk-Op: promote
            """.getBytes(StandardCharsets.UTF_8);
    /** Git must not read the developer's own configuration. */
    private static final Map<String, String> GIT_ENV = Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void sshKeygenVerifiesAnAiriskCommitSignature_andRejectsAChangedPayload(KeyType type) throws IOException {
        Signer signer = TestSigner.generate(type, "ci");
        String signature = signer.signCommit(PAYLOAD);
        Files.writeString(dir.resolve("sig.txt"), signature);
        Files.writeString(dir.resolve("allowed_signers"), "ci@example.com " + SshSignatures.openSshPublicKey(signer.publicKeyPem()) + "\n");

        String out = Tool.run(dir, Map.of(), PAYLOAD, SSH_KEYGEN, "-Y", "verify", "-f", "allowed_signers",
                "-I", "ci@example.com", "-n", "git", "-s", "sig.txt").succeeded().out();

        assertTrue(out.startsWith("Good \"git\" signature for ci@example.com with"), out);
        assertTrue(signature.startsWith("-----BEGIN SSH SIGNATURE-----\n") && signature.endsWith("\n-----END SSH SIGNATURE-----\n"));
        assertTrue(signature.lines().allMatch(line -> line.length() <= 70), signature);
        Tool.run(dir, Map.of(), "changed".getBytes(StandardCharsets.UTF_8), SSH_KEYGEN, "-Y", "verify", "-f", "allowed_signers",
                "-I", "ci@example.com", "-n", "git", "-s", "sig.txt").failed();
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void gitVerifyCommit_acceptsACommitCarryingTheSignatureInItsGpgsigHeader(KeyType type) throws IOException {
        Signer signer = TestSigner.generate(type, "ci");
        Files.writeString(dir.resolve("allowed_signers"), "ci@example.com " + SshSignatures.openSshPublicKey(signer.publicKeyPem()) + "\n");
        Tool.run(dir, GIT_ENV, new byte[0], "git", "init", "-q", "repo").succeeded();
        Path repo = dir.resolve("repo");
        String tree = Tool.run(repo, GIT_ENV, new byte[0], "git", "mktree").succeeded().out().strip();
        String payload = "tree " + tree + "\nauthor airisk <ci@example.com> 1700000000 +0000\n"
                + "committer airisk <ci@example.com> 1700000000 +0000\n\nRegister churn@1.4.0\n";

        String commit = writeCommit(repo, payload, signer.signCommit(payload.getBytes(StandardCharsets.UTF_8)));
        Tool.Result verified = gitVerifyCommit(repo, commit);
        String forged = writeCommit(repo, payload.replace("churn@1.4.0", "churn@6.6.6"),
                signer.signCommit(payload.getBytes(StandardCharsets.UTF_8)));

        verified.succeeded();
        assertTrue(verified.stderr().contains("Good \"git\" signature for ci@example.com"), verified.stderr());
        gitVerifyCommit(repo, forged).failed();
    }

    @Test
    void verify_acceptsSshKeygensSignature_andRejectsAChangedPayloadOrAnotherNamespace() throws IOException {
        Tool.run(dir, SSH_KEYGEN, "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "ci", "-f", "id").succeeded();
        Files.write(dir.resolve("payload"), PAYLOAD);
        Tool.run(dir, SSH_KEYGEN, "-Y", "sign", "-f", "id", "-n", "git", "payload").succeeded();
        String signature = Files.readString(dir.resolve("payload.sig"));
        String pem = Tool.run(dir, SSH_KEYGEN, "-e", "-m", "PKCS8", "-f", "id.pub").succeeded().out();

        SshSignatures.verify(signature, PAYLOAD, pem);

        assertFailure("the SSH signature does not match the signed data",
                () -> SshSignatures.verify(signature, "changed".getBytes(StandardCharsets.UTF_8), pem));
        Files.delete(dir.resolve("payload.sig"));
        Tool.run(dir, SSH_KEYGEN, "-Y", "sign", "-f", "id", "-n", "file", "payload").succeeded();
        String fileSignature = Files.readString(dir.resolve("payload.sig"));
        assertFailure("the SSH signature is for namespace 'file', not 'git'",
                () -> SshSignatures.verify(fileSignature, PAYLOAD, pem));
    }

    @Test
    void verify_acceptsSshKeygensEd25519Signature() throws IOException {
        Tool.run(dir, SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", "ci", "-f", "id").succeeded();
        Files.write(dir.resolve("payload"), PAYLOAD);
        Tool.run(dir, SSH_KEYGEN, "-Y", "sign", "-f", "id", "-n", "git", "payload").succeeded();
        PublicKey key = ed25519FromOpenSshLine(Files.readString(dir.resolve("id.pub")));

        SshSignatures.verify(Files.readString(dir.resolve("payload.sig")), PAYLOAD, key);

        assertEquals(PublicKeys.keyId(key), PublicKeys.keyId(SshSignatures.signerKey(Files.readString(dir.resolve("payload.sig")))));
    }

    @Test
    void verify_withAnotherKeyThanTheSigner_isRejected() {
        Signer signer = TestSigner.generate(KeyType.ECDSA_P256, "ci");
        Signer other = TestSigner.generate(KeyType.ECDSA_P256, "other");
        String signature = signer.signCommit(PAYLOAD);

        assertFailure("the SSH signature was not made by key " + other.keyId().substring(0, 12) + "…",
                () -> SshSignatures.verify(signature, PAYLOAD, other.publicKeyPem()));
        assertEquals(signer.keyId(), PublicKeys.keyId(SshSignatures.signerKey(signature)));
    }

    @Test
    void verify_withDamagedArmor_isRejected() {
        Signer signer = TestSigner.generate(KeyType.ED25519, "ci");
        String signature = signer.signCommit(PAYLOAD);

        assertFailure("the signature is not an armored SSH signature",
                () -> SshSignatures.verify("-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----", PAYLOAD, signer.publicKeyPem()));
        String truncated = signature.replaceFirst("\n[A-Za-z0-9+/=]+\n-----END", "\n-----END");
        assertThrows(IntegrityFailure.class, () -> SshSignatures.verify(truncated, PAYLOAD, signer.publicKeyPem()));
    }

    @Test
    void openSshPublicKey_isWhatSshKeygenMakesOfThePem() throws IOException {
        Signer signer = TestSigner.generate(KeyType.ECDSA_P256, "ci");
        TestSigner.writePublicKey(signer, dir, "pub.pem");

        String line = Tool.run(dir, SSH_KEYGEN, "-i", "-m", "PKCS8", "-f", "pub.pem").succeeded().out().strip();

        assertEquals(line, SshSignatures.openSshPublicKey(signer.publicKeyPem()));
    }

    private String writeCommit(Path repo, String payload, String signature) {
        int headerEnd = payload.indexOf("\n\n");
        String gpgsig = "gpgsig " + signature.strip().replace("\n", "\n ") + "\n";
        String object = payload.substring(0, headerEnd + 1) + gpgsig + payload.substring(headerEnd + 1);
        return Tool.run(repo, GIT_ENV, object.getBytes(StandardCharsets.UTF_8),
                "git", "hash-object", "-t", "commit", "-w", "--stdin").succeeded().out().strip();
    }

    private Tool.Result gitVerifyCommit(Path repo, String commit) {
        return Tool.run(repo, GIT_ENV, new byte[0], "git", "-c", "gpg.format=ssh",
                "-c", "gpg.ssh.program=" + SSH_KEYGEN,
                "-c", "gpg.ssh.allowedSignersFile=" + dir.resolve("allowed_signers").toAbsolutePath(),
                "verify-commit", commit);
    }

    /** An OpenSSH ed25519 public key line as a JCA key: the SPKI is a fixed DER prefix and the key's 32 bytes. */
    private static PublicKey ed25519FromOpenSshLine(String line) {
        byte[] blob = Base64.getDecoder().decode(line.split(" ")[1]);
        byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] spki = Arrays.copyOf(prefix, prefix.length + 32);
        System.arraycopy(blob, blob.length - 32, spki, prefix.length, 32);
        return PublicKeys.fromDer(spki);
    }

    private static void assertFailure(String message, Executable call) {
        IntegrityFailure e = assertThrows(IntegrityFailure.class, call);
        assertEquals(message, e.getMessage());
    }
}
