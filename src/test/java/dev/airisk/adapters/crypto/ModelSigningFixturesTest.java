package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.ModelSigning.Trust;
import dev.airisk.core.port.ModelSigning.Verification;
import dev.airisk.core.port.ModelSigning.VerifyOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * model_signing's own signed test models (v0.2.0 through v1.1.0, key and certificate modes, P-384),
 * copied from its repository under src/test/resources/model_signing, verified by the engine, and
 * refused once a file is changed, added or removed.
 */
class ModelSigningFixturesTest {
    private final ModelSigning engine = new SigstoreModelSigning();
    @TempDir Path tmp;

    /** A copy of fixture {@code name}: its folder, whose model.sig sits beside the signed files. */
    static Path copy(String name, Path to) throws IOException {
        Path dir = Files.createDirectories(to.resolve(name));
        for (String file : List.of("model.sig", "signme-1", "signme-2", "ignore-me")) {
            try (InputStream in = ModelSigningFixturesTest.class.getResourceAsStream("/model_signing/" + name + "/" + file)) {
                if (in != null) {
                    Files.write(dir.resolve(file), in.readAllBytes());
                }
            }
        }
        return dir;
    }

    static String key(String file) throws IOException {
        try (InputStream in = ModelSigningFixturesTest.class.getResourceAsStream("/model_signing/keys/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static Trust trustFor(String name) throws IOException {
        return name.endsWith("-certificate") ? Trust.certificates(List.of(key("ca-cert.pem")), List.of())
                : Trust.keys(List.of(key("signing-key-pub.pem")));
    }

    /** What model_signing's own scripts/tests verify: the single file for v0.3.1 and v1.0.0 key mode, else the folder. */
    static Path model(Path dir) {
        return Files.exists(dir.resolve("signme-2")) ? dir : dir.resolve("signme-1");
    }

    private Verification verify(Path dir, Trust trust) throws IOException {
        return verify(dir, model(dir), trust);
    }

    private Verification verify(Path dir, Path model, Trust trust) throws IOException {
        return engine.verify(Files.readAllBytes(dir.resolve("model.sig")), engine.files(model), trust,
                new VerifyOptions(List.of("model.sig", "ignore-me"), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.2.0-certificate", "v0.3.1-certificate", "v0.3.1-elliptic-key", "v1.0.0-certificate",
        "v1.0.0-elliptic-key", "v1.0.1-certificate", "v1.0.1-elliptic-key", "v1.1.0-certificate", "v1.1.0-elliptic-key"})
    void fixture_verifies_andFailsOnceAFileChanges(String name) throws IOException {
        Path dir = copy(name, tmp);
        Verification ok = verify(dir, trustFor(name));
        assertTrue(ok.verified(), name + ": " + ok.problems());
        Path signme = dir.resolve("signme-1");
        Files.writeString(signme, "changed", StandardCharsets.UTF_8);
        Verification changed = verify(dir, trustFor(name));
        assertFalse(changed.verified());
        String resource = model(dir).equals(signme) ? "." : "signme-1";
        assertEquals(List.of("Hash mismatch for '" + resource + "'"), changed.problems(), name);
    }

    @Test
    void fixtureFolder_withAFileAddedOrRemoved_namesIt() throws IOException {
        for (String name : List.of("v0.2.0-certificate", "v1.0.1-elliptic-key", "v1.1.0-certificate")) {
            Path dir = copy(name, tmp.resolve("added"));
            Files.writeString(dir.resolve("extra.bin"), "x");
            assertEquals(List.of("Extra files: extra.bin"), verify(dir, trustFor(name)).problems(), name);
            Path gone = copy(name, tmp.resolve("removed"));
            Files.delete(gone.resolve("signme-2"));
            assertEquals(List.of("Missing files: signme-2"), verify(gone, gone, trustFor(name)).problems(), name);
        }
    }

    @Test
    void wrongTrust_isRefused_withOneLineReasons() throws IOException {
        Path key = copy("v1.1.0-elliptic-key", tmp);
        String other = TestSigner.generate(KeyType.ECDSA_P384, "other").publicKeyPem();
        assertEquals(List.of("the signature was made with another key: its public key hint e8450dec4eb9… is not the given key's"),
                verify(key, Trust.keys(List.of(other))).problems());
        Path old = copy("v1.0.1-elliptic-key", tmp);
        assertEquals(List.of("signature does not verify"), verify(old, Trust.keys(List.of(other))).problems());
        Path cert = copy("v1.1.0-certificate", tmp);
        assertEquals(List.of("the certificate chain does not lead to a trusted CA: Path does not chain with any of the trust anchors"),
                verify(cert, Trust.certificates(List.of(key("signing-key-cert.pem")), List.of())).problems());
        assertEquals(List.of("the signing certificate is for no identity, not ml@example.com"),
                verify(cert, Trust.certificates(List.of(key("ca-cert.pem")), List.of("ml@example.com"))).problems());
        assertEquals(List.of("the signature holds no certificate chain: it was signed with a bare key"),
                verify(key, Trust.certificates(List.of(key("ca-cert.pem")), List.of())).problems());
    }
}
