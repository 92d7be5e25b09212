package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException.InvalidInput;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

/** Only a passphrase that does not open a key is called a wrong passphrase. */
class EncryptedKeysTest {
    private static final char[] PASSPHRASE = "right one".toCharArray();

    @Test
    void decrypt_withManyWrongPassphrases_isAlwaysWrongPassphrase() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        String pem = EncryptedKeys.encrypt(pair, PASSPHRASE, new SecureRandom(), 2);
        // about one wrong passphrase in 256 decrypts to valid padding, and then to bytes that are no key
        for (int i = 0; i < 2000; i++) {
            char[] wrong = ("wrong " + i).toCharArray();
            InvalidInput e = assertThrows(InvalidInput.class, () -> EncryptedKeys.decrypt(pem, wrong, "k"));
            assertEquals("wrong passphrase for key 'k' (check AIRISK_KEY_PASSPHRASE)", e.oneLine());
        }
        assertEquals(((ECPrivateKey) pair.getPrivate()).getS(),
                ((ECPrivateKey) EncryptedKeys.decrypt(pem, PASSPHRASE, "k")).getS());
    }

    @Test
    void decrypt_keyFileWithZeroIterations_isAnUnreadableFile_notAWrongPassphrase() throws Exception {
        AlgorithmIdentifier scheme = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(new byte[32], 0,
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16]))));
        String pem = Pem.encode(EncryptedKeys.PEM_LABEL,
                new EncryptedPrivateKeyInfo(scheme, new byte[48]).getEncoded(ASN1Encoding.DER));

        InvalidInput e = assertThrows(InvalidInput.class, () -> EncryptedKeys.decrypt(pem, PASSPHRASE, "k"));

        assertEquals("k.key.pem is not an encrypted PKCS#8 key (generate the key again with 'airisk keys generate')", e.oneLine());
    }
}
