package dev.airisk.core.port;

import java.util.List;
import java.util.Optional;

/** The local keys under AIRISK_HOME/keys: private keys encrypted at rest, public keys beside them. */
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

    /** A key as listed: its name, id, type, and whether it is the default. */
    record KeyInfo(String name, String keyId, String type, boolean isDefault) {
    }
}
