package dev.airisk.adapters.crypto;

import dev.airisk.core.port.Signer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/** A {@link Signer} over an unlocked private key held in memory. */
final class KeySigner implements Signer {
    private final String name;
    private final KeyType type;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final SecureRandom random;

    KeySigner(String name, PrivateKey privateKey, PublicKey publicKey, SecureRandom random) {
        this.name = name;
        this.type = KeyType.of(publicKey);
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.random = random;
    }

    @Override
    public String keyId() {
        return PublicKeys.keyId(publicKey);
    }

    @Override
    public String keyName() {
        return name;
    }

    @Override
    public String keyType() {
        return type.id();
    }

    @Override
    public String publicKeyPem() {
        return PublicKeys.toPem(publicKey);
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(type.signatureAlgorithm());
            signature.initSign(privateKey, random);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot sign with " + type.id() + " key '" + name + "'", e);
        }
    }

    @Override
    public String signCommit(byte[] commitPayload) {
        return SshSignatures.sign(this, commitPayload);
    }

    /** Whether the private key belongs to the public key: a fresh challenge signed by one verifies with the other. */
    boolean isPair() {
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        try {
            return PublicKeys.verify(publicKey, challenge, sign(challenge));
        } catch (IllegalStateException e) {
            return false; // the private key is of another type than the public key
        }
    }

    @Override
    public String toString() {
        return "KeySigner[" + name + ", " + type.id() + ", " + keyId() + "]";
    }
}
