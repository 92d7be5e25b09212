package dev.airisk.adapters.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.core.AiriskException.IntegrityFailure;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict reading of signed JSON documents: duplicate keys, trailing data, missing fields and wrong
 * types are all IntegrityFailures naming the document ({@code what}) and the field. Also the plain
 * Java form of JSON values that signed statements carry: String, Boolean, Number, List, Map and null.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static ObjectNode parseObject(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw malformed(what, "is not valid JSON: " + e.getOriginalMessage().replaceAll("\\s+", " "));
        } catch (IOException e) {
            throw malformed(what, "cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw malformed(what, "is not a JSON object");
        }
        return (ObjectNode) node;
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson cannot write a JSON tree", e);
        }
    }

    static ObjectNode object(JsonNode parent, String field, String what) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw malformed(what, "has no object '" + field + "'");
        }
        return (ObjectNode) node;
    }

    static ArrayNode array(JsonNode parent, String field, String what) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isArray()) {
            throw malformed(what, "has no array '" + field + "'");
        }
        return (ArrayNode) node;
    }

    static String text(JsonNode parent, String field, String what) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw malformed(what, "has no string '" + field + "'");
        }
        return node.textValue();
    }

    /** A string field that may be absent or null (as protobuf JSON omits empty strings); "" then. */
    static String optionalText(JsonNode parent, String field, String what) {
        return parent.hasNonNull(field) ? text(parent, field, what) : "";
    }

    /** A string field that must hold exactly {@code expected}. */
    static void expect(JsonNode parent, String field, String expected, String what) {
        String actual = text(parent, field, what);
        if (!actual.equals(expected)) {
            throw malformed(what, "has " + field + " '" + Text.printable(actual) + "', not '" + expected + "'");
        }
    }

    /** Standard or URL-safe base64, as DSSE allows. */
    static byte[] base64(JsonNode parent, String field, String what) {
        String text = text(parent, field, what);
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed(what, "has a '" + field + "' that is not base64");
        }
    }

    /**
     * Plain Java values as a JSON object, keys in the map's order. Values are String, Boolean, Number
     * (Long, Integer, Short, Byte, BigInteger, finite Double and Float, BigDecimal), List, Map with
     * String keys, or null; anything else is IllegalArgumentException naming where it is below {@code name}.
     */
    static ObjectNode objectOf(Map<String, Object> values, String name) {
        if (values == null) {
            throw new IllegalArgumentException(name + " is null, not a JSON object");
        }
        return (ObjectNode) nodeOf(values, name);
    }

    private static JsonNode nodeOf(Object value, String where) {
        if (value == null) {
            return NullNode.getInstance();
        } else if (value instanceof String text) {
            return TextNode.valueOf(text);
        } else if (value instanceof Boolean bool) {
            return BooleanNode.valueOf(bool);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return LongNode.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            return BigIntegerNode.valueOf(big);
        } else if (value instanceof BigDecimal decimal) {
            return DecimalNode.valueOf(decimal);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(where + " is " + d + ", which JSON cannot hold");
            }
            return value instanceof Float f ? FloatNode.valueOf(f) : DoubleNode.valueOf(d);
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode node = MAPPER.createObjectNode();
            map.forEach((key, item) -> {
                if (!(key instanceof String name)) {
                    throw new IllegalArgumentException(where + " has a key that is not a string: " + key);
                }
                node.set(name, nodeOf(item, where + "." + name));
            });
            return node;
        } else if (value instanceof List<?> list) {
            ArrayNode node = MAPPER.createArrayNode();
            for (int i = 0; i < list.size(); i++) {
                node.add(nodeOf(list.get(i), where + "[" + i + "]"));
            }
            return node;
        }
        throw new IllegalArgumentException(where + " is a " + value.getClass().getName()
                + ", not a JSON value (String, Boolean, Number, List, Map or null)");
    }

    /**
     * A JSON object as plain Java values, keys in document order: LinkedHashMap and ArrayList, String,
     * Boolean, Long for integral numbers that fit, Double for the others, and null. IntegrityFailure
     * naming {@code what} for a number no double can hold.
     */
    static Map<String, Object> mapOf(ObjectNode node, String what) {
        Map<String, Object> out = new LinkedHashMap<>();
        node.properties().forEach(field -> out.put(field.getKey(), valueOf(field.getValue(), what)));
        return out;
    }

    private static Object valueOf(JsonNode node, String what) {
        switch (node.getNodeType()) {
            case OBJECT:
                return mapOf((ObjectNode) node, what);
            case ARRAY:
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(valueOf(item, what)));
                return list;
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
                return null;
            case NUMBER:
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return node.longValue();
                }
                double d = node.doubleValue();
                if (!Double.isFinite(d)) {
                    throw malformed(what, "has a number too large for a double: " + Text.printable(node.asText()));
                }
                return d;
            default:
                throw malformed(what, "has a value that is not JSON: " + node.getNodeType());
        }
    }

    static IntegrityFailure malformed(String what, String problem) {
        return new IntegrityFailure(what + " " + problem, "it was damaged or edited; sign it again");
    }
}
