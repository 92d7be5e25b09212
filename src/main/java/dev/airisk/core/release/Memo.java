package dev.airisk.core.release;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Results of pure functions of a file's bytes (and of anything else they depend on), remembered: at
 * most {@code limit}, the least recently used dropped first. A result is computed again when it is
 * not there; a computation that throws is not remembered. Safe for several threads.
 */
final class Memo {
    private final Map<Key, Object> results;

    Memo(int limit) {
        this.results = Collections.synchronizedMap(new LinkedHashMap<>(limit * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
                return size() > limit;
            }
        });
    }

    /** What was computed: the kind of computation, the bytes and anything else it depends on. */
    private record Key(String kind, byte[] bytes, Object extra, int hash) {
        Key(String kind, byte[] bytes, Object extra) {
            this(kind, bytes, extra, 31 * (31 * kind.hashCode() + Arrays.hashCode(bytes)) + Objects.hashCode(extra));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && kind.equals(k.kind) && Arrays.equals(bytes, k.bytes)
                    && Objects.equals(extra, k.extra);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @SuppressWarnings("unchecked")
    <T> T get(String kind, byte[] bytes, Object extra, Supplier<T> compute) {
        Key key = new Key(kind, bytes.clone(), extra);
        Object known = results.get(key);
        if (known != null) {
            return (T) known;
        }
        T value = compute.get();
        results.put(key, value);
        return value;
    }
}
