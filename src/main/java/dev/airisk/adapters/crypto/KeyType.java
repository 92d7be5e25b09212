package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.Keyring;
import dev.airisk.core.port.Signer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The key types airisk signs with, and the names each one goes by in JCA and OpenSSH. Keys are made
 * and used through the JDK's own provider (SunEC), which starts far faster than BouncyCastle's.
 */
public enum KeyType {
    /** ECDSA on NIST P-256 with SHA-256; what OpenSSF model_signing's key mode verifies. */
    ECDSA_P256("ecdsa-p256", "EC", "SHA256withECDSA", "ecdsa-sha2-nistp256", "secp256r1"),
    /** ECDSA on NIST P-384 with SHA-384, as model_signing signs with a P-384 key. */
    ECDSA_P384("ecdsa-p384", "EC", "SHA384withECDSA", "ecdsa-sha2-nistp384", "secp384r1"),
    /** ECDSA on NIST P-521 with SHA-512, as model_signing signs with a P-521 key. */
    ECDSA_P521("ecdsa-p521", "EC", "SHA512withECDSA", "ecdsa-sha2-nistp521", "secp521r1"),
    /** Pure Ed25519. */
    ED25519("ed25519", "Ed25519", "Ed25519", "ssh-ed25519", null);

    private final String id;
    private final String jcaKeyAlgorithm;
    private final String signatureAlgorithm;
    private final String sshName;
    /** The curve's standard name for ECDSA types, null for Ed25519. */
    private final String curve;

    KeyType(String id, String jcaKeyAlgorithm, String signatureAlgorithm, String sshName, String curve) {
        this.id = id;
        this.jcaKeyAlgorithm = jcaKeyAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
        this.sshName = sshName;
        this.curve = curve;
    }

    /** Whether signatures are DER-encoded ECDSA (r, s) pairs, which OpenSSH writes as two mpints. */
    public boolean isEcdsa() {
        return curve != null;
    }

    /** The name users type and {@link Keyring#TYPES} lists: {@code ecdsa-p256} or {@code ed25519}. */
    public String id() {
        return id;
    }

    /** The OpenSSH key and signature type name. */
    public String sshName() {
        return sshName;
    }

    String jcaKeyAlgorithm() {
        return jcaKeyAlgorithm;
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Parses a type name; null means the default, {@code ecdsa-p256}. */
    public static KeyType parse(String id) {
        if (id == null) {
            return ECDSA_P256;
        }
        for (KeyType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new InvalidInput("key type '" + id + "' is not supported", "use one of " + String.join(", ", Keyring.TYPES));
    }

    /** The type of a public key; InvalidInput for any other algorithm or curve. */
    public static KeyType of(PublicKey key) {
        return of(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    static KeyType of(SubjectPublicKeyInfo spki) {
        KeyType type = find(spki.getAlgorithm());
        if (type == null) {
            throw new InvalidInput("keys of algorithm " + spki.getAlgorithm().getAlgorithm().getId() + " are not supported",
                    "use an ECDSA P-256, P-384, P-521 or Ed25519 key");
        }
        return type;
    }

    /** The type of a key with this (SubjectPublicKeyInfo or PKCS#8) algorithm identifier; null for any other. */
    static KeyType find(AlgorithmIdentifier key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm();
        ASN1Encodable parameters = key.getParameters();
        if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return ED25519;
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (SECObjectIdentifiers.secp256r1.equals(parameters)) {
                return ECDSA_P256;
            }
            if (SECObjectIdentifiers.secp384r1.equals(parameters)) {
                return ECDSA_P384;
            }
            if (SECObjectIdentifiers.secp521r1.equals(parameters)) {
                return ECDSA_P521;
            }
        }
        return null;
    }

    /**
     * A signer with a key of this type made for the moment and never stored: to run the signing code of
     * this type (compiling it) without signing anything with a real key.
     */
    public Signer throwawaySigner(SecureRandom random) {
        KeyPair pair = generate(random);
        return new KeySigner("throwaway", pair.getPrivate(), pair.getPublic(), random);
    }

    KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaKeyAlgorithm);
            generator.initialize(isEcdsa() ? new ECGenParameterSpec(curve) : NamedParameterSpec.ED25519, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot generate " + id + " keys", e);
        }
    }
}
