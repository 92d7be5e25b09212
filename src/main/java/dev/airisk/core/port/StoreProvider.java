package dev.airisk.core.port;

import java.util.Map;

/**
 * Opens the store named in registry.yaml: a {@code file:} path or a plain path (local), or an
 * {@code s3://bucket/prefix} (team mode), with the store keys of registry.yaml's {@code settings:}.
 */
public interface StoreProvider {

    /** Opens the store at a location; {@code create} makes a local store's folder when it is missing. */
    ArtifactStore open(String location, boolean create);

    /**
     * Opens the store at a location with registry.yaml's {@code settings:} (an S3 endpoint, path-style
     * addressing, a retention period); a provider that needs none ignores them.
     */
    default ArtifactStore open(String location, Map<String, String> settings, boolean create) {
        return open(location, create);
    }

    /**
     * Checks, before anything is created, that the store at a location can be reached with these
     * settings (an S3 bucket exists and the credentials are accepted). Nothing to check by default.
     */
    default void probe(String location, Map<String, String> settings) {
    }

    /** The canonical form of a location as recorded in registry.yaml (e.g. an absolute path). */
    String canonical(String location);
}
