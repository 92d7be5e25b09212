package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.crypto.SigstoreAttestations;
import dev.airisk.adapters.crypto.SigstoreModelSigning;
import dev.airisk.adapters.archive.CommonsContainerReader;
import dev.airisk.adapters.archive.FileModelSources;
import dev.airisk.adapters.archive.TarGzArchiveWriter;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.adapters.store.LocalStoreProvider;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.Services;
import dev.airisk.core.release.VerifyReport;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suppliers' models registered with the supplier's own model_signing signature: the vendors of
 * policy.yaml, {@code register --signature --vendor}, vendor.sig re-checked by verify, and the
 * model-card gate. The key-mode signature is model_signing's own (its v1.1.0 P-384 test model); the
 * certificate-mode one is made here under a CA made here.
 */
class VendorModelsTest {
    private static final Path FIXTURES = Path.of("src/test/resources/model_signing");
    private static final ModelRef NER = ModelRef.parse("acme-ner@2.1.0");

    @TempDir
    Path tmp;
    Harness h;
    Path model;
    Path sig;
    String fixtureKey;
    String otherKey;
    String vendorCa;
    String vendorChainLeafKey;

    @BeforeEach
    void setUp() throws Exception {
        h = Harness.initialised(tmp);
        model = Files.createDirectories(tmp.resolve("acme-ner"));
        for (String f : List.of("signme-1", "signme-2")) {
            Files.copy(FIXTURES.resolve("v1.1.0-elliptic-key").resolve(f), model.resolve(f));
        }
        sig = Files.copy(FIXTURES.resolve("v1.1.0-elliptic-key/model.sig"), tmp.resolve("acme-ner.sig"));
        String certtool = Files.readString(FIXTURES.resolve("keys/signing-key-pub.pem"));
        fixtureKey = certtool.substring(certtool.indexOf("-----BEGIN PUBLIC KEY-----"));
        KeyPair other = ec("secp384r1");
        otherKey = pem("PUBLIC KEY", other.getPublic().getEncoded());
    }

    // ---- helpers

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A YAML list item holding {@code pem} as a literal block, indented under a key at {@code indent}. */
    private static String block(String pem, int indent) {
        String pad = " ".repeat(indent);
        StringBuilder b = new StringBuilder(pad).append("- |\n");
        pem.lines().forEach(l -> b.append(pad).append("  ").append(l).append('\n'));
        return b.toString();
    }

    private Path policy(String yaml) throws IOException {
        return Files.writeString(tmp.resolve("policy.yaml"), yaml);
    }

    /** A policy listing acme (model_signing's test key), other (another key), old (end-of-life) and certs (a CA). */
    private String vendors(String ca, String identity) {
        return "vendors:\n"
                + "  acme:\n    keys:\n" + block(fixtureKey, 6) + "    support: supported\n    risk: medium\n"
                + "  other:\n    keys:\n" + block(otherKey, 6) + "    support: supported\n    risk: low\n"
                + "  old:\n    keys:\n" + block(fixtureKey, 6) + "    support: end-of-life\n    risk: high\n"
                + "  certs:\n    ca:\n" + block(ca, 6) + "    identities: [" + identity + "]\n    support: supported\n    risk: critical\n";
    }

    private void setVendors() throws IOException {
        h.ok("policy", "set", policy(vendors(Files.readString(FIXTURES.resolve("keys/ca-cert.pem")), "ml-release@acme.example")).toString());
    }

    private String[] register(Path dir, String version, String vendor, Path signature, String... meta) {
        Path m = h.writeMeta("owner: team@example.com\nrisk_tier: limited\n" + String.join("\n", meta) + "\n");
        return new String[] {"register", dir.toString(), "--model", "acme-ner", "--version", version, "--meta", m.toString(),
            "--signature", signature.toString(), "--vendor", vendor};
    }

    private static String keyId(String pem) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    private <T> T core(java.util.function.Function<Services, T> use) {
        try (Registry registry = new GitRegistryProvider().open(h.registry.toString(), null)) {
            return use.apply(new Services(registry, new YamlRegistryCodec(), new LocalStoreProvider(), new FileModelSources(),
                    new CommonsContainerReader(), new SigstoreAttestations(), new TarGzArchiveWriter(), null, Clock.systemUTC(), 1,
                    new SigstoreModelSigning()));
        }
    }

    // ---- register and verify

    @Test
    void register_vendorModelSignedByModelSigning_keepsVendorSig_andVerifyChecksBoth() throws Exception {
        setVendors();
        JsonNode r = h.ok(append(register(model, "2.1.0", "acme", sig), "--format", "json")).json();
        String signer = "key " + keyId(fixtureKey);
        assertEquals("acme", r.at("/vendor/name").asText());
        assertEquals(signer, r.at("/vendor/signer").asText());

        String folder = "models/acme-ner/versions/2.1.0/";
        assertEquals(Files.readString(sig), GitTamper.git(tmp, "--git-dir=" + h.registry, "show", "main:" + folder + "vendor.sig"));
        String record = GitTamper.git(tmp, "--git-dir=" + h.registry, "show", "main:" + folder + "record.yaml");
        assertTrue(record.contains("source: vendor"), record);
        assertTrue(record.contains("signer: " + signer), record);

        Harness.Result verify = h.ok("verify", NER.toString());
        assertTrue(verify.out().startsWith("acme-ner@2.1.0: OK (2 files, root sha256:"), verify.out());
        assertTrue(verify.out().strip().endsWith("; vendor acme, signed by " + signer + ")"), verify.out());
        JsonNode v = h.ok("verify", "--all", "--format", "json").json().get("versions").get(0);
        assertEquals("acme", v.at("/vendor_signature/vendor").asText());
        assertTrue(v.at("/vendor_signature/problem").isNull());

        String shown = h.ok("show", NER.toString()).out();
        assertTrue(shown.contains("source:        vendor\n"), shown);
        assertTrue(shown.contains("vendor name:   acme\n"), shown);
        assertTrue(shown.contains("vendor signer: " + signer + "\n"), shown);
        assertEquals(signer, h.ok("show", NER.toString(), "--format", "json").json().at("/metadata/vendor/signer").asText());

        // The same files and signature again: a no-op.
        assertTrue(h.ok(append(register(model, "2.1.0", "acme", sig), "--format", "json")).json().get("already_registered").asBoolean());

        // The vendor's key taken out of the policy: verify no longer accepts vendor.sig.
        h.ok("policy", "set", policy("vendors:\n  acme:\n    keys:\n" + block(otherKey, 6) + "    support: supported\n    risk: medium\n").toString());
        Harness.Result after = h.run("verify", NER.toString());
        assertEquals(4, after.code(), after.err());
        assertTrue(after.firstErrLine().startsWith("airisk: error: acme-ner@2.1.0: vendor.sig: the signature was made with another key"),
                after.err());
        assertTrue(after.out().contains("\n  vendor: vendor.sig: the signature was made with another key"), after.out());
    }

    @Test
    void register_vendorModelSignedInShards_isCheckedFromTheFiles_andVerifiedFromTheStore() throws Exception {
        Path golden = FIXTURES.resolve("golden/p384-shards");
        Path shards = Files.createDirectories(tmp.resolve("shards"));
        try (var walk = Files.walk(golden.resolve("model"))) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                Path to = shards.resolve(golden.resolve("model").relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        h.ok("policy", "set", policy("vendors:\n  acme:\n    keys:\n" + block(Files.readString(golden.resolve("key.pub.pem")), 6)
                + "    support: supported\n    risk: low\n").toString());
        h.ok(register(shards, "2.1.0", "acme", golden.resolve("model.sig")));
        assertTrue(h.ok("verify", NER.toString()).out().contains("; vendor acme, signed by key "));

        // A blob of the store changed: the shards are hashed from the store, and vendor.sig no longer holds either.
        String hex = h.ok("show", NER.toString(), "--format", "json").json().at("/manifest/files/0/sha256").asText();
        Path blob = h.store.resolve("sha256/" + hex.substring(0, 2) + "/" + hex.substring(2));
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(blob, new byte[] {1, 2, 3});
        Harness.Result r = h.run("verify", NER.toString(), "--format", "json");
        assertEquals(4, r.code(), r.err());
        JsonNode report = r.json().get("versions").get(0);
        assertEquals("vendor.sig: Hash mismatch for 'a/b.txt:0:21'", report.at("/vendor_signature/problem").asText());
    }

    @Test
    void register_certificateVendor_namesTheCertificatesIdentity() throws Exception {
        KeyPair caKeys = ec("secp384r1");
        KeyPair leafKeys = ec("secp384r1");
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=Acme Model Signing CA");
        X509CertificateHolder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(30, ChronoUnit.DAYS)), caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
                .build(new JcaContentSignerBuilder("SHA384withECDSA").build(caKeys.getPrivate()));
        X509CertificateHolder leaf = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(30, ChronoUnit.DAYS)), new X500Name("CN=Acme release"), leafKeys.getPublic())
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, "ml-release@acme.example")))
                .build(new JcaContentSignerBuilder("SHA384withECDSA").build(caKeys.getPrivate()));
        String caPem = pem("CERTIFICATE", ca.getEncoded());
        Signer vendor = signer(leafKeys, List.of(pem("CERTIFICATE", leaf.getEncoded())));
        ModelSigning signing = new SigstoreModelSigning();
        byte[] bundle = signing.sign(signing.files(model), vendor,
                new ModelSigning.SignOptions(null, List.of(), true, false)).bundle();
        Path certSig = Files.write(tmp.resolve("cert.sig"), bundle);

        h.ok("policy", "set", policy(vendors(caPem, "ml-release@acme.example")).toString());
        JsonNode r = h.ok(append(register(model, "2.1.0", "certs", certSig), "--format", "json")).json();
        assertEquals("ml-release@acme.example", r.at("/vendor/signer").asText());
        assertTrue(h.ok("verify", NER.toString()).out().contains("; vendor certs, signed by ml-release@acme.example)"));

        // Another identity in the policy: the same signature is refused.
        h.ok("policy", "set", policy(vendors(caPem, "someone-else@acme.example")).toString());
        h.refused(4, "airisk: error: the signature " + certSig + " of vendor 'certs' does not hold for these files: "
                        + "the signing certificate is for ml-release@acme.example, not someone-else@acme.example"
                        + " (register the model exactly as the vendor signed it, or ask the vendor for its signature)",
                register(model, "2.2.0", "certs", certSig));
    }

    private static Signer signer(KeyPair keys, List<String> chain) {
        return new Signer() {
            @Override
            public String keyId() {
                return "vendor";
            }

            @Override
            public String keyName() {
                return "vendor";
            }

            @Override
            public String keyType() {
                return "ecdsa-p384";
            }

            @Override
            public String publicKeyPem() {
                return pem("PUBLIC KEY", keys.getPublic().getEncoded());
            }

            @Override
            public byte[] sign(byte[] message) {
                try {
                    PrivateKey key = keys.getPrivate();
                    Signature s = Signature.getInstance("SHA384withECDSA");
                    s.initSign(key);
                    s.update(message);
                    return s.sign();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public String signCommit(byte[] commitPayload) {
                throw new UnsupportedOperationException("a vendor signs no registry commits");
            }

            @Override
            public List<String> certificateChainPem() {
                return chain;
            }
        };
    }

    private static String[] append(String[] args, String... more) {
        String[] out = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, out, args.length, more.length);
        return out;
    }

    // ---- refused registrations: nothing written

    @Test
    void register_withTheWrongVendorsKey_isRefused() throws Exception {
        setVendors();
        String hint = h.run(register(model, "2.1.0", "other", sig)).firstErrLine();
        h.refused(4, hint, register(model, "2.1.0", "other", sig));
        assertTrue(hint.startsWith("airisk: error: the signature " + sig + " of vendor 'other' does not hold for these files: "
                + "the signature was made with another key: its public key hint "), hint);
    }

    /** register of the model with acme's signature is refused with exit 4 for {@code problem}, and writes nothing. */
    private void refusedForAcme(String problem) {
        h.refused(4, "airisk: error: the signature " + sig + " of vendor 'acme' does not hold for these files: " + problem
                        + " (register the model exactly as the vendor signed it, or ask the vendor for its signature)",
                register(model, "2.1.0", "acme", sig));
    }

    @Test
    void register_ofAChangedFile_isRefused() throws Exception {
        setVendors();
        Files.writeString(model.resolve("signme-1"), "changed");
        refusedForAcme("Hash mismatch for 'signme-1'");
    }

    @Test
    void register_withAFileTheVendorDidNotSign_isRefused() throws Exception {
        setVendors();
        // model_signing's v1.1.0 signature records ignore-me as ignored: it verifies, but does not sign the file.
        Files.writeString(model.resolve("ignore-me"), "");
        refusedForAcme("it does not sign ignore-me");
    }

    @Test
    void register_ofAnUnknownOrUnsupportedVendor_isRefused() throws Exception {
        h.refused(2, "airisk: error: vendor 'acme' is not listed in the registry's policy (it lists no vendors)"
                        + " (check the name, or add the vendor under 'vendors:' in policy.yaml with 'airisk policy set')",
                register(model, "2.1.0", "acme", sig));
        setVendors();
        h.refused(2, "airisk: error: vendor 'acne' is not listed in the registry's policy (it lists acme, certs, old, other)"
                        + " (check the name, or add the vendor under 'vendors:' in policy.yaml with 'airisk policy set')",
                register(model, "2.1.0", "acne", sig));
        h.refused(3, "airisk: error: acme-ner@2.1.0 was not registered: vendor 'old' is end-of-life in the registry's policy,"
                        + " so no new versions of its models are accepted"
                        + " (register a model of a supported vendor, or change the vendor's support status in policy.yaml)",
                register(model, "2.1.0", "old", sig));
    }

    @Test
    void register_certificateVendor_withAnotherIdentity_isRefused() throws Exception {
        setVendors();
        Path certModel = Files.createDirectories(tmp.resolve("cert-model"));
        for (String f : List.of("signme-1", "signme-2")) {
            Files.copy(FIXTURES.resolve("v1.1.0-certificate").resolve(f), certModel.resolve(f));
        }
        Path certSig = Files.copy(FIXTURES.resolve("v1.1.0-certificate/model.sig"), tmp.resolve("cert.sig"));
        h.refused(4, "airisk: error: the signature " + certSig + " of vendor 'certs' does not hold for these files: "
                        + "the signing certificate is for no identity, not ml-release@acme.example"
                        + " (register the model exactly as the vendor signed it, or ask the vendor for its signature)",
                register(certModel, "2.1.0", "certs", certSig));
    }

    @Test
    void register_vendorFieldsWithoutASignature_areRefused() throws Exception {
        setVendors();
        Path meta = h.writeMeta("owner: team@example.com\nrisk_tier: limited\nsource: vendor\n");
        h.refused(2, "airisk: error: acme-ner@2.1.0: source: vendor is recorded only from a vendor's verified signature"
                        + " (register the supplier's model with --signature FILE --vendor NAME, or remove it from META.yaml)",
                "register", model.toString(), "--model", "acme-ner", "--version", "2.1.0", "--meta", meta.toString());
        Harness.Result half = h.run("register", model.toString(), "--model", "acme-ner", "--version", "2.1.0", "--meta", meta.toString(),
                "--signature", sig.toString());
        assertEquals(2, half.code());
        assertTrue(half.firstErrLine().contains("--vendor"), half.err());
        h.refused(2, "airisk: error: the metadata names vendor 'globex' but --vendor is 'acme'"
                        + " (give the same vendor in META.yaml and with --vendor, or leave vendor.name out of META.yaml)",
                register(model, "2.1.0", "acme", sig, "vendor: {name: globex}"));
    }

    // ---- tampering

    @Test
    void vendorSigChangedInTheRegistry_isCaughtByVerify() throws Exception {
        setVendors();
        h.ok(register(model, "2.1.0", "acme", sig));
        GitTamper t = new GitTamper(h.registry, tmp.resolve("work"));
        String path = "models/acme-ner/versions/2.1.0/vendor.sig";
        String original = t.read(path);
        String forged = original.replaceFirst("\"sig\"\\s*:\\s*\"[A-Za-z0-9+/]", "\"sig\":\"A");
        assertFalse(forged.equals(original));
        t.write(path, forged);
        t.commitAndPush("refresh the vendor signature");

        // Read through the trust anchor, the unsigned commit stops every command.
        Harness.Result r = h.run("verify", NER.toString());
        assertEquals(4, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("('refresh the vendor signature') has no Airisk-Op or Airisk-Actor trailer"), r.err());
        // Read as it is, verify finds vendor.sig broken while model.sig and record.sig hold.
        VerifyReport report = core(s -> s.integrity().verify(NER));
        assertFalse(report.ok());
        assertNull(report.signature().problem());
        assertNull(report.recordSignature().problem());
        assertEquals(new VerifyReport.VendorCheck("acme", null, "vendor.sig: signature does not verify"), report.vendorSignature());
    }

    @Test
    void registerCommits_keepVendorSigAndSourceVendorTogether_orTheAuditRefusesThem() throws Exception {
        setVendors();
        h.ok(register(model, "2.1.0", "acme", sig));
        h.ok("register", h.model("own", "w").toString(), "--model", "acme-ner", "--version", "3.0.0", "--meta", h.releasableMeta().toString());
        String alice = AuditTest.keyId(h, "alice");
        String from = "models/acme-ner/versions/2.1.0/";
        String to = "models/acme-ner/versions/2.2.0/";
        Map<String, UnaryOperator<String>> copied = new LinkedHashMap<>();
        copied.put(to + "record.yaml", x -> GitTamper.git(tmp, "--git-dir=" + h.registry, "show", "main:" + from + "record.yaml")
                .replace("version: 2.1.0", "version: 2.2.0"));
        for (String f : List.of("model.sig", "record.sig")) {
            copied.put(to + f, x -> GitTamper.git(tmp, "--git-dir=" + h.registry, "show", "main:" + from + f));
        }
        // A signed register commit of a vendor model without its vendor.sig.
        Path without = Files.createDirectories(tmp.resolve("without")).resolve("registry.git");
        GitTamper.git(tmp, "clone", "-q", "--bare", h.registry.toString(), without.toString());
        AuditTest.signedCommit(h.home, without, "alice", "Register acme-ner@2.2.0", registerTrailers("2.2.0", alice), copied);
        assertTrue(auditOf(without).contains("('Register acme-ner@2.2.0') records acme-ner@2.2.0 as source: vendor without vendor.sig"),
                auditOf(without));
        // A signed register commit that puts a vendor.sig beside a record without source: vendor.
        Path beside = Files.createDirectories(tmp.resolve("beside")).resolve("registry.git");
        GitTamper.git(tmp, "clone", "-q", "--bare", h.registry.toString(), beside.toString());
        Map<String, UnaryOperator<String>> own = new LinkedHashMap<>();
        String ownFrom = "models/acme-ner/versions/3.0.0/";
        own.put(to + "record.yaml", x -> GitTamper.git(tmp, "--git-dir=" + h.registry, "show", "main:" + ownFrom + "record.yaml")
                .replace("version: 3.0.0", "version: 2.2.0"));
        own.put(to + "vendor.sig", x -> GitTamper.git(tmp, "--git-dir=" + h.registry, "show", "main:" + from + "vendor.sig"));
        AuditTest.signedCommit(h.home, beside, "alice", "Register acme-ner@2.2.0", registerTrailers("2.2.0", alice), own);
        assertTrue(auditOf(beside).contains("('Register acme-ner@2.2.0') writes vendor.sig for acme-ner@2.2.0, whose record does not say source: vendor"),
                auditOf(beside));
    }

    private static Map<String, String> registerTrailers(String version, String actor) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("Airisk-Op", "register");
        t.put("Airisk-Model", "acme-ner");
        t.put("Airisk-Version", version);
        t.put("Airisk-Actor", actor);
        return t;
    }

    private String auditOf(Path registry) {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.REGISTRY, registry.toString());
        Harness.Result r = h.run(env, "audit", "verify");
        assertEquals(4, r.code(), r.err());
        return r.firstErrLine();
    }

    // ---- the model-card gate

    @Test
    void promote_ofAVendorModel_needsItsModelCardAttached() throws Exception {
        setVendors();
        h.ok(register(model, "2.1.0", "acme", sig, "vendor: {model_card: https://acme.example/ner/card}"));
        Harness.Result denied = h.run("check", NER.toString(), "--to", "dev", "--format", "json");
        JsonNode gate = MonitorTest.gate(denied.json(), "model-card");
        assertEquals("fail", gate.get("result").asText());
        assertEquals("vendor model of vendor 'acme' has no model card attached", gate.get("message").asText());
        assertEquals("attach it with 'airisk attach acme-ner@2.1.0 --kind model-card FILE'", gate.get("fix").asText());
        assertEquals(3, denied.code());

        h.ok("attach", NER.toString(), "--kind", "model-card", Files.writeString(tmp.resolve("card.md"), "# Acme NER\n").toString());
        JsonNode allowed = h.run("check", NER.toString(), "--to", "dev", "--format", "json").json();
        assertEquals("pass", MonitorTest.gate(allowed, "model-card").get("result").asText());
        assertEquals("model card attached", MonitorTest.gate(allowed, "model-card").get("message").asText());

        // A model of the organisation's own is not asked for one.
        h.ok("register", h.model("own", "w").toString(), "--model", "churn", "--version", "1.0.0", "--meta", h.releasableMeta().toString());
        JsonNode own = h.run("check", "churn@1.0.0", "--to", "dev", "--format", "json").json();
        assertEquals("pass", MonitorTest.gate(own, "model-card").get("result").asText());
        assertEquals("not a vendor model", MonitorTest.gate(own, "model-card").get("message").asText());
    }

    // ---- policy.yaml vendors

    @Test
    void policy_vendors_areShownAndValidated() throws Exception {
        setVendors();
        JsonNode acme = h.ok("policy", "show", "--format", "json").json().at("/vendors/acme");
        assertEquals(fixtureKey, acme.get("keys").get(0).asText());
        assertEquals("supported", acme.get("support").asText());
        assertEquals("medium", acme.get("risk").asText());
        assertTrue(h.ok("policy", "show").out().contains("# vendor old: 1 public key; end-of-life (no new versions); risk high\n"));
        assertTrue(h.ok("policy", "validate").out().contains(", 4 vendors)"));

        h.refused(2, "airisk: error: p.yaml: line 3: vendors.acme.keys[0] 'not a key' is not a PEM public key (-----BEGIN PUBLIC KEY----- ...) of an EC or Ed25519 key",
                "policy", "set", Files.writeString(tmp.resolve("p.yaml"), "vendors:\n  acme:\n    keys: [not a key]\n    support: supported\n    risk: low\n").toString());
        h.refused(2, "airisk: error: p.yaml: line 10: vendors.acme.support 'maintained' is not one of supported, end-of-life, unsupported",
                "policy", "validate", Files.writeString(tmp.resolve("p.yaml"), "vendors:\n  acme:\n    keys:\n" + block(fixtureKey, 6)
                        + "    support: maintained\n    risk: low\n").toString());
        h.refused(2, "airisk: error: p.yaml: line 3: vendor 'acme' gives ca but no identities"
                        + " (list the identities (e-mail, DNS name or URI) its signing certificates name under identities:)",
                "policy", "validate", Files.writeString(tmp.resolve("p.yaml"), "vendors:\n  acme:\n    ca:\n"
                        + block(Files.readString(FIXTURES.resolve("keys/ca-cert.pem")), 6) + "    support: supported\n    risk: low\n").toString());
    }
}
