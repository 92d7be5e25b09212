package dev.airisk.core.port;

import java.util.List;
import java.util.Optional;

/**
 * The local keys under AIRISK_HOME/keys: private keys encrypted at rest or held in a PKCS#11 token,
 * public keys beside them, and the X.509 certificate a key may carry.
 */
public interface Keyring {

    /** Key types a keyring can generate. */
    List<String> TYPES = List.of("ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519");

    /**
     * Generates a key pair, writes {@code NAME.key.pem} (encrypted PKCS#8, mode 0600) and
     * {@code NAME.pub.pem}. Conflict when the name is taken; InvalidInput for a bad name or type.
     */
    KeyInfo generate(String name, String type, char[] passphrase);

    /** All keys, sorted by name. */
    List<KeyInfo> list();

    /** One key by name; NotFound with the list of names otherwise. */
    KeyInfo info(String name);

    /** The acting key when none is named: the one marked default, else the only key. */
    Optional<KeyInfo> defaultKey();

    /** Marks a key as the default. */
    void setDefault(String name);

    /** Decrypts a private key; InvalidInput "wrong passphrase for key NAME" when it does not. */
    Signer unlock(String name, char[] passphrase);

    /** The PEM public key of a named key. */
    String publicKeyPem(String name);

    /**
     * Records a key whose private half stays in a PKCS#11 token: the token is opened with {@code pin}, the
     * key found by its label and checked by signing in the token; its public key is written beside it.
     * Conflict when the name is taken; NotFound when the token has no such key; InvalidInput for a wrong PIN.
     */
    KeyInfo importPkcs11(String name, Pkcs11Key key, char[] pin);

    /**
     * Attaches an X.509 certificate to a key, with the intermediates that lead to the CA: {@code
     * certificatesPem} starts with the key's own certificate, whose public key must be the key's.
     */
    KeyInfo attachCertificate(String name, String certificatesPem);

    /** The certificate chain of a key, leaf first, each a PEM block; empty for a key without a certificate. */
    List<String> certificateChainPem(String name);

    /**
     * Where a key that never leaves its token lives: the PKCS#11 module (a shared library), the slot
     * (by its id, or else by its index in the module's slot list) and the label of the key in the token.
     */
    record Pkcs11Key(String module, Long slot, int slotIndex, String keyLabel) {
    }

    /** A key as listed: its name, id, type, and whether it is the default. */
    record KeyInfo(String name, String keyId, String type, boolean isDefault) {
    }
}
