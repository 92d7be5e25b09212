package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.port.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DsseTest {
    private static final String TYPE = "application/vnd.airisk.approval+json";
    private static final byte[] BODY = "{\"approve\":\"churn@1.4.0\",\"env\":\"prod\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void pae_isTheDsseV1Encoding_withByteLengths() {
        assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world",
                new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8));
        assertEquals("DSSEv1 4 t/é 4 ✓x", new String(Dsse.pae("t/é", "✓x".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8), "lengths count UTF-8 bytes, not characters");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void sign_thenVerify_returnsTheSigningKeyAndPayload(KeyType type) {
        Signer signer = TestSigner.generate(type, "approver");

        Dsse.Envelope envelope = Dsse.read(Dsse.write(Dsse.sign(TYPE, BODY, signer)), "approval");
        Dsse.Verified verified = Dsse.verify(envelope, Map.of(signer.keyId(), signer.publicKeyPem()), "approval");

        assertEquals(signer.keyId(), verified.keyId());
        assertEquals(TYPE, verified.payloadType());
        assertArrayEquals(BODY, verified.payload());
    }

    @Test
    void verify_withChangedPayloadOrType_isIntegrityFailure() {
        Signer signer = TestSigner.generate(KeyType.ECDSA_P256, "approver");
        Dsse.Envelope signed = Dsse.sign(TYPE, BODY, signer);
        Map<String, String> trusted = Map.of(signer.keyId(), signer.publicKeyPem());

        for (Dsse.Envelope changed : List.of(
                new Dsse.Envelope(TYPE, "{\"approve\":\"churn@1.3.0\"}".getBytes(StandardCharsets.UTF_8), signed.signatures()),
                new Dsse.Envelope("application/other", BODY, signed.signatures()))) {
            IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> Dsse.verify(changed, trusted, "approval"));
            assertEquals("approval has a signature that does not verify with key " + signer.keyId().substring(0, 12) + "…",
                    e.getMessage());
        }
    }

    @Test
    void verify_byUntrustedKey_namesTheKey() {
        Signer signer = TestSigner.generate(KeyType.ED25519, "stranger");
        Signer trustedSigner = TestSigner.generate(KeyType.ED25519, "admin");

        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> Dsse.verify(Dsse.sign(TYPE, BODY, signer),
                Map.of(trustedSigner.keyId(), trustedSigner.publicKeyPem()), "approval"));

        assertEquals("approval is signed by key " + signer.keyId().substring(0, 12) + "… which is not trusted", e.getMessage());
    }

    @Test
    void read_withDuplicateKeysOrMissingFields_isIntegrityFailure() {
        for (String json : List.of(
                "{\"payload\":\"e30=\",\"payload\":\"e30=\",\"payloadType\":\"x\",\"signatures\":[]}",
                "{\"payloadType\":\"x\",\"signatures\":[]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"x\",\"signatures\":[{\"keyid\":\"k\"}]}",
                "{\"payload\":\"not base64!\",\"payloadType\":\"x\",\"signatures\":[]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"x\",\"signatures\":[]} trailing",
                "[]")) {
            assertThrows(IntegrityFailure.class, () -> Dsse.read(json.getBytes(StandardCharsets.UTF_8), "approval"), json);
        }
    }

    @Test
    void opensslVerifiesAnAiriskEcdsaSignatureOverThePae() {
        Signer signer = TestSigner.generate(KeyType.ECDSA_P256, "ci");
        byte[] sig = Dsse.sign(TYPE, BODY, signer).signatures().get(0).sig();

        String out = Tool.opensslVerify(dir, KeyType.ECDSA_P256, signer.publicKeyPem(), Dsse.pae(TYPE, BODY), sig).succeeded().out();

        assertEquals("Verified OK\n", out);
        Tool.opensslVerify(dir, KeyType.ECDSA_P256, signer.publicKeyPem(), Dsse.pae(TYPE, "{}".getBytes(StandardCharsets.UTF_8)), sig)
                .failed();
    }

    @Test
    void opensslVerifiesAnAiriskEd25519SignatureOverThePae() {
        Signer signer = TestSigner.generate(KeyType.ED25519, "ci");
        byte[] sig = Dsse.sign(TYPE, BODY, signer).signatures().get(0).sig();

        String out = Tool.opensslVerify(dir, KeyType.ED25519, signer.publicKeyPem(), Dsse.pae(TYPE, BODY), sig).succeeded().out();

        assertTrue(out.contains("Signature Verified Successfully"), out);
        Tool.opensslVerify(dir, KeyType.ED25519, signer.publicKeyPem(), Dsse.pae(TYPE, "{}".getBytes(StandardCharsets.UTF_8)), sig)
                .failed();
    }
}
