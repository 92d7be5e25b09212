package dev.airisk.adapters.notify;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.core.notify.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;

/**
 * An {@link Event} as a CloudEvents 1.0 event in structured content mode (the JSON event format):
 * {@code specversion}, {@code id}, {@code type}, {@code source}, {@code subject} (left out when the
 * event has none), {@code time} (RFC 3339, UTC), {@code datacontenttype} and {@code data}, always in
 * this order, without white space, UTF-8. The same event always gives the same bytes, so a signature
 * over them can be checked and a receiver can compare deliveries byte for byte.
 *
 * <p>{@code data} keeps the order of the event's map (and of nested maps). Its values must be JSON
 * values: String, Number, Boolean, List (or another Collection), Map with String keys, or null;
 * anything else, and NaN or infinite numbers, is refused with an {@link IllegalArgumentException}.
 */
public final class CloudEvents {
    /** The media type of one event in structured mode, for a Content-Type header. */
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";
    /** The CloudEvents version written. */
    public static final String SPEC_VERSION = "1.0";

    private static final JsonFactory FACTORY = JsonMapper.builder().build().getFactory();

    private CloudEvents() {
    }

    /** The event as one JSON object, UTF-8, without a line end. */
    public static byte[] json(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("specversion", SPEC_VERSION);
            g.writeStringField("id", event.id());
            g.writeStringField("type", event.type());
            g.writeStringField("source", event.source());
            if (event.subject() != null) {
                g.writeStringField("subject", event.subject());
            }
            g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(event.time()));
            g.writeStringField("datacontenttype", "application/json");
            g.writeFieldName("data");
            value(g, event.data(), "data");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** The same event as a Jackson tree, for embedding in a larger document (e.g. a list of notices). */
    public static ObjectNode node(Event event) {
        try {
            return (ObjectNode) JsonMapper.builder().build().readTree(json(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void value(JsonGenerator g, Object v, String at) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(at + " is " + d + ", which JSON cannot hold");
            }
            g.writeNumber(d);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(at + " has a key that is not a string: " + e.getKey());
                }
                g.writeFieldName(key);
                value(g, e.getValue(), at + "." + key);
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            int i = 0;
            for (Object item : c) {
                value(g, item, at + "[" + i++ + "]");
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException(at + " is not a JSON value (text, number, boolean, list, map or nothing)");
        }
    }
}
