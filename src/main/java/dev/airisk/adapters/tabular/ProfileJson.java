package dev.airisk.adapters.tabular;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.monitor.ColumnKind;
import dev.airisk.core.monitor.ColumnProfile;
import dev.airisk.core.monitor.ColumnRole;
import dev.airisk.core.monitor.Profile;
import dev.airisk.core.port.ProfileCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * A baseline profile's canonical JSON (docs/formats.md, "Baseline profile"): keys in the order below,
 * every key always present (null where there is no value), no white space, numbers as Java writes a
 * double (it reads back to the same double).
 */
public final class ProfileJson implements ProfileCodec {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> KEYS = List.of("format", "model", "version", "source", "sha256", "rows", "columns");
    private static final List<String> COLUMN_KEYS = List.of("name", "role", "kind", "count", "nulls", "min", "max", "edges",
            "categories", "shares");

    @Override
    public byte[] write(Profile p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("format", Profile.FORMAT);
            g.writeStringField("model", p.model());
            g.writeStringField("version", p.version());
            g.writeStringField("source", p.source());
            g.writeStringField("sha256", p.sha256());
            g.writeNumberField("rows", p.rows());
            g.writeArrayFieldStart("columns");
            for (ColumnProfile c : p.columns()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("role", c.role().id());
                g.writeStringField("kind", c.kind().id());
                g.writeNumberField("count", c.count());
                g.writeNumberField("nulls", c.nulls());
                number(g, "min", c.min());
                number(g, "max", c.max());
                g.writeArrayFieldStart("edges");
                for (double e : c.edges()) {
                    g.writeNumber(e);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("categories");
                for (String s : c.categories()) {
                    g.writeString(s);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("shares");
                for (double s : c.shares()) {
                    g.writeNumber(s);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void number(JsonGenerator g, String key, Double value) throws IOException {
        if (value == null) {
            g.writeNullField(key);
        } else {
            g.writeNumberField(key, value);
        }
    }

    @Override
    public Profile read(byte[] bytes, String name) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw bad(name, "is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw bad(name, "is not a JSON object");
        }
        keys(root, KEYS, name);
        if (root.path("format").asInt(-1) != Profile.FORMAT) {
            throw bad(name, "is of profile format " + root.path("format") + ", not " + Profile.FORMAT);
        }
        try {
            List<ColumnProfile> columns = new ArrayList<>();
            for (JsonNode c : array(root, "columns", name)) {
                keys(c, COLUMN_KEYS, name);
                columns.add(new ColumnProfile(text(c, "name", name), parse(c, "role", ColumnRole::parse, name),
                        parse(c, "kind", ColumnKind::parse, name), whole(c, "count", name), whole(c, "nulls", name),
                        decimal(c.get("min"), name), decimal(c.get("max"), name), decimals(array(c, "edges", name), name),
                        texts(array(c, "categories", name), name), decimals(array(c, "shares", name), name)));
            }
            return new Profile(text(root, "model", name), text(root, "version", name), text(root, "source", name),
                    text(root, "sha256", name), whole(root, "rows", name), columns);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw bad(name, "is not a baseline profile: " + e.getMessage());
        }
    }

    private static void keys(JsonNode node, List<String> keys, String name) {
        if (!node.isObject()) {
            throw bad(name, "has a column that is not an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) {
                throw bad(name, "has an unknown key '" + k + "'");
            }
        }
        for (String k : keys) {
            if (!node.has(k)) {
                throw bad(name, "has no key '" + k + "'");
            }
        }
    }

    private static <T> T parse(JsonNode node, String key, Function<String, T> parse, String name) {
        String text = text(node, key, name);
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw bad(name, "has " + key + " '" + text + "', which is not one airisk knows");
        }
    }

    private static String text(JsonNode node, String key, String name) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw bad(name, "has no text " + key);
        }
        return v.textValue();
    }

    private static long whole(JsonNode node, String key, String name) {
        JsonNode v = node.get(key);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0) {
            throw bad(name, "has no whole number " + key);
        }
        return v.longValue();
    }

    private static Double decimal(JsonNode v, String name) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw bad(name, "has a value that is not a number where one belongs");
        }
        return v.doubleValue();
    }

    private static JsonNode array(JsonNode node, String key, String name) {
        JsonNode v = node.get(key);
        if (v == null || !v.isArray()) {
            throw bad(name, "has no list " + key);
        }
        return v;
    }

    private static List<Double> decimals(JsonNode array, String name) {
        List<Double> out = new ArrayList<>();
        for (JsonNode v : array) {
            Double d = decimal(v, name);
            if (d == null) {
                throw bad(name, "has a null in a list of numbers");
            }
            out.add(d);
        }
        return out;
    }

    private static List<String> texts(JsonNode array, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) {
            if (!v.isTextual()) {
                throw bad(name, "has a category that is not text");
            }
            out.add(v.textValue());
        }
        return out;
    }

    private static InvalidInput bad(String name, String what) {
        return new InvalidInput(name + " " + what, "profile the version again with 'airisk profile'");
    }
}
