package dev.airisk.adapters.agent;

import java.time.Instant;
import java.util.List;

/**
 * What a running agent says of itself: its process, when it started and forgets its keys, whether it
 * is locked, the keys it holds and how many signatures it has made.
 */
public record AgentStatus(long pid, Instant started, Instant expires, boolean locked, List<HeldKey> keys, long signatures) {
    public AgentStatus {
        keys = List.copyOf(keys);
    }

    /** A key the agent holds unlocked: its name, id and type (never anything secret). */
    public record HeldKey(String name, String keyId, String type) {
    }

    /** True when the agent holds the key of this name and id, unlocked. */
    public boolean holds(String name, String keyId) {
        return !locked && keys.stream().anyMatch(k -> k.name().equals(name) && k.keyId().equals(keyId));
    }
}
