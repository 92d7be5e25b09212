package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.crypto.FileKeyring;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys with an X.509 certificate from the organisation's CA: attached with {@code keys import
 * --certificate}, carried by the key's signer, and trusted by a registry through the CA and the
 * certificate's identity ({@code keys trust --ca}, {@code keys enroll}), which the audit re-checks.
 */
class KeyCertificatesTest {
    @TempDir Path tmp;

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void import_attachesTheCertificateAndChain_whichTheKeysSignerCarries() throws Exception {
        Harness h = new Harness(tmp);
        h.ok("keys", "generate", "--name", "alice", "--type", "ecdsa-p384");
        TestCertificates.Issued root = TestCertificates.ca("CN=Bank Root CA");
        TestCertificates.Issued issuing = TestCertificates.intermediate(root, "CN=Bank Code Signing CA");
        X509Certificate leaf = TestCertificates.leaf(issuing, TestCertificates.publicKey(h, "alice"), List.of("alice@bank.example"), null);
        Path cert = write("alice.crt", TestCertificates.pem(leaf));
        Path chain = write("chain.pem", issuing.pem());

        String text = h.ok("keys", "import", "alice", "--certificate", cert.toString(), "--chain", chain.toString()).out();
        assertTrue(text.contains("Attached a certificate to key 'alice'"), text);
        assertTrue(text.contains("identities:  alice@bank.example"), text);
        JsonNode listed = h.ok("keys", "list", "--format", "json").json().get(0);
        assertEquals(h.home.resolve("keys/alice.cert.pem").toString(), listed.get("certificate").asText());

        List<String> carried = new FileKeyring(h.home, Harness.KDF_ITERATIONS).unlock("alice", Harness.PASS.toCharArray()).certificateChainPem();
        assertEquals(2, carried.size());
        assertEquals(leaf, read(carried.get(0)));
        assertEquals(issuing.certificate(), read(carried.get(1)));
    }

    @Test
    void import_refusesACertificateOfAnotherKey_aBrokenChain_andMissingOptions() throws Exception {
        Harness h = new Harness(tmp);
        h.ok("keys", "generate", "--name", "alice");
        h.ok("keys", "generate", "--name", "bob");
        TestCertificates.Issued root = TestCertificates.ca("CN=Bank Root CA");
        TestCertificates.Issued issuing = TestCertificates.intermediate(root, "CN=Bank Code Signing CA");
        Path bobs = write("bob.crt", TestCertificates.pem(TestCertificates.leaf(issuing, TestCertificates.publicKey(h, "bob"), List.of("bob@bank.example"), null)));
        Path alices = write("alice.crt", TestCertificates.pem(TestCertificates.leaf(issuing, TestCertificates.publicKey(h, "alice"), List.of("alice@bank.example"), null)));
        Path rootPem = write("root.pem", root.pem());
        Map<String, String> before = keyFiles(h);

        Harness.Result other = h.run("keys", "import", "alice", "--certificate", bobs.toString());
        assertTrue(other.firstErrLine().matches("airisk: error: the certificate is for key [0-9a-f]{12}…, not for key 'alice' \\([0-9a-f]{12}…\\)"
                + " \\(give the certificate the CA issued for this key first, then its intermediates\\)"), other.firstErrLine());
        assertEquals(2, other.code());

        Harness.Result broken = h.run("keys", "import", "alice", "--certificate", alices.toString(), "--chain", rootPem.toString());
        assertEquals("airisk: error: certificate 1 (CN=alice@bank.example) is not signed by certificate 2 (CN=Bank Root CA) (give the key's"
                + " certificate first, then each intermediate after the certificate it signed)", broken.firstErrLine());
        assertEquals(2, broken.code());

        Harness.Result chainOnly = h.run("keys", "import", "alice", "--chain", rootPem.toString());
        assertEquals("airisk: error: --chain needs --certificate (give the key's own certificate with --certificate CERT.pem)", chainOnly.firstErrLine());
        assertEquals(2, chainOnly.code());
        Harness.Result nothing = h.run("keys", "import", "alice");
        assertEquals("airisk: error: nothing to import for key 'alice' (give --pkcs11 MODULE --key-label LABEL for a key in a token,"
                + " or --certificate CERT.pem for a key's certificate)", nothing.firstErrLine());
        Harness.Result notPem = h.run("keys", "import", "alice", "--certificate", write("junk.pem", "hello\n").toString());
        assertEquals("airisk: error: the certificate file is not a PEM X.509 certificate: No certificate data found (give certificates in PEM)", notPem.firstErrLine());
        assertEquals(before, keyFiles(h));
    }

    @Test
    void aCaTrustedForAnIdentity_letsItsKeysEnroll_theAuditAgrees_andRevokingTheCaRemovesThem() throws Exception {
        Harness h = Harness.initialised(tmp);
        TestCertificates.Issued root = TestCertificates.ca("CN=Bank Root CA");
        TestCertificates.Issued issuing = TestCertificates.intermediate(root, "CN=Bank Code Signing CA");
        Path rootPem = write("root.pem", root.pem());
        Path chain = write("chain.pem", issuing.pem());
        for (String who : List.of("bob", "carol", "dave")) {
            h.ok("keys", "generate", "--name", who);
        }
        h.ok("keys", "set-default", "alice");
        h.ok("keys", "import", "bob", "--certificate", write("bob.crt", TestCertificates.pem(
                TestCertificates.leaf(issuing, TestCertificates.publicKey(h, "bob"), List.of("bob@bank.example"), null))).toString(), "--chain", chain.toString());
        // carol's certificate names an identity the CA is not trusted for; dave's comes from another CA
        h.ok("keys", "import", "carol", "--certificate", write("carol.crt", TestCertificates.pem(
                TestCertificates.leaf(issuing, TestCertificates.publicKey(h, "carol"), List.of("carol@bank.example"), null))).toString(), "--chain", chain.toString());
        TestCertificates.Issued other = TestCertificates.ca("CN=Other CA");
        h.ok("keys", "import", "dave", "--certificate", write("dave.crt", TestCertificates.pem(
                TestCertificates.leaf(other, TestCertificates.publicKey(h, "dave"), List.of("bob@bank.example"), null))).toString());

        JsonNode trusted = h.ok("keys", "trust", "--ca", rootPem.toString(), "--identity", "bob@bank.example", "--role", "publisher",
                "--format", "json").json();
        String caId = trusted.get("key_id").asText();
        assertTrue(trusted.get("changed").asBoolean());

        Map<String, String> before = h.state();
        Harness.Result carol = h.runAs("carol", "keys", "enroll");
        assertEquals("airisk: error: the key's certificate is not trusted by this registry: the certificate is for carol@bank.example, which CA "
                + caId.substring(0, 12) + " is trusted for in no role (ask an admin to trust the CA for your identity with"
                + " 'airisk keys trust --ca CA.pem --identity ID --role ROLE')", carol.firstErrLine());
        assertEquals(3, carol.code());
        Harness.Result dave = h.runAs("dave", "keys", "enroll");
        assertEquals("airisk: error: the key's certificate is not trusted by this registry: the certificate chain does not lead to a trusted CA:"
                + " Path does not chain with any of the trust anchors (ask an admin to trust the CA for your identity with"
                + " 'airisk keys trust --ca CA.pem --identity ID --role ROLE')", dave.firstErrLine());
        assertEquals(3, dave.code());
        Harness.Result alice = h.run("keys", "enroll");
        assertEquals("airisk: error: key 'alice' has no certificate (attach the certificate your CA issued for it with"
                + " 'airisk keys import alice --certificate CERT.pem')", alice.firstErrLine());
        assertEquals(2, alice.code());
        assertEquals(before, h.state(), "a refused enrolment changes nothing");

        JsonNode bob = h.okAs("bob", "keys", "enroll", "--format", "json").json();
        assertEquals(List.of("publisher"), List.of(bob.get("roles").get(0).asText()));
        String chainFile = "trust/cas/" + caId + "/keys/" + bob.get("key_id").asText() + ".cert.pem";
        assertTrue(run(h, "git", "--git-dir=" + h.registry, "ls-tree", "-r", "--name-only", "main").contains(chainFile));
        h.okAs("bob", "register", h.model("model", "weights").toString(), "--model", "churn", "--version", "1.0.0",
                "--meta", h.releasableMeta().toString());
        assertEquals(0, h.run("audit", "verify").code(), () -> h.run("audit", "verify").err());

        JsonNode cas = h.ok("keys", "trusted", "--cas", "--format", "json").json();
        assertEquals(caId, cas.get(0).get("ca_id").asText());
        assertEquals("CN=Bank Root CA", cas.get(0).get("subject").asText());
        assertEquals("publisher", cas.get(0).get("identities").get("bob@bank.example").get(0).asText());
        assertEquals(bob.get("key_id").asText(), cas.get(0).get("enrolled_keys").get(0).asText());
        String table = h.ok("keys", "trusted", "--cas").out();
        assertTrue(table.lines().anyMatch(l -> l.startsWith(caId.substring(0, 12)) && l.contains("CN=Bank Root CA")
                && l.contains("bob@bank.example") && l.contains("publisher")), table);

        h.ok("keys", "revoke", caId.substring(0, 12), "--yes");
        Harness.Result refused = h.runAs("bob", "register", h.model("model2", "other").toString(), "--model", "churn", "--version", "1.1.0",
                "--meta", h.releasableMeta().toString());
        assertTrue(refused.firstErrLine().startsWith("airisk: error: key 'bob' (" + bob.get("key_id").asText().substring(0, 12)
                + ") is not trusted by this registry"), refused.firstErrLine());
        assertFalse(run(h, "git", "--git-dir=" + h.registry, "ls-tree", "-r", "--name-only", "main").contains("trust/cas/"));
        assertEquals(0, h.run("audit", "verify").code());
        assertEquals(0, h.ok("keys", "trusted", "--cas", "--format", "json").json().size());
    }

    @Test
    void anEnrolmentBeyondWhatTheCaGrants_isFoundByTheAudit() throws Exception {
        Harness h = Harness.initialised(tmp);
        TestCertificates.Issued root = TestCertificates.ca("CN=Bank Root CA");
        h.ok("keys", "generate", "--name", "bob");
        h.ok("keys", "set-default", "alice");
        h.ok("keys", "import", "bob", "--certificate", write("bob.crt", TestCertificates.pem(
                TestCertificates.leaf(root, TestCertificates.publicKey(h, "bob"), List.of("bob@bank.example"), null))).toString());
        String caId = h.ok("keys", "trust", "--ca", write("root.pem", root.pem()).toString(), "--identity", "bob@bank.example",
                "--role", "publisher", "--format", "json").json().get("key_id").asText();
        String bob = h.ok("keys", "list", "--format", "json").json().get(1).get("key_id").asText();
        String chain = Files.readString(h.home.resolve("keys/bob.cert.pem"));
        String pem = h.ok("keys", "export-public", "--name", "bob").out();

        // bob writes his own enrolment, granting himself admin besides what the CA grants
        Map<String, String> trailers = new java.util.LinkedHashMap<>();
        trailers.put("Airisk-Op", "enroll");
        trailers.put("Airisk-Key", caId);
        trailers.put("Airisk-Role", "admin,publisher");
        trailers.put("Airisk-Actor", bob);
        AuditTest.signedCommit(h.home, h.registry, "bob", "Enroll key", trailers, Map.of(
                "trust/keys/" + bob + ".pub.pem", x -> pem,
                "trust/cas/" + caId + "/keys/" + bob + ".cert.pem", x -> chain,
                "trust/roles.yaml", roles -> roles.replace("  admin:\n", "  admin:\n    - " + bob + "\n")
                        .replace("  publisher:\n", "  publisher:\n    - " + bob + "\n")));
        Harness.Result audit = h.run("audit", "verify", "--format", "json");
        assertEquals(4, audit.code(), audit.out());
        assertEquals("enrolls key " + bob.substring(0, 12) + " as admin, publisher, but its certificate earns only publisher",
                audit.json().get("offence").get("problem").asText());
    }

    private static String run(Harness h, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static X509Certificate read(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static Map<String, String> keyFiles(Harness h) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (var files = Files.list(h.home.resolve("keys"))) {
            files.forEach(f -> out.put(f.getFileName().toString(), Harness.hash(f)));
        }
        return out;
    }
}
