package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys in a PKCS#11 token, against SoftHSM2: a token is set up in a temporary folder with softhsm2-util
 * (SOFTHSM2_CONF, set by the build, names the configuration this writes), a P-384 key is made inside it
 * through SunPKCS11, and airisk imports it and signs a registry's commits, model.sig and record.sig with it.
 */
class Pkcs11KeysTest {
    static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    static final String PIN = "4711-0815";
    static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

    @TempDir static Path tokens;
    /** The slot of the token holding the key, and of a second token no one has logged in to. */
    static long keySlot;
    static long otherSlot;

    @TempDir Path tmp;

    @BeforeAll
    static void token() throws Exception {
        assertTrue(Files.isRegularFile(Path.of(MODULE)),
                MODULE + " is missing: install SoftHSM2 (apt-get install softhsm2), which .ci/run installs");
        String conf = System.getenv("SOFTHSM2_CONF");
        assertNotNull(conf, "SOFTHSM2_CONF is not set: run the tests with Maven, whose Surefire configuration sets it");
        Files.createDirectories(Path.of(conf).getParent());
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        keySlot = initToken("airisk");
        otherSlot = initToken("other");

        // the key is made in the token and stays there; SunPKCS11 lists a key with a certificate beside it
        Provider p11 = Security.getProvider("SunPKCS11").configure("--name=setup\nlibrary=" + MODULE + "\nslot=" + keySlot + "\n");
        KeyStore store = KeyStore.getInstance("PKCS11", p11);
        store.load(null, PIN.toCharArray());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", p11);
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair pair = generator.generateKeyPair();
        store.setKeyEntry("signing", pair.getPrivate(), null, new Certificate[] {TestCertificates.selfSigned(pair, p11)});
    }

    private static long initToken(String label) throws Exception {
        Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", "12345678")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Matcher m = SLOT.matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1));
    }

    private Harness harness(String pin) {
        Harness h = new Harness(tmp);
        h.env.put(Context.PASSPHRASE, pin);
        return h;
    }

    @Test
    void aKeyInTheToken_signsARegistry_andTheAuditAndVerifyAcceptIt() throws Exception {
        Harness h = harness(PIN);
        JsonNode key = h.ok("keys", "import", "hsm", "--pkcs11", MODULE, "--slot", String.valueOf(keySlot), "--key-label", "signing",
                "--format", "json").json();
        assertEquals("ecdsa-p384", key.get("type").asText());
        assertTrue(key.get("private_key").isNull());
        Path keys = h.home.resolve("keys");
        assertFalse(Files.exists(keys.resolve("hsm.key.pem")), "no private key file is written");
        JsonNode token = Json.mapper().readTree(keys.resolve("hsm.pkcs11.json").toFile());
        assertEquals(MODULE, token.get("module").asText());
        assertEquals(keySlot, token.get("slot").asLong());
        assertEquals("signing", token.get("key_label").asText());
        assertEquals("hsm", h.ok("keys", "list", "--format", "json").json().get(0).get("name").asText());

        // the organisation's CA certifies the key in the token; the certificate is kept beside the key
        Path cert = tmp.resolve("hsm.crt");
        Files.writeString(cert, TestCertificates.pem(TestCertificates.leaf(TestCertificates.ca("CN=Bank Root CA"), TestCertificates.publicKey(h, "hsm"),
                List.of("release@bank.example"), null)));
        JsonNode certified = h.ok("keys", "import", "hsm", "--certificate", cert.toString(), "--format", "json").json();
        assertEquals(keys.resolve("hsm.cert.pem").toString(), certified.get("certificate").asText());

        h.ok("init");
        h.ok("register", h.model("model", "weights").toString(), "--model", "churn", "--version", "1.0.0",
                "--meta", h.releasableMeta().toString());
        h.ok("promote", "churn@1.0.0", "--to", "dev");
        assertEquals(0, h.run("audit", "verify").code());
        JsonNode verified = h.ok("verify", "churn@1.0.0", "--format", "json").json();
        assertEquals(key.get("key_id").asText(), verified.get("versions").get(0).get("signature").get("key_id").asText());
    }

    @Test
    void aWrongPin_aMissingLabel_andABadModule_areRefusedAndWriteNoKey() {
        Harness h = harness("0000");
        Harness.Result wrong = h.run("keys", "import", "hsm", "--pkcs11", MODULE, "--slot", String.valueOf(otherSlot), "--key-label", "signing");
        assertEquals("airisk: error: wrong PIN for the PKCS#11 token of key 'hsm' (check AIRISK_KEY_PASSPHRASE, which holds the token's user PIN for this key)", wrong.firstErrLine());
        assertEquals(2, wrong.code());

        Harness right = harness(PIN);
        Harness.Result missing = right.run("keys", "import", "hsm", "--pkcs11", MODULE, "--slot", String.valueOf(keySlot), "--key-label", "nope");
        assertEquals("airisk: error: the PKCS#11 token has no private key labelled 'nope' (keys it lists: signing; SunPKCS11 sees a key"
                + " only with a certificate of the same CKA_ID beside it)", missing.firstErrLine());
        assertEquals(5, missing.code());

        Harness.Result relative = right.run("keys", "import", "hsm", "--pkcs11", "libsofthsm2.so", "--key-label", "signing");
        assertEquals("airisk: error: PKCS#11 module 'libsofthsm2.so' is not an absolute path (give the absolute path of the token's"
                + " PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so)", relative.firstErrLine());
        assertEquals(2, relative.code());

        Harness.Result noLabel = right.run("keys", "import", "hsm", "--pkcs11", MODULE);
        assertEquals("airisk: error: --pkcs11 needs --key-label (give the label of the key in the token with --key-label LABEL)", noLabel.firstErrLine());
        assertEquals(2, noLabel.code());
        assertEquals(List.of(), right.ok("keys", "list", "--format", "json").json().findValuesAsText("name"));
    }
}
