package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Sha256;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.EllipticCurve;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Reading, writing, identifying public keys, and checking signatures made with them. */
public final class PublicKeys {
    static final String PEM_LABEL = "PUBLIC KEY";
    /** The most keys {@link #READ} holds. */
    private static final int KEYS_HELD = 256;
    /**
     * Keys read before, by their DER encoding, most recently used last: a process that reads the same few
     * trusted keys for every command or commit parses and checks each once (a key object never changes).
     */
    private static final Map<String, PublicKey> READ = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PublicKey> eldest) {
            return size() > KEYS_HELD;
        }
    });

    private PublicKeys() {
    }

    /** Parses a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) block of an ECDSA P-256, P-384, P-521 or Ed25519 key. */
    public static PublicKey fromPem(String pem) {
        return fromDer(Pem.decode(pem, PEM_LABEL, "the public key"));
    }

    /** Parses a DER SubjectPublicKeyInfo of an ECDSA P-256, P-384, P-521 or Ed25519 key. */
    public static PublicKey fromDer(byte[] der) {
        String encoded = Base64.getEncoder().encodeToString(der);
        PublicKey known = READ.get(encoded);
        if (known != null) {
            return known;
        }
        PublicKey key = parse(der);
        READ.put(encoded, key);
        return key;
    }

    private static PublicKey parse(byte[] der) {
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(der);
            KeyType type = KeyType.of(spki);
            X509EncodedKeySpec spec = new X509EncodedKeySpec(spki.getEncoded());
            PublicKey key = readWithJdk(type, spec);
            return key != null ? key : KeyFactory.getInstance(type.jcaKeyAlgorithm(), Bc.PROVIDER).generatePublic(spec);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new InvalidInput("the public key cannot be read: " + e.getMessage(),
                    "give an ECDSA P-256, P-384, P-521 or Ed25519 public key in PEM", e);
        }
    }

    /**
     * The key as the JDK's provider reads it, or null when that is not the key BouncyCastle reads: the
     * JDK refuses compressed EC points that BouncyCastle reads, and takes points off the curve that
     * BouncyCastle refuses. BouncyCastle then reads the key, with the result and messages airisk always gave.
     */
    private static PublicKey readWithJdk(KeyType type, X509EncodedKeySpec spec) throws NoSuchAlgorithmException {
        PublicKey key;
        try {
            key = KeyFactory.getInstance(type.jcaKeyAlgorithm()).generatePublic(spec);
        } catch (InvalidKeySpecException | RuntimeException e) {
            return null;
        }
        boolean same = Arrays.equals(key.getEncoded(), spec.getEncoded());
        return same && (!(key instanceof ECPublicKey ec) || isOnCurve(ec)) ? key : null;
    }

    /** Whether the point lies on its prime-field curve y^2 = x^3 + ax + b, with both coordinates below p. */
    private static boolean isOnCurve(ECPublicKey key) {
        EllipticCurve curve = key.getParams().getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        BigInteger x = key.getW().getAffineX();
        BigInteger y = key.getW().getAffineY();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            return false;
        }
        return y.multiply(y).mod(p).equals(x.multiply(x).add(curve.getA()).multiply(x).add(curve.getB()).mod(p));
    }

    /** The PEM "PUBLIC KEY" block, byte for byte as OpenSSL and Python's cryptography write it. */
    public static String toPem(PublicKey key) {
        return Pem.encode(PEM_LABEL, key.getEncoded());
    }

    /** The airisk key id: lower-case hex SHA-256 of the DER SubjectPublicKeyInfo. */
    public static String keyId(PublicKey key) {
        return Sha256.digest(key.getEncoded()).hex();
    }

    /** The airisk key id of a PEM public key. */
    public static String keyId(String pem) {
        return keyId(fromPem(pem));
    }

    /**
     * Whether {@code signature} is a valid signature of {@code message} by {@code key}: a DER ECDSA
     * signature over the curve's SHA-2 (SHA-256, SHA-384, SHA-512) for EC keys, a pure Ed25519 signature otherwise. A malformed signature
     * is simply not valid.
     */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        return verify(key, KeyType.of(key).signatureAlgorithm(), message, signature);
    }

    /** As {@link #verify(PublicKey, byte[], byte[])} with the JCA signature algorithm given (e.g. SHA256withECDSA). */
    static boolean verify(PublicKey key, String algorithm, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException | IllegalArgumentException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot verify " + key.getAlgorithm() + " signatures", e);
        }
    }
}
