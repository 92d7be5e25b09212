package dev.airisk.adapters.yaml;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping being written: keys come out in the order they are put, and absent values (null, empty
 * lists, empty maps) are left out so files stay short. The matching readers treat a missing key as
 * that absent value, which keeps round trips exact. Values are texts, whole numbers, finite decimal
 * numbers, booleans, lists of those or of mappings, and mappings.
 */
final class YamlMap {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** The entries in the order they were put. */
    Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** {@code key: value.toString()}, unless value is null. */
    YamlMap text(String key, Object value) {
        if (value != null) {
            values.put(key, value.toString());
        }
        return this;
    }

    YamlMap number(String key, long value) {
        values.put(key, value);
        return this;
    }

    /** A finite decimal number; NaN and infinities cannot be written. */
    YamlMap number(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " is " + value + "; only finite numbers can be written");
        }
        values.put(key, value);
        return this;
    }

    YamlMap bool(String key, Boolean value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    /** A list of texts ({@code toString()} of each), unless empty. */
    YamlMap texts(String key, Collection<?> items) {
        return items.isEmpty() ? this : textsAlways(key, items);
    }

    /** A list of texts, written even when empty. */
    YamlMap textsAlways(String key, Collection<?> items) {
        List<String> list = new ArrayList<>();
        items.forEach(v -> list.add(v.toString()));
        values.put(key, list);
        return this;
    }

    /** A list of mappings, unless empty. */
    YamlMap maps(String key, List<YamlMap> items) {
        if (!items.isEmpty()) {
            values.put(key, List.copyOf(items));
        }
        return this;
    }

    /** A nested mapping, unless null. */
    YamlMap map(String key, YamlMap value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    /** A mapping of texts, unless empty. */
    YamlMap textMap(String key, Map<String, String> entries) {
        return nested(key, entries, YamlMap::text);
    }

    /** A mapping of numbers, unless empty. */
    YamlMap numberMap(String key, Map<String, Double> entries) {
        return nested(key, entries, YamlMap::number);
    }

    private <V> YamlMap nested(String key, Map<String, V> entries, Put<V> put) {
        if (!entries.isEmpty()) {
            YamlMap m = new YamlMap();
            entries.forEach((k, v) -> put.put(m, k, v));
            values.put(key, m);
        }
        return this;
    }

    /** Puts one entry of a nested mapping. */
    @FunctionalInterface
    private interface Put<V> {
        void put(YamlMap map, String key, V value);
    }
}
