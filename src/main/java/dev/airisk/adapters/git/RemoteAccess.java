package dev.airisk.adapters.git;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * How registries at URLs are reached: where their local copies are cached, whether a read may fetch,
 * and how long a cached copy stays fresh (read from that copy's registry.yaml by {@code fetchInterval}).
 */
public record RemoteAccess(Path cacheRoot, Freshness freshness, Function<byte[], Duration> fetchInterval) {
    /** When reads fetch. Writes always fetch (and fail when offline). */
    public enum Freshness {
        /** Fetch when the cached copy is older than the registry's fetch_interval. */
        CACHED,
        /** Fetch before reading, however recent the cached copy. */
        REFRESH,
        /** Never fetch or push: read the cached copy only. */
        OFFLINE
    }
}
