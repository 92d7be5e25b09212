package dev.airisk.adapters.yaml;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A mapping being written: keys come out in the order they are put, and absent values (null, empty
 * lists, empty maps) are left out so files stay short. The matching readers treat a missing key as
 * that absent value, which keeps round trips exact.
 */
final class YamlMap {
    private final ObjectNode node = JsonNodeFactory.instance.objectNode();

    ObjectNode node() {
        return node;
    }

    boolean isEmpty() {
        return node.isEmpty();
    }

    /** {@code key: value.toString()}, unless value is null. */
    YamlMap text(String key, Object value) {
        if (value != null) {
            node.put(key, value.toString());
        }
        return this;
    }

    YamlMap number(String key, long value) {
        node.put(key, value);
        return this;
    }

    /** A finite decimal number; NaN and infinities cannot be written. */
    YamlMap number(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " is " + value + "; only finite numbers can be written");
        }
        node.put(key, value);
        return this;
    }

    YamlMap bool(String key, Boolean value) {
        if (value != null) {
            node.put(key, value);
        }
        return this;
    }

    /** A list of texts ({@code toString()} of each), unless empty. */
    YamlMap texts(String key, Collection<?> values) {
        if (!values.isEmpty()) {
            ArrayNode list = node.putArray(key);
            values.forEach(v -> list.add(v.toString()));
        }
        return this;
    }

    /** A list of texts, written even when empty. */
    YamlMap textsAlways(String key, Collection<?> values) {
        ArrayNode list = node.putArray(key);
        values.forEach(v -> list.add(v.toString()));
        return this;
    }

    /** A list of mappings, unless empty. */
    YamlMap maps(String key, List<YamlMap> values) {
        if (!values.isEmpty()) {
            ArrayNode list = node.putArray(key);
            values.forEach(v -> list.add(v.node()));
        }
        return this;
    }

    /** A nested mapping, unless null. */
    YamlMap map(String key, YamlMap value) {
        if (value != null) {
            node.set(key, value.node());
        }
        return this;
    }

    /** A mapping of texts, unless empty. */
    YamlMap textMap(String key, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode m = node.putObject(key);
            values.forEach(m::put);
        }
        return this;
    }

    /** A mapping of numbers, unless empty. */
    YamlMap numberMap(String key, Map<String, Double> values) {
        if (!values.isEmpty()) {
            YamlMap m = new YamlMap();
            values.forEach(m::number);
            node.set(key, m.node());
        }
        return this;
    }
}
