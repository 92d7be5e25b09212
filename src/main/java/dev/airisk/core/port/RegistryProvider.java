package dev.airisk.core.port;

import java.util.Map;

/** Opens and creates registries at a location: a path, or a URL (team mode). */
public interface RegistryProvider {

    /**
     * Opens an existing registry. {@code signer} is the acting key for writes, or null for read-only
     * use. Throws NotFound when there is no registry at the location.
     */
    Registry open(String location, Signer signer);

    /**
     * Creates a new registry whose first commit holds {@code files}, signed by {@code signer}. Throws
     * Conflict and changes nothing when something already exists at the location.
     */
    Registry create(String location, Signer signer, Map<String, byte[]> files, CommitMessage message);

    /** The absolute folder a new registry at {@code location} will be in (see {@link Registry#folder}); null for a URL. */
    default String folder(String location) {
        return null;
    }

    /**
     * The store a new registry at {@code location} uses when none is named: the path with ".store"
     * appended; null when there is no sensible default (a registry at a URL is shared, so its store
     * must be named).
     */
    default String defaultStore(String location) {
        String out = location;
        while (out.length() > 1 && out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out + ".store";
    }
}
