package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Attestations.SignedModel;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SigstoreAttestationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Sha256 CONFIG = Sha256.digest("{\"layers\":12}".getBytes(StandardCharsets.UTF_8));
    private static final Sha256 WEIGHTS = Sha256.digest("weights".getBytes(StandardCharsets.UTF_8));
    private static final Sha256 VOCAB = Sha256.digest("vocab".getBytes(StandardCharsets.UTF_8));
    private static final Manifest MANIFEST = new Manifest(List.of(
            new FileDigest("weights/model.safetensors", 7, WEIGHTS),
            new FileDigest("config.json", 13, CONFIG),
            new FileDigest("tokenizer/vocab.txt", 5, VOCAB)));

    private static Signer signer;
    private static Map<String, String> trusted;

    private final SigstoreAttestations attestations = new SigstoreAttestations();

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKey() {
        signer = TestSigner.generate(KeyType.ECDSA_P256, "release-ci");
        trusted = Map.of(signer.keyId(), signer.publicKeyPem());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void signModel_thenVerify_returnsWhatWasSigned(KeyType type) {
        Signer key = TestSigner.generate(type, "ci");

        SignedModel signed = attestations.verifyModel(attestations.signModel("churn", MANIFEST, key),
                Map.of(key.keyId(), key.publicKeyPem()));

        Map<String, Sha256> files = new LinkedHashMap<>();
        files.put("config.json", CONFIG);
        files.put("tokenizer/vocab.txt", VOCAB);
        files.put("weights/model.safetensors", WEIGHTS);
        assertEquals(new SignedModel(key.keyId(), "churn", MANIFEST.rootDigest(), files), signed);
        assertEquals(List.copyOf(files.keySet()), List.copyOf(signed.resources().keySet()), "in manifest order");
    }

    @Test
    void signModel_writesTheBundleLayoutOfModelSigningKeyMode() throws IOException {
        JsonNode bundle = JSON.readTree(attestations.signModel("churn", MANIFEST, signer));
        JsonNode envelope = bundle.get("dsseEnvelope");
        JsonNode statement = JSON.readTree(Base64.getDecoder().decode(envelope.get("payload").asText()));

        assertEquals("application/vnd.dev.sigstore.bundle.v0.3+json", bundle.get("mediaType").asText());
        assertEquals(Sha256.digest(signer.publicKeyPem().getBytes(StandardCharsets.US_ASCII)).hex(),
                bundle.at("/verificationMaterial/publicKey/hint").asText(), "hint = SHA-256 of the PEM, as model_signing checks");
        assertEquals(0, bundle.at("/verificationMaterial/tlogEntries").size());
        assertEquals("application/vnd.in-toto+json", envelope.get("payloadType").asText());
        assertEquals(1, envelope.get("signatures").size());
        assertEquals(signer.keyId(), envelope.at("/signatures/0/keyid").asText());
        assertEquals(JSON.readTree("""
                {"_type":"https://in-toto.io/Statement/v1",
                 "subject":[{"name":"churn","digest":{"sha256":"%s"}}],
                 "predicateType":"https://model_signing/signature/v1.0",
                 "predicate":{
                   "resources":[
                     {"name":"config.json","algorithm":"sha256","digest":"%s"},
                     {"name":"tokenizer/vocab.txt","algorithm":"sha256","digest":"%s"},
                     {"name":"weights/model.safetensors","algorithm":"sha256","digest":"%s"}],
                   "serialization":{"method":"files","hash_type":"sha256","allow_symlinks":false}}}
                """.formatted(MANIFEST.rootDigest(), CONFIG, VOCAB, WEIGHTS)), statement);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC", "ED25519"})
    void verify_bundleSignedByOpensslWithAnOpensslKey_isAccepted_andTamperingIsRejected(String algorithm) throws IOException {
        OpensslKey key = OpensslKey.generate(dir, algorithm);
        byte[] statement = statement("churn", MANIFEST.rootDigest(), "weights/model.safetensors", WEIGHTS);
        byte[] bundle = key.signBundle(statement);
        Map<String, String> trustOpenssl = Map.of(key.keyId(), key.publicPem());

        SignedModel signed = attestations.verifyModel(bundle, trustOpenssl);

        assertEquals(key.keyId(), signed.keyId());
        assertEquals("churn", signed.subjectName());
        assertEquals(MANIFEST.rootDigest(), signed.rootDigest());
        assertEquals(List.of("config.json", "tokenizer/vocab.txt", "weights/model.safetensors"),
                List.copyOf(signed.resources().keySet()));

        byte[] otherPayload = statement("churn", MANIFEST.rootDigest(), "weights/model.safetensors", VOCAB);
        assertRejected("model.sig has a signature that does not verify with key " + key.keyId().substring(0, 12) + "…",
                replaceInEnvelope(bundle, "payload", Base64.getEncoder().encodeToString(otherPayload)), trustOpenssl);
        byte[] sig = Base64.getDecoder().decode(JSON.readTree(bundle).at("/dsseEnvelope/signatures/0/sig").asText());
        sig[sig.length / 2] ^= 1;
        assertRejected("model.sig has a signature that does not verify with key " + key.keyId().substring(0, 12) + "…",
                replaceSignature(bundle, sig), trustOpenssl);
        assertRejected("model.sig is signed by the key with hint " + key.hint().substring(0, 12) + "… which is not trusted",
                bundle, trusted);
    }

    @Test
    void verify_byAnUntrustedAiriskKey_namesTheKey() {
        Signer stranger = TestSigner.generate(KeyType.ED25519, "stranger");

        assertRejected("model.sig is signed by key " + stranger.keyId().substring(0, 12) + "… which is not trusted",
                attestations.signModel("churn", MANIFEST, stranger), trusted);
    }

    @Test
    void verify_signedStatementWhoseRootDigestDoesNotMatchItsFiles_isRejected() {
        byte[] statement = statement("churn", WEIGHTS, "weights/model.safetensors", WEIGHTS);

        assertRejected("model.sig states root digest " + WEIGHTS.shortHex() + " but its files hash to "
                + MANIFEST.rootDigest().shortHex(), signedBundle(Dsse.IN_TOTO_PAYLOAD_TYPE, statement), trusted);
    }

    @Test
    void verify_signedButWrongTypesOrFiles_isRejected() {
        byte[] good = statement("churn", MANIFEST.rootDigest(), "weights/model.safetensors", WEIGHTS);
        String text = new String(good, StandardCharsets.UTF_8);

        assertRejected("model.sig has payload type 'application/json', not 'application/vnd.in-toto+json'",
                signedBundle("application/json", good), trusted);
        assertRejected("model.sig has predicate type 'https://slsa.dev/provenance/v1', not 'https://model_signing/signature/v1.0'",
                signedBundle(Dsse.IN_TOTO_PAYLOAD_TYPE, bytes(text.replace("https://model_signing/signature/v1.0",
                        "https://slsa.dev/provenance/v1"))), trusted);
        assertRejected("model.sig payload has _type 'https://in-toto.io/Statement/v0.1', not 'https://in-toto.io/Statement/v1'",
                signedBundle(Dsse.IN_TOTO_PAYLOAD_TYPE, bytes(text.replace("Statement/v1", "Statement/v0.1"))), trusted);
        assertRejected("model.sig payload lists a file whose path escapes the model root with '..'",
                signedBundle(Dsse.IN_TOTO_PAYLOAD_TYPE, bytes(text.replace("\"config.json\"", "\"../config.json\""))), trusted);
        assertRejected("model.sig payload lists 'config.json' twice",
                signedBundle(Dsse.IN_TOTO_PAYLOAD_TYPE, bytes(text.replace("\"tokenizer/vocab.txt\"", "\"config.json\""))), trusted);
        assertRejected("model.sig payload has a shard name 'config.json' that is not path:start:end",
                signedBundle(Dsse.IN_TOTO_PAYLOAD_TYPE, bytes(text.replace("\"files\"", "\"shards\",\"shard_size\":100"))), trusted);
    }

    @Test
    void verify_malformedBundles_areRejected() throws IOException {
        byte[] good = attestations.signModel("churn", MANIFEST, signer);
        ObjectNode twoSignatures = (ObjectNode) JSON.readTree(good);
        ((ArrayNode) twoSignatures.at("/dsseEnvelope/signatures"))
                .add(twoSignatures.at("/dsseEnvelope/signatures/0").deepCopy());
        String text = new String(good, StandardCharsets.UTF_8);

        assertRejected("model.sig holds 2 signatures, not one", JSON.writeValueAsBytes(twoSignatures), trusted);
        assertRejected("model.sig has mediaType 'application/vnd.dev.sigstore.bundle+json;version=0.2', "
                + "not 'application/vnd.dev.sigstore.bundle.v0.3+json'",
                bytes(text.replace("application/vnd.dev.sigstore.bundle.v0.3+json",
                        "application/vnd.dev.sigstore.bundle+json;version=0.2")), trusted);
        assertRejected("model.sig has no object 'dsseEnvelope'",
                bytes(text.replace("\"dsseEnvelope\"", "\"messageEnvelope\"")), trusted);
        assertThrows(IntegrityFailure.class, () -> attestations.verifyModel(bytes("not json"), trusted));
        assertThrows(IntegrityFailure.class, () -> attestations.verifyModel(bytes(text + "{}"), trusted));
    }

    @Test
    void verify_withATrustedKeyFiledUnderAnotherId_isRejected() {
        Signer other = TestSigner.generate(KeyType.ED25519, "other");
        byte[] bundle = attestations.signModel("churn", MANIFEST, signer);

        IntegrityFailure e = assertThrows(IntegrityFailure.class,
                () -> attestations.verifyModel(bundle, Map.of(other.keyId(), signer.publicKeyPem())));

        assertEquals("trusted key file " + other.keyId().substring(0, 12) + "… holds key " + signer.keyId().substring(0, 12) + "…",
                e.getMessage());
    }

    @Test
    void verify_bundleWhoseHintIsTheAiriskKeyId_findsTheKey() throws IOException {
        ObjectNode bundle = (ObjectNode) JSON.readTree(attestations.signModel("churn", MANIFEST, signer));
        ((ObjectNode) bundle.at("/verificationMaterial/publicKey")).put("hint", signer.keyId());
        ((ObjectNode) bundle.at("/dsseEnvelope/signatures/0")).remove("keyid");

        assertEquals(signer.keyId(), attestations.verifyModel(JSON.writeValueAsBytes(bundle), trusted).keyId());
    }

    private void assertRejected(String message, byte[] bundle, Map<String, String> trustedKeys) {
        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> attestations.verifyModel(bundle, trustedKeys));
        assertEquals(message, e.getMessage());
    }

    /** A bundle over any payload, signed by the trusted test key. */
    private static byte[] signedBundle(String payloadType, byte[] payload) {
        return SigstoreBundle.write(Dsse.sign(payloadType, payload, signer), "");
    }

    /** The model_signing statement for the test manifest, with one file's digest replaced. */
    private static byte[] statement(String name, Sha256 root, String replacedFile, Sha256 replacedDigest) {
        Map<String, Sha256> files = new LinkedHashMap<>(Map.of("config.json", CONFIG, "tokenizer/vocab.txt", VOCAB,
                "weights/model.safetensors", WEIGHTS));
        files.put(replacedFile, replacedDigest);
        return bytes("""
                {"_type": "https://in-toto.io/Statement/v1",
                 "subject": [{"name": "%s", "digest": {"sha256": "%s"}}],
                 "predicateType": "https://model_signing/signature/v1.0",
                 "predicate": {"serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": false},
                   "resources": [
                     {"algorithm": "sha256", "digest": "%s", "name": "config.json"},
                     {"algorithm": "sha256", "digest": "%s", "name": "tokenizer/vocab.txt"},
                     {"algorithm": "sha256", "digest": "%s", "name": "weights/model.safetensors"}]}}
                """.formatted(name, root, files.get("config.json"), files.get("tokenizer/vocab.txt"),
                files.get("weights/model.safetensors")));
    }

    private static byte[] replaceInEnvelope(byte[] bundle, String field, String value) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(bundle);
        ((ObjectNode) root.get("dsseEnvelope")).put(field, value);
        return JSON.writeValueAsBytes(root);
    }

    private static byte[] replaceSignature(byte[] bundle, byte[] sig) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(bundle);
        ((ObjectNode) root.at("/dsseEnvelope/signatures/0")).put("sig", Base64.getEncoder().encodeToString(sig));
        return JSON.writeValueAsBytes(root);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A key pair made by the openssl CLI, and bundles whose signature openssl computes, laid out as model_signing does. */
    private record OpensslKey(Path dir, String algorithm, String publicPem) {
        static OpensslKey generate(Path dir, String algorithm) throws IOException {
            if (algorithm.equals("EC")) {
                Tool.run(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-out", "key.pem").succeeded();
            } else {
                Tool.run(dir, "openssl", "genpkey", "-algorithm", "ED25519", "-out", "key.pem").succeeded();
            }
            Tool.run(dir, "openssl", "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem").succeeded();
            return new OpensslKey(dir, algorithm, Files.readString(dir.resolve("pub.pem")));
        }

        String keyId() {
            return Sha256.digest(Tool.run(dir, "openssl", "pkey", "-pubin", "-in", "pub.pem", "-outform", "DER")
                    .succeeded().stdout()).hex();
        }

        String hint() {
            return Sha256.digest(publicPem.getBytes(StandardCharsets.US_ASCII)).hex();
        }

        byte[] signBundle(byte[] statement) throws IOException {
            String type = "application/vnd.in-toto+json";
            byte[] header = ("DSSEv1 " + type.length() + " " + type + " " + statement.length + " ").getBytes(StandardCharsets.US_ASCII);
            byte[] pae = new byte[header.length + statement.length];
            System.arraycopy(header, 0, pae, 0, header.length);
            System.arraycopy(statement, 0, pae, header.length, statement.length);
            Files.write(dir.resolve("pae.bin"), pae);
            if (algorithm.equals("EC")) {
                Tool.run(dir, "openssl", "dgst", "-sha256", "-sign", "key.pem", "-out", "sig", "pae.bin").succeeded();
            } else {
                Tool.run(dir, "openssl", "pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "pae.bin", "-out", "sig")
                        .succeeded();
            }
            return bytes("""
                    {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
                     "verificationMaterial": {"publicKey": {"hint": "%s"}, "tlogEntries": []},
                     "dsseEnvelope": {"payload": "%s", "payloadType": "%s", "signatures": [{"sig": "%s"}]}}
                    """.formatted(hint(), Base64.getEncoder().encodeToString(statement), type,
                    Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("sig")))));
        }
    }
}
