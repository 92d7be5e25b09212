package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.InvalidInput;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Private keys at rest: PKCS#8 "ENCRYPTED PRIVATE KEY" PEM, PBES2 with PBKDF2-HMAC-SHA256 and
 * AES-256-CBC, the scheme {@code openssl pkey -passin} and Python's cryptography read.
 */
final class EncryptedKeys {
    static final String PEM_LABEL = "ENCRYPTED PRIVATE KEY";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    static final int ITERATIONS = 600_000;

    private EncryptedKeys() {
    }

    static String encrypt(PrivateKey key, char[] passphrase, SecureRandom random) {
        try {
            JceOpenSSLPKCS8EncryptorBuilder encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(ITERATIONS)
                    .setRandom(random)
                    .setProvider(Bc.PROVIDER)
                    .setPassword(passphrase);
            PemObject pem = new PKCS8Generator(version1(key), encryptor.build()).generate();
            return Pem.encode(PEM_LABEL, pem.getContent());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("BouncyCastle cannot encrypt a PKCS#8 key with AES-256-CBC", e);
        }
    }

    /**
     * The PKCS#8 v1 form (RFC 5208) without the optional embedded public key: BouncyCastle writes
     * Ed25519 keys as v2 (RFC 5958), which OpenSSL 3.0 and Python's cryptography cannot read.
     */
    private static PrivateKeyInfo version1(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey(), info.getAttributes());
    }

    /** Decrypts a key of {@code keyName}; InvalidInput "wrong passphrase" when the passphrase does not open it. */
    static PrivateKey decrypt(String pem, char[] passphrase, String keyName) {
        byte[] der = Pem.decode(pem, PEM_LABEL, keyName + ".key.pem");
        PKCS8EncryptedPrivateKeyInfo info;
        try {
            info = new PKCS8EncryptedPrivateKeyInfo(der);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInput(keyName + ".key.pem is not an encrypted PKCS#8 key",
                    "generate the key again with 'airisk keys generate'", e);
        }
        try {
            return new JcaPEMKeyConverter().setProvider(Bc.PROVIDER).getPrivateKey(
                    info.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                            .setProvider(Bc.PROVIDER).build(passphrase)));
        } catch (PKCSException | PEMException | OperatorCreationException | RuntimeException e) {
            // CBC padding or the decrypted ASN.1 is wrong: the passphrase does not open this key.
            throw new InvalidInput("wrong passphrase for key '" + keyName + "'", "check AIRISK_KEY_PASSPHRASE", e);
        }
    }
}
