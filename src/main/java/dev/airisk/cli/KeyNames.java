package dev.airisk.cli;

import dev.airisk.core.release.Services;
import java.util.HashMap;
import java.util.Map;

/**
 * Names beside key ids: the name a key signed its newest registry commit with, else the name of this
 * host's key with that id, else none. Names are what their holders call their keys, not unique;
 * ids are shown with them.
 */
final class KeyNames {
    private final Map<String, String> names;

    private KeyNames(Map<String, String> names) {
        this.names = names;
    }

    static KeyNames of(Context ctx, Services services) {
        Map<String, String> names = new HashMap<>();
        ctx.keyring().list().forEach(k -> names.put(k.keyId(), k.name()));
        names.putAll(services.log().keyNames());
        return new KeyNames(names);
    }

    /** The key's name, or null when none is known. */
    String name(String keyId) {
        return keyId == null ? null : names.get(keyId);
    }

    /** "name (first 12 of the id)", or the short id alone when no name is known; null for null. */
    String label(String keyId) {
        return label(keyId, name(keyId));
    }

    /** "name (first 12 of the id)", or the short id alone when {@code name} is null; null for a null id. */
    static String label(String keyId, String name) {
        if (keyId == null) {
            return null;
        }
        String shortId = keyId.substring(0, Math.min(12, keyId.length()));
        return name == null ? shortId : name + " (" + shortId + ")";
    }
}
