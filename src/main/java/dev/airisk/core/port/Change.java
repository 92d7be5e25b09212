package dev.airisk.core.port;

import dev.airisk.core.Limits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one registry operation writes: files (path to bytes; null bytes delete the path), the commit
 * message, and the result to hand back to the caller. Every registry write goes through here, so this
 * is where each file's size is bounded ({@link Limits#REGISTRY_FILE}): a change that would commit a
 * file the registry could not read back cannot be made.
 */
public record Change<T>(T result, Map<String, byte[]> writes, CommitMessage message) {
    public Change {
        writes = writes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(writes));
        writes.forEach((path, bytes) -> {
            if (bytes != null) {
                Limits.REGISTRY_FILE.check(path, bytes.length);
            }
        });
    }

    /** Nothing to write: the operation was a no-op. */
    public static <T> Change<T> none(T result) {
        return new Change<>(result, Map.of(), null);
    }

    public boolean isEmpty() {
        return writes.isEmpty();
    }
}
