package dev.airisk.adapters.git;

import dev.airisk.core.port.Signer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A real ECDSA P-256 key for tests. {@link #signCommit} wraps a DER signature over the payload in SSH
 * signature armor; it is not the SSH wire format (that interop is tested with the crypto adapter),
 * but it is a real signature that {@link #verifyCommit} checks.
 */
final class TestSigner implements Signer {
    private static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
    private static final String END = "-----END SSH SIGNATURE-----";

    private final String name;
    private final KeyPair keys;

    TestSigner(String name) {
        this.name = name;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String keyId() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String keyName() {
        return name;
    }

    @Override
    public String keyType() {
        return "ecdsa-p256";
    }

    @Override
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(keys.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String signCommit(byte[] commitPayload) {
        String body = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(sign(commitPayload));
        return BEGIN + "\n" + body + "\n" + END + "\n";
    }

    /** True when {@code armored} is this key's signature over {@code payload}. */
    boolean verifyCommit(String armored, byte[] payload) {
        String body = armored.strip();
        if (!body.startsWith(BEGIN) || !body.endsWith(END)) {
            return false;
        }
        byte[] der = Base64.getMimeDecoder().decode(body.substring(BEGIN.length(), body.length() - END.length()));
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(keys.getPublic());
            s.update(payload);
            return s.verify(der);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
