package dev.airisk.adapters.store;

import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.StoreProvider;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Picks the store by its location's scheme: {@code s3://} is S3 (made on first use, so a local
 * setup never loads the AWS SDK), anything else is a local folder.
 */
public final class StoreProviders implements StoreProvider, AutoCloseable {
    private final StoreProvider local;
    private final Supplier<S3StoreProvider> s3Factory;
    private S3StoreProvider s3;

    public StoreProviders(StoreProvider local, Supplier<S3StoreProvider> s3) {
        this.local = local;
        this.s3Factory = s3;
    }

    @Override
    public ArtifactStore open(String location, boolean create) {
        return pick(location).open(location, create);
    }

    @Override
    public ArtifactStore open(String location, Map<String, String> settings, boolean create) {
        return pick(location).open(location, settings, create);
    }

    @Override
    public void probe(String location, Map<String, String> settings) {
        pick(location).probe(location, settings);
    }

    @Override
    public String canonical(String location) {
        return pick(location).canonical(location);
    }

    @Override
    public String recorded(String store, String registryFolder) {
        return pick(store).recorded(store, registryFolder);
    }

    @Override
    public String resolve(String recorded, String registryFolder) {
        return pick(recorded).resolve(recorded, registryFolder);
    }

    private synchronized StoreProvider pick(String location) {
        if (!S3Location.isS3(location)) {
            return local;
        }
        if (s3 == null) {
            s3 = s3Factory.get();
        }
        return s3;
    }

    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }
}
