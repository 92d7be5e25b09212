package dev.airisk.adapters.yaml;

import com.fasterxml.jackson.core.JsonToken;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Printable;
import java.time.DateTimeException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A YAML value together with the file, line and key path it came from, so that every error names
 * them: {@code META.yaml: line 3: risk_tier 'hihg' is not one of minimal, limited, high, unacceptable}.
 * The accessors check the shape they expect and fail with such a message when it is not there.
 */
final class Node {
    private static final int SHOWN_VALUE_LENGTH = 60;

    private final String file;
    private final int line;
    private final String path;
    private final JsonToken token;
    private final String text;
    private final Map<String, Node> fields;
    private final Map<String, Integer> keyLines;
    private final List<Node> items;

    private Node(String file, int line, String path, JsonToken token, String text,
                 Map<String, Node> fields, Map<String, Integer> keyLines, List<Node> items) {
        this.file = file;
        this.line = line;
        this.path = path;
        this.token = token;
        this.text = text;
        this.fields = fields;
        this.keyLines = keyLines;
        this.items = items;
    }

    static Node scalar(String file, int line, String path, JsonToken token, String text) {
        return new Node(file, line, path, token, text, null, null, null);
    }

    /** A mapping; {@code keyLines} gives the line of each key, in file order. */
    static Node mapping(String file, int line, String path, Map<String, Node> fields, Map<String, Integer> keyLines) {
        return new Node(file, line, path, JsonToken.START_OBJECT, null,
                Collections.unmodifiableMap(fields), Collections.unmodifiableMap(keyLines), null);
    }

    static Node sequence(String file, int line, String path, List<Node> items) {
        return new Node(file, line, path, JsonToken.START_ARRAY, null, null, null, List.copyOf(items));
    }

    /** The key path of a child: {@code vendor.name}, {@code files[2].sha256}. */
    static String childPath(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** What messages call this value: its key path, or "the document" for the root. */
    String name() {
        return path.isEmpty() ? "the document" : path;
    }

    /** Where this value is, as messages start: {@code FILE: line N: }. */
    String at() {
        return at(line);
    }

    private String at(int lineNumber) {
        return file + ": line " + lineNumber + ": ";
    }

    /** An error at this value's line. */
    InvalidInput error(String what) {
        return error(what, null);
    }

    /** An error at this value's line, with how to fix it. */
    InvalidInput error(String what, String fix) {
        return new InvalidInput(at() + what, fix);
    }

    /** Whether this is an empty value ({@code ~}, {@code null} or nothing). */
    boolean isNull() {
        return token == JsonToken.VALUE_NULL;
    }

    /** Whether this is a mapping. */
    boolean isMapping() {
        return token == JsonToken.START_OBJECT;
    }

    /** Whether this is a YAML boolean ({@code true} or {@code false}), not text. */
    boolean isBoolean() {
        return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
    }

    // ---- mappings

    /** Checks that this is a mapping whose keys are all among {@code allowed}; returns this. */
    Node fields(List<String> allowed) {
        for (Map.Entry<String, Integer> key : mapping().keyLines.entrySet()) {
            if (!allowed.contains(key.getKey())) {
                String where = path.isEmpty() ? "" : " in " + path;
                throw new InvalidInput(at(key.getValue()) + "unknown key '" + shown(key.getKey()) + "'" + where
                        + ", expected one of " + String.join(", ", allowed), null);
            }
        }
        return this;
    }

    /** The keys of a mapping in file order, including keys whose value is empty. */
    List<String> keys() {
        return List.copyOf(mapping().keyLines.keySet());
    }

    /** An error at the line of {@code key} of this mapping, with how to fix it (or null). */
    InvalidInput errorAtKey(String key, String what, String fix) {
        Integer keyLine = mapping().keyLines.get(key);
        return new InvalidInput(at(keyLine == null ? line : keyLine) + what, fix);
    }

    /** The value under {@code key}, or null when the key is absent or its value is empty ({@code ~}, nothing). */
    Node get(String key) {
        Node n = mapping().fields.get(key);
        return n == null || n.isNull() ? null : n;
    }

    /** The value under {@code key}; an error naming it when it is absent or empty. */
    Node require(String key) {
        Node n = get(key);
        if (n == null) {
            throw error(childPath(path, key) + " is missing");
        }
        return n;
    }

    /** All entries of a mapping whose keys are free (labels, metrics, roles), in file order. */
    Map<String, Node> entries() {
        Map<String, Node> out = new LinkedHashMap<>();
        mapping().fields.forEach((k, v) -> {
            if (!v.isNull()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The text under {@code key}, or null when absent. */
    String text(String key) {
        Node n = get(key);
        return n == null ? null : n.text();
    }

    /** The texts of the list under {@code key}, empty when absent. */
    List<String> texts(String key) {
        Node n = get(key);
        return n == null ? List.of() : n.items().stream().map(Node::text).toList();
    }

    // ---- sequences

    List<Node> items() {
        if (token != JsonToken.START_ARRAY) {
            throw error(name() + " must be a list, not " + kind());
        }
        return items;
    }

    // ---- scalars

    /** The scalar as written (a number or boolean keeps its spelling). */
    String text() {
        return scalar();
    }

    /** A whole number. */
    long wholeNumber() {
        String t = scalar();
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw error(name() + " '" + shown(t) + "' is not a whole number");
        }
        try {
            return Long.parseLong(t.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(name() + " '" + shown(t) + "' is not a whole number");
        }
    }

    /** A finite number, whole or decimal. */
    double number() {
        String t = scalar();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            try {
                double d = Double.parseDouble(t.replace("_", ""));
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw error(name() + " '" + shown(t) + "' is not a number");
    }

    /** {@code true} or {@code false}. */
    boolean bool() {
        String t = scalar();
        if ("true".equals(t) || "false".equals(t)) {
            return Boolean.parseBoolean(t);
        }
        throw error(name() + " '" + shown(t) + "' is not one of true, false");
    }

    /**
     * The scalar parsed by a domain parser; when that refuses it, an error saying
     * {@code NAME 'VALUE' is not EXPECTED} (with the parser's fix).
     */
    <T> T as(Function<String, T> parser, String expected) {
        String t = scalar();
        try {
            return parser.apply(t);
        } catch (InvalidInput e) {
            throw error(name() + " '" + shown(t) + "' is not " + expected, e.fix());
        } catch (DateTimeException | IllegalArgumentException e) {
            throw error(name() + " '" + shown(t) + "' is not " + expected);
        }
    }

    /** Builds a value from several fields; a refusal from the domain is reported at this value's line. */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidInput e) {
            throw error(e.getMessage(), e.fix());
        }
    }

    private String scalar() {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            throw error(name() + " must be a single value, not " + kind());
        }
        return text;
    }

    private Node mapping() {
        if (token != JsonToken.START_OBJECT) {
            throw error(name() + " must be a mapping of keys to values, not " + kind());
        }
        return this;
    }

    private String kind() {
        return switch (token) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            default -> "a single value";
        };
    }

    /** A value as messages show it: control characters escaped, long values cut. */
    static String shown(String value) {
        boolean cut = value.codePointCount(0, value.length()) > SHOWN_VALUE_LENGTH;
        String head = cut ? value.substring(0, value.offsetByCodePoints(0, SHOWN_VALUE_LENGTH)) : value;
        return Printable.oneLine(head) + (cut ? "..." : "");
    }

    /**
     * This document, when none of its keys and text values holds a control character, except line
     * feeds in the values at {@code multiLine} key paths; else InvalidInput naming the file, line and key.
     * For documents a person gives (META.yaml, checklist answers), whose values reach commit messages,
     * tables and notices.
     */
    Node requirePrintable(Set<String> multiLine) {
        if (token == JsonToken.START_OBJECT) {
            for (Map.Entry<String, Node> f : fields.entrySet()) {
                String problem = Printable.problem(f.getKey(), false);
                if (problem != null) {
                    throw new InvalidInput(at(keyLines.getOrDefault(f.getKey(), line)) + "a key of " + name() + " " + problem,
                            Printable.ONE_LINE_FIX);
                }
                f.getValue().requirePrintable(multiLine);
            }
        } else if (token == JsonToken.START_ARRAY) {
            items.forEach(i -> i.requirePrintable(multiLine));
        } else if (text != null) {
            boolean lines = multiLine.contains(path);
            String problem = Printable.problem(text, lines);
            if (problem != null) {
                throw error(name() + " " + problem, lines ? Printable.LINES_FIX : Printable.ONE_LINE_FIX);
            }
        }
        return this;
    }
}
