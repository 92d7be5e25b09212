package dev.airisk.core.port;

/** Opens the store named in registry.yaml ({@code file:} path or a plain path today; s3:// with team mode). */
public interface StoreProvider {

    /** Opens the store at a location; {@code create} makes a local store's folder when it is missing. */
    ArtifactStore open(String location, boolean create);

    /** The canonical form of a location as recorded in registry.yaml (e.g. an absolute path). */
    String canonical(String location);
}
