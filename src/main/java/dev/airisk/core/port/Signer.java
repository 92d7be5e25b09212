package dev.airisk.core.port;

import java.util.List;

/** An unlocked private key acting for a person or a pipeline. */
public interface Signer {

    /** Hex SHA-256 of the public key's DER (SubjectPublicKeyInfo) encoding. */
    String keyId();

    /** The local name of the key (file name under AIRISK_HOME/keys). */
    String keyName();

    /** {@code ecdsa-p256}, {@code ecdsa-p384}, {@code ecdsa-p521} or {@code ed25519}. */
    String keyType();

    /** The public key as a PEM "PUBLIC KEY" block. */
    String publicKeyPem();

    /**
     * Blocks until the private key can sign, and throws when it cannot (a wrong passphrase, say). A key
     * may be unlocked in the background while the model is hashed; a use-case calls this before it
     * makes anything visible, so a key that fails to unlock changes nothing.
     */
    default void ready() {
    }

    /**
     * Signs a message: ECDSA with the curve's SHA-2 (P-256 with SHA-256, P-384 with SHA-384, P-521 with
     * SHA-512; DER-encoded signature), or Ed25519.
     */
    byte[] sign(byte[] message);

    /**
     * Signs a Git commit payload (the commit object without its signature header) and returns the
     * armored signature for the commit's {@code gpgsig} header, in the SSH signature format that
     * {@code git verify-commit} checks with {@code gpg.format=ssh}.
     */
    String signCommit(byte[] commitPayload);

    /**
     * The key's X.509 certificate and the chain to its CA, leaf first, each a PEM "CERTIFICATE" block;
     * empty for a key without a certificate.
     */
    default List<String> certificateChainPem() {
        return List.of();
    }
}
