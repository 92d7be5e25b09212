package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.port.Signer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.List;

/**
 * A {@link Signer} over an unlocked private key: one held in memory, signed with by the JDK's own
 * providers, or one in a PKCS#11 token, signed with by the token's provider (the key never leaves it).
 */
final class KeySigner implements Signer {
    private final String name;
    private final KeyType type;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final SecureRandom random;
    /** The provider that holds the private key, or null for the JDK's own. */
    private final Provider provider;
    private final List<String> certificateChain;

    KeySigner(String name, PrivateKey privateKey, PublicKey publicKey, SecureRandom random) {
        this(name, privateKey, publicKey, random, null, List.of());
    }

    KeySigner(String name, PrivateKey privateKey, PublicKey publicKey, SecureRandom random, Provider provider,
              List<String> certificateChain) {
        this.name = name;
        this.type = KeyType.of(publicKey);
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.random = random;
        this.provider = provider;
        this.certificateChain = List.copyOf(certificateChain);
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
    public List<String> certificateChainPem() {
        return certificateChain;
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = provider == null ? Signature.getInstance(type.signatureAlgorithm())
                    : Signature.getInstance(type.signatureAlgorithm(), provider);
            signature.initSign(privateKey, random);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException | ProviderException e) {
            if (provider != null) {
                throw new Unavailable("the PKCS#11 token of key '" + name + "' did not sign: "
                        + e.getMessage(), "check that the token is present and holds the key", e);
            }
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
