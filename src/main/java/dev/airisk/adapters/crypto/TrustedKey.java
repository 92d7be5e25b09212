package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A public key a verifier trusts, with its airisk key id. */
public record TrustedKey(String keyId, PublicKey key) {

    public TrustedKey {
        if (!PublicKeys.keyId(key).equals(keyId)) {
            throw new IllegalArgumentException("key id " + keyId + " is not the id of the given key");
        }
    }

    /** Trusts a public key under its own key id. */
    public static TrustedKey of(PublicKey key) {
        return new TrustedKey(PublicKeys.keyId(key), key);
    }

    /**
     * Reads a map of key id to PEM public key, as {@code trust/keys/<keyid>.pub.pem} holds them, in key
     * id order. IntegrityFailure when a PEM cannot be read or its id is not the one it is filed under.
     */
    public static List<TrustedKey> fromPems(Map<String, String> pemsByKeyId) {
        List<TrustedKey> out = new ArrayList<>();
        new TreeMap<>(pemsByKeyId).forEach((id, pem) -> {
            PublicKey key;
            try {
                key = PublicKeys.fromPem(pem);
            } catch (InvalidInput e) {
                throw new IntegrityFailure("trusted key " + Text.shortId(id) + " cannot be read: " + e.getMessage(),
                        "restore trust/keys/" + id + ".pub.pem from a good copy", e);
            }
            String actual = PublicKeys.keyId(key);
            if (!actual.equals(id)) {
                throw new IntegrityFailure("trusted key file " + Text.shortId(id) + " holds key " + Text.shortId(actual),
                        "the trust store was edited by hand; restore trust/keys/" + id + ".pub.pem");
            }
            out.add(new TrustedKey(id, key));
        });
        return out;
    }

    /**
     * The public key hint OpenSSF model_signing writes and checks in key mode: hex SHA-256 of the PEM
     * SubjectPublicKeyInfo text (not of the DER, which is the airisk key id).
     */
    public String modelSigningHint() {
        return Sha256.digest(PublicKeys.toPem(key).getBytes(StandardCharsets.US_ASCII)).hex();
    }

    /** Whether a bundle's hint names this key, either as model_signing does or by airisk key id. */
    public boolean matchesHint(String hint) {
        return keyId.equals(hint) || modelSigningHint().equals(hint);
    }
}
