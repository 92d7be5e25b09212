package dev.airisk.core.port;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one registry operation writes: files (path to bytes; null bytes delete the path), the commit
 * message, and the result to hand back to the caller.
 */
public record Change<T>(T result, Map<String, byte[]> writes, CommitMessage message) {
    public Change {
        writes = writes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(writes));
    }

    /** Nothing to write: the operation was a no-op. */
    public static <T> Change<T> none(T result) {
        return new Change<>(result, Map.of(), null);
    }

    public boolean isEmpty() {
        return writes.isEmpty();
    }
}
