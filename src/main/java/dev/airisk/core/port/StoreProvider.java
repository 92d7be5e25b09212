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

    /** The canonical form of a location (e.g. an absolute path). */
    String canonical(String location);

    /**
     * How registry.yaml records the store at the canonical location {@code store} for a registry in
     * {@code registryFolder} (null for a registry at a URL): as it is, unless a provider records it
     * relative to the registry (see {@link #resolve}).
     */
    default String recorded(String store, String registryFolder) {
        return store;
    }

    /**
     * The location of the store registry.yaml records as {@code recorded}, for the registry in
     * {@code registryFolder} (null for a registry at a URL): as it is, unless it is relative to the
     * registry.
     */
    default String resolve(String recorded, String registryFolder) {
        return recorded;
    }
}
