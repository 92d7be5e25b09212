package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.port.Keyring.Pkcs11Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidParameterException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.LoginException;

/**
 * Keys in a PKCS#11 token (an HSM, a smart card, SoftHSM), used through the JDK's SunPKCS11 provider:
 * the token signs, the private key never leaves it. The key is found in the token's key store by its
 * label; SunPKCS11 lists a private key only when a certificate with the same CKA_ID sits beside it
 * (a self-signed one will do: airisk reads only its public key).
 */
final class Pkcs11Keys {
    private Pkcs11Keys() {
    }

    /** A private key in its token, with the provider that signs with it and its public key. */
    record Opened(Provider provider, PrivateKey privateKey, PublicKey publicKey) {
    }

    /** The description of {@code key} as written to {@code NAME.pkcs11.json}. */
    static Map<String, Object> toJson(Pkcs11Key key) {
        return key.slot() != null
                ? Map.of("module", key.module(), "slot", key.slot(), "key_label", key.keyLabel())
                : Map.of("module", key.module(), "slot_index", key.slotIndex(), "key_label", key.keyLabel());
    }

    /** Checks what a user gives: an absolute module path to a file, a slot that can be one, a label. */
    static Pkcs11Key validate(Pkcs11Key key) {
        String module = key.module();
        if (module == null || !Path.of(module).isAbsolute() || module.contains("\"") || module.contains("\\")
                || module.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput("PKCS#11 module '" + module + "' is not an absolute path",
                    "give the absolute path of the token's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so");
        }
        if (!Files.isRegularFile(Path.of(module))) {
            throw new NotFound("PKCS#11 module " + module + " does not exist",
                    "install the token's PKCS#11 library (for SoftHSM: apt-get install softhsm2) or give its path");
        }
        if ((key.slot() != null && key.slot() < 0) || key.slotIndex() < 0) {
            throw new InvalidInput("a PKCS#11 slot cannot be negative", "give the slot id or index the token's tools list");
        }
        if (key.keyLabel() == null || key.keyLabel().isEmpty()) {
            throw new InvalidInput("no PKCS#11 key label was given", "give the label of the key in the token with --key-label");
        }
        return key;
    }

    /**
     * Opens the token of {@code key} with {@code pin} and finds the key: InvalidInput for a wrong PIN,
     * NotFound when no private key has that label, Unavailable when the module or slot cannot be used.
     */
    static Opened open(String keyName, Pkcs11Key key, char[] pin) {
        Provider provider = provider(keyName, key);
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
        } catch (IOException e) {
            if (isLoginFailure(e)) {
                throw new InvalidInput("wrong PIN for the PKCS#11 token of key '" + keyName + "'",
                        "check AIRISK_KEY_PASSPHRASE, which holds the token's user PIN for this key", e);
            }
            throw unavailable(keyName, key, e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable(keyName, key, e);
        }
        try {
            Key found = store.isKeyEntry(key.keyLabel()) ? store.getKey(key.keyLabel(), null) : null;
            Certificate certificate = store.getCertificate(key.keyLabel());
            if (!(found instanceof PrivateKey privateKey) || certificate == null) {
                List<String> labels = new ArrayList<>();
                for (String alias : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(alias)) {
                        labels.add(alias);
                    }
                }
                throw new NotFound("the PKCS#11 token has no private key labelled '" + key.keyLabel() + "'",
                        (labels.isEmpty() ? "it lists no key" : "keys it lists: " + String.join(", ", labels))
                                + "; SunPKCS11 sees a key only with a certificate of the same CKA_ID beside it");
            }
            PublicKey publicKey = PublicKeys.fromDer(certificate.getPublicKey().getEncoded());
            if (!KeyType.of(publicKey).isEcdsa()) {
                throw new InvalidInput("key '" + key.keyLabel() + "' in the PKCS#11 token is not an ECDSA key",
                        "use an ECDSA P-256, P-384 or P-521 key: SunPKCS11 signs with no other kind airisk uses");
            }
            return new Opened(provider, privateKey, publicKey);
        } catch (GeneralSecurityException | ProviderException e) {
            throw unavailable(keyName, key, e);
        }
    }

    /** Whether the token refused the PIN: a LoginException, or the module's CKR_PIN_INCORRECT (CKR_PIN_LEN_RANGE …) in the causes. */
    private static boolean isLoginFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LoginException || (t.getMessage() != null && t.getMessage().startsWith("CKR_PIN_"))) {
                return true;
            }
        }
        return false;
    }

    private static Provider provider(String keyName, Pkcs11Key key) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new Unavailable("this Java runtime has no SunPKCS11 provider, which key '" + keyName + "' needs",
                    "run airisk on a full JDK or JRE 17 or later (module jdk.crypto.cryptoki)", null);
        }
        String config = "--name=airisk-" + keyName + "\n"
                + "library = \"" + key.module() + "\"\n"
                + (key.slot() != null ? "slot = " + key.slot() : "slotListIndex = " + key.slotIndex()) + "\n";
        try {
            return base.configure(config);
        } catch (InvalidParameterException | ProviderException e) {
            throw unavailable(keyName, key, e);
        }
    }

    private static Unavailable unavailable(String keyName, Pkcs11Key key, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String slot = key.slot() != null ? "slot " + key.slot() : "slot index " + key.slotIndex();
        return new Unavailable("cannot use " + slot + " of PKCS#11 module " + key.module() + " for key '" + keyName + "': "
                + root.getMessage(), "check that the token is present in that slot (softhsm2-util --show-slots or pkcs11-tool -L"
                + " list the slots)", e);
    }
}
