package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.ModelSigning.ModelFile;
import dev.airisk.core.port.ModelSigning.ModelFiles;
import dev.airisk.core.port.ModelSigning.SignOptions;
import dev.airisk.core.port.ModelSigning.Trust;
import dev.airisk.core.port.ModelSigning.Verification;
import dev.airisk.core.port.ModelSigning.VerifyOptions;
import dev.airisk.core.port.Signer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model_signing engine on its own: hashes, the pre-1.0 encoding, several signatures, certificates, known digests. */
class SigstoreModelSigningTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModelSigning engine = new SigstoreModelSigning();
    @TempDir Path tmp;

    @Test
    void hashes_matchTheirPublishedTestVectors() throws IOException {
        // BLAKE3 and BLAKE2b-512 of "" and "abc", as their reference implementations (and Python's hashlib.blake2b) give them
        assertEquals("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", hash("", "blake3"));
        assertEquals("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85", hash("abc", "blake3"));
        assertEquals("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
                hash("abc", "blake2b"));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash("abc", "sha256"));
        assertEquals(List.of("a:0:2", "a:2:4", "a:4:5"), ResourceHashes.shardNames("a", 5, 2));
        assertEquals(List.of(), ResourceHashes.shardNames("empty", 0, 2));
        assertEquals(List.of(hash("ab", "sha256"), hash("c", "sha256")),
                ResourceHashes.shards(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), "sha256", 2));
    }

    private static String hash(String text, String type) throws IOException {
        return ResourceHashes.file(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), type);
    }

    /** model_signing's pae_compat, computed by Python itself for a payload with quotes, escapes and non-ASCII bytes. */
    @Test
    void paeCompat_isWhatPythonsStrOfBytesGives() throws Exception {
        byte[] payload = "{\"a\": 'b\\\\c'}\n\t\r\u00e9\u0001\u007f".getBytes(StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("python3", "-c", "import sys; p = sys.stdin.buffer.read(); t = 'application/vnd.in-toto+json'; "
                + "sys.stdout.buffer.write(f'DSSEV1 {len(t)} {t} {len(p)} {p}'.encode('utf-8'))").start();
        p.getOutputStream().write(payload);
        p.getOutputStream().close();
        byte[] python = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        assertArrayEquals(python, Dsse.paeCompat(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
        byte[] onlySingle = "it's".getBytes(StandardCharsets.US_ASCII);
        assertTrue(new String(Dsse.paeCompat(Dsse.IN_TOTO_PAYLOAD_TYPE, onlySingle), StandardCharsets.US_ASCII).endsWith(" 4 b\"it's\""));
    }

    private Path model() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(dir.resolve("weights.bin"), "weights");
        Files.writeString(dir.resolve("config.json"), "{}");
        return dir;
    }

    @Test
    void anEnvelopeWithSeveralSignatures_verifiesWhenOneIsByTheTrustedKey() throws IOException {
        Path dir = model();
        TestSigner stranger = TestSigner.generate(KeyType.ECDSA_P384, "stranger");
        TestSigner vendor = TestSigner.generate(KeyType.ECDSA_P384, "vendor");
        ObjectNode bundle = (ObjectNode) JSON.readTree(engine.sign(engine.files(dir), stranger, new SignOptions(null, List.of(), true, false)).bundle());
        ArrayNode signatures = (ArrayNode) bundle.at("/dsseEnvelope/signatures");
        byte[] payload = Base64.getDecoder().decode(bundle.at("/dsseEnvelope/payload").asText());
        signatures.addObject().put("sig", Base64.getEncoder().encodeToString(vendor.sign(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload))));
        ((ObjectNode) bundle.get("verificationMaterial")).putObject("publicKey").put("hint", "");

        Verification v = engine.verify(JSON.writeValueAsBytes(bundle), engine.files(dir), Trust.keys(List.of(vendor.publicKeyPem())), VerifyOptions.DEFAULT);
        assertTrue(v.verified(), v.problems().toString());
        assertEquals(vendor.keyId(), v.keyId());
    }

    @Test
    void registeredContent_withKnownSha256_isNotReadAgain() throws IOException {
        Path dir = model();
        TestSigner key = TestSigner.ecdsa("alice");
        byte[] bundle = engine.sign(engine.files(dir), key, new SignOptions(null, List.of(), true, false)).bundle();
        ModelFiles registered = ModelFiles.listed("model", false, List.of(
                new ModelFile("config.json", 2, Sha256.digest("{}".getBytes(StandardCharsets.UTF_8)), false),
                new ModelFile("weights.bin", 7, Sha256.digest("weights".getBytes(StandardCharsets.UTF_8)), false)),
                f -> {
                    throw new AssertionError("read " + f.path());
                });
        assertTrue(engine.verify(bundle, registered, Trust.keys(List.of(key.publicKeyPem())), VerifyOptions.DEFAULT).verified());
        ModelFiles changed = ModelFiles.listed("model", false, List.of(
                new ModelFile("config.json", 2, Sha256.digest("{}".getBytes(StandardCharsets.UTF_8)), false),
                new ModelFile("weights.bin", 7, Sha256.digest("other".getBytes(StandardCharsets.UTF_8)), false)), f -> null);
        assertEquals(List.of("Hash mismatch for 'weights.bin'"),
                engine.verify(bundle, changed, Trust.keys(List.of(key.publicKeyPem())), VerifyOptions.DEFAULT).problems());
    }

    /** A CA, and a signer whose key carries a certificate from it for ml-release@example.com. */
    private record Pki(X509Certificate ca, Signer signer) {
    }

    private static Pki pki(List<KeyPurposeId> usages) throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPair caKeys = KeyType.ECDSA_P384.generate(random);
        Date from = new Date(System.currentTimeMillis() - 60_000);
        Date to = new Date(System.currentTimeMillis() + 3_600_000);
        X500Name caName = new X500Name("CN=Example Model CA");
        JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, from, to, caName, caKeys.getPublic());
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        X509Certificate caCert = sign(ca, caKeys.getPrivate());
        TestSigner key = TestSigner.generate(KeyType.ECDSA_P256, "release");
        JcaX509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, from, to,
                new X500Name("CN=ml-release"), PublicKeys.fromPem(key.publicKeyPem()));
        leaf.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, "ml-release@example.com")));
        if (!usages.isEmpty()) {
            leaf.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usages.toArray(KeyPurposeId[]::new)));
        } else {
            leaf.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        }
        X509Certificate leafCert = sign(leaf, caKeys.getPrivate());
        Signer signer = new Signer() {
            @Override public String keyId() { return key.keyId(); }
            @Override public String keyName() { return key.keyName(); }
            @Override public String keyType() { return key.keyType(); }
            @Override public String publicKeyPem() { return key.publicKeyPem(); }
            @Override public byte[] sign(byte[] message) { return key.sign(message); }
            @Override public String signCommit(byte[] payload) { return key.signCommit(payload); }
            @Override public List<String> certificateChainPem() { return List.of(X509Chains.toPem(leafCert)); }
        };
        return new Pki(caCert, signer);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(key)));
    }

    @Test
    void aSignerWithACertificate_writesItsChain_andVerifiesByCaAndIdentity_hereAndWithModelSigningsVerifier() throws Exception {
        Path dir = model();
        Pki pki = pki(List.of(KeyPurposeId.id_kp_codeSigning));
        Path sig = tmp.resolve("model.sig");
        Files.write(sig, engine.sign(engine.files(dir), pki.signer(), new SignOptions(null, List.of(), true, false)).bundle());
        JsonNode bundle = JSON.readTree(sig.toFile());
        assertFalse(bundle.at("/verificationMaterial").has("publicKey"));
        assertEquals(1, bundle.at("/verificationMaterial/x509CertificateChain/certificates").size());

        String ca = X509Chains.toPem(pki.ca());
        Verification v = engine.verify(Files.readAllBytes(sig), engine.files(dir), Trust.certificates(List.of(ca), List.of("ml-release@example.com")),
                VerifyOptions.DEFAULT);
        assertTrue(v.verified(), v.problems().toString());
        assertEquals(List.of("ml-release@example.com"), v.identities());
        assertEquals(List.of("the signing certificate is for ml-release@example.com, not someone@example.com"),
                engine.verify(Files.readAllBytes(sig), engine.files(dir), Trust.certificates(List.of(ca), List.of("someone@example.com")),
                        VerifyOptions.DEFAULT).problems());
        assertTrue(engine.verify(Files.readAllBytes(sig), engine.files(dir), Trust.keys(List.of(pki.signer().publicKeyPem())),
                VerifyOptions.DEFAULT).verified(), "the key alone verifies a certificate bundle too");
        Trust both = new Trust(List.of(pki.signer().publicKeyPem()), List.of(ca), List.of("someone@example.com"));
        assertEquals(List.of("the signing certificate is for ml-release@example.com, not someone@example.com"),
                engine.verify(Files.readAllBytes(sig), engine.files(dir), both, VerifyOptions.DEFAULT).problems(),
                "with keys and CAs, a certificate bundle is checked against the CAs");

        Path caFile = Files.writeString(tmp.resolve("ca.pem"), ca);
        Process p = new ProcessBuilder("python3", Path.of("src/test/resources/model_signing/verify.py").toAbsolutePath().toString(),
                dir.toString(), "--signature", sig.toString(), "--certificate-chain", caFile.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void aCertificateForOtherUses_isRefused() throws Exception {
        Path dir = model();
        Pki pki = pki(List.of(KeyPurposeId.id_kp_serverAuth));
        byte[] bundle = engine.sign(engine.files(dir), pki.signer(), new SignOptions(null, List.of(), true, false)).bundle();
        assertEquals(List.of("the signing certificate may not be used for code signing"),
                engine.verify(bundle, engine.files(dir), Trust.certificates(List.of(X509Chains.toPem(pki.ca())), List.of()),
                        VerifyOptions.DEFAULT).problems());
    }

    @Test
    void aSignatureChangedAfterSigning_doesNotVerify() throws IOException {
        Path dir = model();
        TestSigner key = TestSigner.generate(KeyType.ECDSA_P521, "alice");
        ObjectNode bundle = (ObjectNode) JSON.readTree(engine.sign(engine.files(dir), key, new SignOptions(null, List.of(), true, false)).bundle());
        String payload = new String(Base64.getDecoder().decode(bundle.at("/dsseEnvelope/payload").asText()), StandardCharsets.UTF_8);
        ((ObjectNode) bundle.get("dsseEnvelope")).put("payload", Base64.getEncoder().encodeToString(
                payload.replace("\"allow_symlinks\": false", "\"allow_symlinks\": true").getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("signature does not verify"), engine.verify(JSON.writeValueAsBytes(bundle), engine.files(dir),
                Trust.keys(List.of(key.publicKeyPem())), VerifyOptions.DEFAULT).problems());
    }

    @Test
    void ignorePaths_areComparedAsPathlibComparesThem() {
        assertTrue(ModelFiles.ignored("sub/a.bin", List.of("./sub/")));
        assertTrue(ModelFiles.ignored("sub/a.bin", List.of("sub//a.bin")));
        assertTrue(ModelFiles.ignored("anything", List.of(".")));
        assertFalse(ModelFiles.ignored("subway/a.bin", List.of("sub")));
        assertFalse(ModelFiles.ignored("etc/passwd", List.of("/etc")));
        assertFalse(ModelFiles.ignored("x/y", List.of("../model/x")));
    }
}
