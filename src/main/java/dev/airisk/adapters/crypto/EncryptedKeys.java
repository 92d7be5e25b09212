package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.InvalidInput;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Private keys at rest: PKCS#8 "ENCRYPTED PRIVATE KEY" PEM, PBES2 with PBKDF2-HMAC-SHA256 and
 * AES-256-CBC, the scheme {@code openssl pkey -passin} and Python's cryptography read.
 *
 * <p>The JDK's own providers (SunJCE, SunEC) derive the key, run the cipher and read the private key;
 * BouncyCastle's ASN.1 classes parse and build the PBES2 structures. A key file in any other scheme, or
 * holding a key of another type, is opened by BouncyCastle's provider as it always was.
 */
final class EncryptedKeys {
    static final String PEM_LABEL = "ENCRYPTED PRIVATE KEY";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    static final int ITERATIONS = 600_000;
    /** The salt length BouncyCastle chose for HMAC-SHA256, which the keys written so far have. */
    private static final int SALT_BYTES = 32;
    private static final int AES_256_KEY_BYTES = 32;
    private static final int AES_BLOCK_BYTES = 16;
    private static final AlgorithmIdentifier HMAC_SHA256 =
            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);

    private EncryptedKeys() {
    }

    /** The key pair encrypted under {@code passphrase}, its key derived with {@code iterations} rounds of PBKDF2. */
    static String encrypt(KeyPair pair, char[] passphrase, SecureRandom random, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] iv = new byte[AES_BLOCK_BYTES];
        random.nextBytes(salt);
        random.nextBytes(iv);
        Pbes2 scheme = new Pbes2(salt, iterations, iv);
        try {
            byte[] encrypted = scheme.cipher(Cipher.ENCRYPT_MODE, passphrase).doFinal(version1(pair).getEncoded(ASN1Encoding.DER));
            return Pem.encode(PEM_LABEL, new EncryptedPrivateKeyInfo(scheme.algorithm(), encrypted).getEncoded(ASN1Encoding.DER));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("this Java runtime cannot encrypt a PKCS#8 key with AES-256-CBC", e);
        }
    }

    /**
     * The PKCS#8 v1 form (RFC 5208) without the optional embedded public key, as airisk has always
     * written it: BouncyCastle writes Ed25519 keys as v2 (RFC 5958), which OpenSSL 3.0 and Python's
     * cryptography cannot read. An EC key's ECPrivateKey (RFC 5915) carries the curve and the public
     * point, as OpenSSL and BouncyCastle write it; the JDK leaves both out.
     */
    private static PrivateKeyInfo version1(KeyPair pair) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        ASN1Encodable key = info.parsePrivateKey();
        if (pair.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec) {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
            key = new ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
                    spki.getPublicKeyData(), spki.getAlgorithm().getParameters());
        }
        return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), key, info.getAttributes());
    }

    /**
     * Decrypts a key of {@code keyName}; InvalidInput "wrong passphrase" when the passphrase does not open
     * it (the padding, or the decrypted ASN.1, is wrong), and another InvalidInput when the file is not
     * an encrypted key airisk can read. Anything else is not about the file or the passphrase, and is
     * not caught here.
     */
    static PrivateKey decrypt(String pem, char[] passphrase, String keyName) {
        byte[] der = Pem.decode(pem, PEM_LABEL, keyName + ".key.pem");
        PKCS8EncryptedPrivateKeyInfo info;
        Pbes2 scheme;
        try {
            info = new PKCS8EncryptedPrivateKeyInfo(der);
            scheme = Pbes2.of(info.getEncryptionAlgorithm());
        } catch (IOException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            // BouncyCastle's ASN.1 parsing reports a malformed structure with these
            throw new InvalidInput(keyName + ".key.pem is not an encrypted PKCS#8 key",
                    "generate the key again with 'airisk keys generate'", e);
        }
        PrivateKeyInfo plain;
        try {
            plain = scheme == null
                    ? info.decryptPrivateKeyInfo(decryptor(passphrase))
                    : PrivateKeyInfo.getInstance(scheme.cipher(Cipher.DECRYPT_MODE, passphrase).doFinal(info.getEncryptedData()));
        } catch (BadPaddingException | PKCSException | IllegalArgumentException | IllegalStateException e) {
            // CBC padding, or the ASN.1 it decrypted to, is wrong: the passphrase does not open this key.
            throw wrongPassphrase(keyName, e);
        } catch (IllegalBlockSizeException e) {
            throw new InvalidInput(keyName + ".key.pem is not an encrypted PKCS#8 key: its encrypted data is cut short",
                    "generate the key again with 'airisk keys generate'", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot run PBKDF2-HMAC-SHA256 with AES-256-CBC", e);
        }
        KeyType type = KeyType.find(plain.getPrivateKeyAlgorithm());
        try {
            return type == null
                    ? new JcaPEMKeyConverter().setProvider(Bc.PROVIDER).getPrivateKey(plain)
                    : KeyFactory.getInstance(type.jcaKeyAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(plain.getEncoded()));
        } catch (InvalidKeySpecException | IOException e) {
            // what was decrypted is ASN.1 by chance, not a key of this type
            throw wrongPassphrase(keyName, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + type.jcaKeyAlgorithm() + " key factory", e);
        }
    }

    private static InvalidInput wrongPassphrase(String keyName, Exception cause) {
        return new InvalidInput("wrong passphrase for key '" + keyName + "'", "check AIRISK_KEY_PASSPHRASE", cause);
    }

    /** BouncyCastle's decryptor for the schemes other than airisk's own. */
    private static InputDecryptorProvider decryptor(char[] passphrase) {
        try {
            return new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("BouncyCastle cannot build a PKCS#8 decryptor", e);
        }
    }

    /** PBES2 (RFC 8018) with PBKDF2-HMAC-SHA256 and AES-256-CBC: the scheme airisk writes, done with the JDK's providers. */
    private record Pbes2(byte[] salt, int iterations, byte[] iv) {

        /** The parameters of {@code algorithm} if it is this scheme, else null. */
        static Pbes2 of(AlgorithmIdentifier algorithm) {
            if (!PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
                return null;
            }
            PBES2Parameters pbes2 = PBES2Parameters.getInstance(algorithm.getParameters());
            KeyDerivationFunc kdf = pbes2.getKeyDerivationFunc();
            EncryptionScheme cipher = pbes2.getEncryptionScheme();
            if (!PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())
                    || !NISTObjectIdentifiers.id_aes256_CBC.equals(cipher.getAlgorithm())) {
                return null;
            }
            PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(kdf.getParameters());
            if (!PKCSObjectIdentifiers.id_hmacWithSHA256.equals(pbkdf2.getPrf().getAlgorithm())
                    || (pbkdf2.getKeyLength() != null && pbkdf2.getKeyLength().intValueExact() != AES_256_KEY_BYTES)) {
                return null;
            }
            Pbes2 scheme = new Pbes2(pbkdf2.getSalt(), pbkdf2.getIterationCount().intValueExact(),
                    ASN1OctetString.getInstance(cipher.getParameters()).getOctets());
            if (scheme.iterations < 1 || scheme.salt.length == 0 || scheme.iv.length != AES_BLOCK_BYTES) {
                throw new IllegalArgumentException("PBES2 parameters out of range: " + scheme.iterations + " iterations, "
                        + scheme.salt.length + " bytes of salt, " + scheme.iv.length + " bytes of IV");
            }
            return scheme;
        }

        /** The algorithm identifier of these parameters, as BouncyCastle's PKCS8Generator wrote it. */
        AlgorithmIdentifier algorithm() {
            return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                    new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, iterations, HMAC_SHA256)),
                    new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv))));
        }

        /** AES-256-CBC with PKCS#7 padding under the key PBKDF2-HMAC-SHA256 derives from the passphrase. */
        Cipher cipher(int mode, char[] passphrase) throws GeneralSecurityException {
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, AES_256_KEY_BYTES * Byte.SIZE);
            byte[] key = null;
            try {
                key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
                cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                return cipher;
            } finally {
                spec.clearPassword();
                if (key != null) {
                    Arrays.fill(key, (byte) 0);
                }
            }
        }
    }
}
