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
import java.io.IOException;
import java.util.Base64;

/**
 * Strict reading of signed JSON documents: duplicate keys, trailing data, missing fields and wrong
 * types are all IntegrityFailures naming the document ({@code what}) and the field.
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

    /** A string field that may be absent (as protobuf JSON omits empty strings); "" then. */
    static String optionalText(JsonNode parent, String field, String what) {
        return parent.has(field) ? text(parent, field, what) : "";
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

    static IntegrityFailure malformed(String what, String problem) {
        return new IntegrityFailure(what + " " + problem, "it was damaged or edited; sign it again");
    }
}
