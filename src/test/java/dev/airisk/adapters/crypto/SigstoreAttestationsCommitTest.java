package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.git.GitRegistry;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.History.Commit;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code verifyCommit}: the SSH signatures in registry commits' gpgsig headers. */
class SigstoreAttestationsCommitTest {
    private static final String SSH_KEYGEN = "/usr/bin/ssh-keygen";
    /** Git must not read the developer's own configuration. */
    private static final Map<String, String> GIT_ENV = Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1");
    private static final byte[] PAYLOAD = """
            tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904
            author approver <ci@airisk> 1700000000 +0000
            committer approver <ci@airisk> 1700000000 +0000

            Promote churn@1.4.0 to prod

            Airisk-Op: promote
            """.getBytes(StandardCharsets.UTF_8);

    private final SigstoreAttestations attestations = new SigstoreAttestations();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void verifyCommit_ofTheSignersSignature_isTrue_andOfAChangedPayload_isFalse(KeyType type) {
        Signer signer = TestSigner.generate(type, "ci");
        String signature = signer.signCommit(PAYLOAD);

        assertTrue(attestations.verifyCommit(signature, PAYLOAD, signer.publicKeyPem()));
        assertFalse(attestations.verifyCommit(signature, changed(PAYLOAD), signer.publicKeyPem()));
    }

    @Test
    void verifyCommit_withAnotherKey_isFalse() {
        Signer signer = TestSigner.generate(KeyType.ECDSA_P256, "ci");
        String signature = signer.signCommit(PAYLOAD);

        assertFalse(attestations.verifyCommit(signature, PAYLOAD, TestSigner.generate(KeyType.ECDSA_P256, "other").publicKeyPem()));
        assertFalse(attestations.verifyCommit(signature, PAYLOAD, TestSigner.generate(KeyType.ED25519, "other").publicKeyPem()));
    }

    @Test
    void verifyCommit_ofAMalformedSignature_isFalse() {
        Signer signer = TestSigner.generate(KeyType.ED25519, "ci");
        String pem = signer.publicKeyPem();
        String signature = signer.signCommit(PAYLOAD);
        String body = signature.substring(signature.indexOf('\n') + 1, signature.indexOf("-----END"));
        byte[] raw = Base64.getMimeDecoder().decode(body);
        raw[raw.length - 5] ^= 1;
        String flipped = "-----BEGIN SSH SIGNATURE-----\n" + Base64.getEncoder().encodeToString(raw) + "\n-----END SSH SIGNATURE-----\n";

        assertTrue(attestations.verifyCommit(signature, PAYLOAD, pem), "the unchanged signature verifies");
        for (String bad : List.of(flipped, "", "not a signature",
                "-----BEGIN PGP SIGNATURE-----\n\n-----END PGP SIGNATURE-----\n",
                "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
                "-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n",
                signature.replaceFirst("\n[A-Za-z0-9+/=]+\n-----END", "\n-----END"))) {
            assertFalse(attestations.verifyCommit(bad, PAYLOAD, pem), bad);
        }
        assertFalse(attestations.verifyCommit(null, PAYLOAD, pem), "an unsigned commit");
    }

    @Test
    void verifyCommit_ofASignatureInAnotherNamespace_isFalse() throws IOException {
        Tool.run(dir, SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", "ci", "-f", "id").succeeded();
        Files.write(dir.resolve("payload"), PAYLOAD);
        Tool.run(dir, SSH_KEYGEN, "-Y", "sign", "-f", "id", "-n", "file", "payload").succeeded();
        String fileSignature = Files.readString(dir.resolve("payload.sig"));
        Files.delete(dir.resolve("payload.sig"));
        Tool.run(dir, SSH_KEYGEN, "-Y", "sign", "-f", "id", "-n", "git", "payload").succeeded();
        String gitSignature = Files.readString(dir.resolve("payload.sig"));
        String pem = PublicKeys.toPem(SshSignatures.signerKey(gitSignature));

        assertTrue(attestations.verifyCommit(gitSignature, PAYLOAD, pem), "ssh-keygen's signature in namespace git");
        assertFalse(attestations.verifyCommit(fileSignature, PAYLOAD, pem));
    }

    @Test
    void verifyCommit_withAPublicKeyThatCannotBeRead_isAnIntegrityFailure() {
        String signature = TestSigner.generate(KeyType.ED25519, "ci").signCommit(PAYLOAD);

        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> attestations.verifyCommit(signature, PAYLOAD, "not a key"));

        assertTrue(e.getMessage().startsWith("the public key to check a commit signature with cannot be read: "), e.getMessage());
    }

    /**
     * The commits the Git registry writes and its history reads back: verifyCommit accepts every one
     * exactly when {@code git verify-commit} does, and refuses a changed payload or another key.
     */
    @ParameterizedTest
    @EnumSource(KeyType.class)
    void verifyCommit_agreesWithGitVerifyCommit_onEveryCommitOfARegistry(KeyType type) throws IOException {
        Signer signer = TestSigner.generate(type, "ci");
        Signer other = TestSigner.generate(type, "other");
        Path registryDir = dir.resolve("registry.git");
        List<Commit> commits;
        try (GitRegistry registry = new GitRegistryProvider().create(registryDir.toString(), signer,
                Map.of("registry.yaml", "format_version: 1\n".getBytes(StandardCharsets.UTF_8)),
                CommitMessage.of("Create the registry", Map.of("Airisk-Op", "init")))) {
            registry.update(s -> new Change<>(null, Map.of("models/churn/model.yaml", "owner: ann\n".getBytes(StandardCharsets.UTF_8)),
                    CommitMessage.of("Add churn", Map.of("Airisk-Op", "model"))));
            commits = registry.history().commits();
        }
        Files.writeString(dir.resolve("allowed_signers"), "ci " + SshSignatures.openSshPublicKey(signer.publicKeyPem()) + "\n");

        assertEquals(2, commits.size());
        for (Commit commit : commits) {
            Tool.Result git = Tool.run(dir, GIT_ENV, new byte[0], "git", "--git-dir=" + registryDir,
                    "-c", "gpg.format=ssh", "-c", "gpg.ssh.program=" + SSH_KEYGEN,
                    "-c", "gpg.ssh.allowedSignersFile=" + dir.resolve("allowed_signers"), "verify-commit", commit.id()).succeeded();
            assertTrue(git.stderr().contains("Good \"git\" signature for ci"), git.stderr());
            assertTrue(attestations.verifyCommit(commit.signature(), commit.signedPayload(), signer.publicKeyPem()), commit.subject());
            assertFalse(attestations.verifyCommit(commit.signature(), changed(commit.signedPayload()), signer.publicKeyPem()));
            assertFalse(attestations.verifyCommit(commit.signature(), commit.signedPayload(), other.publicKeyPem()));
        }
    }

    /** The payload with its first "a" turned into "b". */
    private static byte[] changed(byte[] payload) {
        byte[] out = payload.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 'a') {
                out[i] = 'b';
                return out;
            }
        }
        throw new IllegalArgumentException("no 'a' to change");
    }
}
