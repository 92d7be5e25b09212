package dev.airisk.core.notify;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** {@code consumers.yaml}: consumer name to consumer, sorted by name. */
public record Consumers(Map<String, Consumer> byName) {
    public static final Consumers NONE = new Consumers(Map.of());

    public Consumers {
        byName = Collections.unmodifiableMap(new TreeMap<>(byName == null ? Map.of() : byName));
    }

    public Consumers with(Consumer c) {
        Map<String, Consumer> next = new TreeMap<>(byName);
        next.put(c.name(), c);
        return new Consumers(next);
    }

    public Consumers without(String name) {
        Map<String, Consumer> next = new TreeMap<>(byName);
        next.remove(name);
        return new Consumers(next);
    }
}
