package dev.airisk.adapters.crypto;

import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;

/**
 * The signer of the tests: a real key, freshly generated, signing as the keyring's keys do (DSSE,
 * Sigstore bundles, SSH commit signatures), without the keyring's passphrase cost. Two variants serve
 * the tests that need them: {@link #withId} for the core's in-memory ports, whose attestations know
 * a key by an id the test chooses, and {@link #locked} for a key that cannot sign.
 */
public final class TestSigner implements Signer {
    private final Signer key;
    private final String keyId;
    private final String publicKeyPem;
    private final boolean locked;

    private TestSigner(Signer key, String keyId, String publicKeyPem, boolean locked) {
        this.key = key;
        this.keyId = keyId;
        this.publicKeyPem = publicKeyPem;
        this.locked = locked;
    }

    /** A new key of {@code type} named {@code name}. */
    public static TestSigner generate(KeyType type, String name) {
        SecureRandom random = new SecureRandom();
        KeyPair pair = type.generate(random);
        KeySigner key = new KeySigner(name, pair.getPrivate(), pair.getPublic(), random);
        return new TestSigner(key, key.keyId(), key.publicKeyPem(), false);
    }

    /** A new ECDSA P-256 key (the default key type) named {@code name}. */
    public static TestSigner ecdsa(String name) {
        return generate(KeyType.ECDSA_P256, name);
    }

    /**
     * A new key that calls itself {@code keyId}, its public key given as {@code PEM <keyId>}: for the
     * core's in-memory ports, whose attestations trust keys by the ids a test writes into its roles.
     */
    public static TestSigner withId(String name, String keyId) {
        return new TestSigner(ecdsa(name).key, keyId, "PEM " + keyId, false);
    }

    /** This key, named {@code broken}, whose every signing fails as a locked key's does. */
    public TestSigner locked() {
        return new TestSigner(key, keyId, publicKeyPem, true);
    }

    /** True when {@code armored} is this key's commit signature over {@code payload}, as the registry checks it. */
    public boolean signedCommit(String armored, byte[] payload) {
        return new SigstoreAttestations().verifyCommit(armored, payload, publicKeyPem);
    }

    /** Writes the signer's PEM public key to {@code dir/file} and returns its path. */
    public static Path writePublicKey(Signer signer, Path dir, String file) throws IOException {
        return Files.writeString(dir.resolve(file), signer.publicKeyPem(), StandardCharsets.US_ASCII);
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public String keyName() {
        return locked ? "broken" : key.keyName();
    }

    @Override
    public String keyType() {
        return key.keyType();
    }

    @Override
    public String publicKeyPem() {
        return publicKeyPem;
    }

    @Override
    public byte[] sign(byte[] message) {
        unlocked();
        return key.sign(message);
    }

    @Override
    public String signCommit(byte[] commitPayload) {
        unlocked();
        return key.signCommit(commitPayload);
    }

    private void unlocked() {
        if (locked) {
            throw new IllegalStateException("the key is locked");
        }
    }
}
