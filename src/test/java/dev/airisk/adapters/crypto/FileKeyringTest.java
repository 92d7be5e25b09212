package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Keyring.KeyInfo;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyringTest {
    private static final String PASSPHRASE = "correct horse ✓ battery";
    /**
     * PBKDF2 rounds of the keys the tests make for what is not the key derivation itself (names, types,
     * listing, the default marker, the public half, a wrong passphrase): the shared ECDSA key is made
     * and unlocked at the production cost, and the file format and its round count are checked on it;
     * the shared Ed25519 key goes through the same derivation code with fewer rounds.
     */
    private static final int FEW_ROUNDS = 1_000;

    /** One keyring with an ECDSA and an Ed25519 key, shared by the tests that only read it. */
    @TempDir
    static Path sharedHome;
    static FileKeyring shared;
    static KeyInfo ecdsa;
    static KeyInfo ed25519;

    @TempDir
    Path home;

    @BeforeAll
    static void generateSharedKeys() {
        shared = new FileKeyring(sharedHome);
        ecdsa = shared.generate("release-ci", "ecdsa-p256", PASSPHRASE.toCharArray());
        ed25519 = new FileKeyring(sharedHome, FEW_ROUNDS).generate("alice.ed", "ed25519", PASSPHRASE.toCharArray());
    }

    @Test
    void generate_ecdsaKey_writesEncryptedPkcs8AndPublicPem() throws IOException {
        String privatePem = Files.readString(shared.directory().resolve("release-ci.key.pem"));
        String publicPem = Files.readString(shared.directory().resolve("release-ci.pub.pem"));

        assertEquals("release-ci", ecdsa.name());
        assertEquals("ecdsa-p256", ecdsa.type());
        assertTrue(ecdsa.keyId().matches("[0-9a-f]{64}"), ecdsa.keyId());
        assertEquals(new KeyInfo("release-ci", ecdsa.keyId(), "ecdsa-p256", false), shared.info("release-ci"),
                "two keys and no marker: not the default");
        assertTrue(privatePem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"), privatePem);
        assertFalse(privatePem.contains(PASSPHRASE));
        assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n"), publicPem);
        assertEquals(publicPem, shared.publicKeyPem("release-ci"));
    }

    @Test
    void generate_withoutType_makesAnEcdsaP256Key() {
        KeyInfo key = new FileKeyring(home, FEW_ROUNDS).generate("plain", null, PASSPHRASE.toCharArray());

        assertEquals("ecdsa-p256", key.type());
    }

    @Test
    void generate_privateKeyFile_hasMode0600_insideKeysFolderOfMode0700() throws IOException {
        Path dir = shared.directory();

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("release-ci.key.pem"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alice.ed.key.pem"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary files are left behind");
        }
    }

    @Test
    void privateKeyFile_isPbes2WithPbkdf2HmacSha256AndAes256Cbc() {
        String asn1 = Tool.run(sharedHome, "openssl", "asn1parse", "-in", "keys/release-ci.key.pem").succeeded().out();

        assertTrue(asn1.contains(":PBES2") && asn1.contains(":PBKDF2") && asn1.contains(":hmacWithSHA256")
                && asn1.contains(":aes-256-cbc"), asn1);
        Matcher iterations = Pattern.compile("prim: INTEGER\\s+:([0-9A-F]+)").matcher(asn1);
        assertTrue(iterations.find(), asn1);
        assertTrue(Integer.parseInt(iterations.group(1), 16) >= 600_000, "iteration count " + iterations.group(1));
    }

    @Test
    void opensslReadsPrivateKeyWithPassphrase_andDerivesThePublishedPublicKey() throws IOException {
        for (String name : List.of("release-ci", "alice.ed")) {
            String derived = Tool.run(sharedHome, Map.of("PW", PASSPHRASE), new byte[0],
                    "openssl", "pkey", "-in", "keys/" + name + ".key.pem", "-passin", "env:PW", "-pubout").succeeded().out();

            assertEquals(Files.readString(shared.directory().resolve(name + ".pub.pem")), derived, name);
        }
    }

    @Test
    void keyId_isSha256OfTheDerSubjectPublicKeyInfo() {
        for (KeyInfo key : List.of(ecdsa, ed25519)) {
            byte[] der = Tool.run(sharedHome, "openssl", "pkey", "-pubin", "-in", "keys/" + key.name() + ".pub.pem",
                    "-outform", "DER").succeeded().stdout();

            assertEquals(Sha256.digest(der).hex(), key.keyId(), key.name());
        }
    }

    @Test
    void unlock_bothKeyTypes_giveSignersWhoseSignaturesVerify() {
        for (KeyInfo key : List.of(ecdsa, ed25519)) {
            Signer signer = shared.unlock(key.name(), PASSPHRASE.toCharArray());
            byte[] message = "promote churn@1.4.0".getBytes(StandardCharsets.UTF_8);

            assertEquals(key.keyId(), signer.keyId());
            assertEquals(key.name(), signer.keyName());
            assertEquals(key.type(), signer.keyType());
            assertEquals(shared.publicKeyPem(key.name()), signer.publicKeyPem());
            assertTrue(PublicKeys.verify(PublicKeys.fromPem(signer.publicKeyPem()), message, signer.sign(message)));
        }
    }

    @Test
    void unlock_withWrongPassphrase_isRefused() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> shared.unlock("alice.ed", "not it".toCharArray()));

        assertEquals("wrong passphrase for key 'alice.ed' (check AIRISK_KEY_PASSPHRASE)", e.oneLine());
    }

    @Test
    void unlock_unknownKey_isNotFound_listingTheKnownKeys() {
        NotFound e = assertThrows(NotFound.class, () -> shared.unlock("bob", PASSPHRASE.toCharArray()));

        assertEquals("key 'bob' is not in " + shared.directory()
                + " (known keys: alice.ed, release-ci; or run 'airisk keys generate --name bob')", e.oneLine());
    }

    @Test
    void info_inEmptyKeyring_isNotFound_suggestingGenerate() {
        FileKeyring keyring = new FileKeyring(home, FEW_ROUNDS);

        NotFound e = assertThrows(NotFound.class, () -> keyring.info("ci"));

        assertEquals("run 'airisk keys generate --name ci'", e.fix());
        assertEquals(List.of(), keyring.list());
        assertEquals(Optional.empty(), keyring.defaultKey());
    }

    @Test
    void generate_withExistingName_isConflict_andLeavesTheKeyUntouched() throws IOException {
        FileKeyring keyring = new FileKeyring(home, FEW_ROUNDS);
        keyring.generate("ci", "ed25519", PASSPHRASE.toCharArray());
        byte[] before = Files.readAllBytes(keyring.directory().resolve("ci.key.pem"));

        Conflict e = assertThrows(Conflict.class, () -> keyring.generate("ci", "ecdsa-p256", "other".toCharArray()));

        assertEquals("key 'ci' already exists in " + keyring.directory(), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(keyring.directory().resolve("ci.key.pem")));
        assertEquals("ed25519", keyring.info("ci").type());
    }

    @Test
    void generate_withEmptyPassphrase_isRefused_andWritesNothing() {
        FileKeyring keyring = new FileKeyring(home, FEW_ROUNDS);

        InvalidInput e = assertThrows(InvalidInput.class, () -> keyring.generate("ci", "ecdsa-p256", new char[0]));

        assertEquals("an empty passphrase is refused for key 'ci'", e.getMessage());
        assertFalse(Files.exists(keyring.directory()));
    }

    @Test
    void generate_withBadNameOrType_isRefused_andWritesNothing() {
        FileKeyring keyring = new FileKeyring(home, FEW_ROUNDS);

        for (String name : List.of("../escape", ".hidden", "a/b", "", "x".repeat(65), "sp ace")) {
            InvalidInput e = assertThrows(InvalidInput.class, () -> keyring.generate(name, null, PASSPHRASE.toCharArray()));
            assertEquals("key name '" + name + "' is not valid", e.getMessage());
        }
        InvalidInput e = assertThrows(InvalidInput.class, () -> keyring.generate("ci", "rsa-2048", PASSPHRASE.toCharArray()));
        assertEquals("key type 'rsa-2048' is not supported (use one of ecdsa-p256, ecdsa-p384, ecdsa-p521, ed25519)", e.oneLine());
        assertFalse(Files.exists(keyring.directory()));
    }

    @Test
    void list_isSortedByName_andDefaultFollowsTheMarker() {
        FileKeyring keyring = new FileKeyring(home, FEW_ROUNDS);
        keyring.generate("zeta", "ed25519", PASSPHRASE.toCharArray());

        assertEquals(Optional.of("zeta"), keyring.defaultKey().map(KeyInfo::name), "the only key is the default");
        assertTrue(keyring.info("zeta").isDefault());

        keyring.generate("alpha", "ed25519", PASSPHRASE.toCharArray());
        assertEquals(Optional.empty(), keyring.defaultKey(), "two keys and no marker: no default");
        assertEquals(List.of("alpha", "zeta"), keyring.list().stream().map(KeyInfo::name).toList());

        keyring.setDefault("zeta");
        assertEquals(Optional.of("zeta"), keyring.defaultKey().map(KeyInfo::name));
        assertEquals(List.of(false, true), keyring.list().stream().map(KeyInfo::isDefault).toList());
    }

    @Test
    void setDefault_unknownKey_isNotFound_andKeepsTheDefault() {
        assertThrows(NotFound.class, () -> shared.setDefault("nobody"));

        assertFalse(Files.exists(shared.directory().resolve("default")));
    }

    @Test
    void unlock_whenPublicKeyFileBelongsToAnotherKey_isIntegrityFailure() throws IOException {
        FileKeyring keyring = new FileKeyring(home, FEW_ROUNDS);
        keyring.generate("ci", "ecdsa-p256", PASSPHRASE.toCharArray());
        Files.copy(shared.directory().resolve("release-ci.pub.pem"), keyring.directory().resolve("ci.pub.pem"),
                StandardCopyOption.REPLACE_EXISTING);

        AiriskException e = assertThrows(IntegrityFailure.class, () -> keyring.unlock("ci", PASSPHRASE.toCharArray()));

        assertEquals("ci.pub.pem is not the public half of ci.key.pem", e.getMessage());
    }
}
