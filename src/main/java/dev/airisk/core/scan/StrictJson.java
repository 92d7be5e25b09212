package dev.airisk.core.scan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259): objects become {@link LinkedHashMap}s (duplicate keys are an
 * error), arrays {@link ArrayList}s, integers {@link Long} (or {@link BigInteger} when too big),
 * other numbers {@link BigDecimal} (an exponent beyond what one holds is an error), and true/false/null
 * themselves. A unicode escape is exactly four hex digits; nesting is bounded at {@value #MAX_DEPTH} levels.
 * The size of the input is the caller's to bound. Every refusal is a {@link FormatException}.
 */
final class StrictJson {
    private static final int MAX_DEPTH = 512;

    private final String s;
    private int i;

    private StrictJson(String s) {
        this.s = s;
    }

    /** Parses UTF-8 bytes holding exactly one JSON value. */
    static Object parse(byte[] utf8) throws FormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException("JSON is not valid UTF-8");
        }
        return parse(text);
    }

    static Object parse(String text) throws FormatException {
        StrictJson p = new StrictJson(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != p.s.length()) {
            throw p.fail("unexpected text after the JSON value");
        }
        return v;
    }

    private FormatException fail(String what) {
        return new FormatException("JSON " + what + " at character " + i);
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else {
                return;
            }
        }
    }

    private Object value(int depth) throws FormatException {
        if (depth > MAX_DEPTH) {
            throw fail("nests deeper than " + MAX_DEPTH + " levels");
        }
        if (i >= s.length()) {
            throw fail("ends early");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw fail("has an unexpected character '" + c + "'");
        }
    }

    private Object literal(String word, Object v) throws FormatException {
        if (!s.startsWith(word, i)) {
            throw fail("has an unknown word");
        }
        i += word.length();
        return v;
    }

    private Map<String, Object> object(int depth) throws FormatException {
        Map<String, Object> m = new LinkedHashMap<>();
        if (opens('}')) {
            return m;
        }
        while (true) {
            ws();
            if (i >= s.length() || s.charAt(i) != '"') {
                throw fail("expects a key string");
            }
            String k = string();
            ws();
            if (i >= s.length() || s.charAt(i) != ':') {
                throw fail("expects ':'");
            }
            i++;
            ws();
            Object v = value(depth + 1);
            if (m.containsKey(k)) {
                throw fail("has the key '" + k + "' twice");
            }
            m.put(k, v);
            if (closes('}', "an object")) {
                return m;
            }
        }
    }

    private List<Object> array(int depth) throws FormatException {
        List<Object> a = new ArrayList<>();
        if (opens(']')) {
            return a;
        }
        while (true) {
            ws();
            a.add(value(depth + 1));
            if (closes(']', "an array")) {
                return a;
            }
        }
    }

    /** Steps over an opening bracket; true (and over {@code close} too) when the container is empty. */
    private boolean opens(char close) {
        i++;
        ws();
        if (i < s.length() && s.charAt(i) == close) {
            i++;
            return true;
        }
        return false;
    }

    /** After an item of {@code container}: true at {@code close}, false at ',' (another item follows), else an error. */
    private boolean closes(char close, String container) throws FormatException {
        ws();
        if (i >= s.length()) {
            throw fail("ends inside " + container);
        }
        char c = s.charAt(i++);
        if (c == close) {
            return true;
        }
        if (c != ',') {
            i--;
            throw fail("expects ',' or '" + close + "'");
        }
        return false;
    }

    private String string() throws FormatException {
        i++;
        StringBuilder b = null;
        int start = i;
        while (true) {
            if (i >= s.length()) {
                throw fail("ends inside a string");
            }
            char c = s.charAt(i);
            if (c == '"') {
                String out = b == null ? s.substring(start, i) : b.append(s, start, i).toString();
                i++;
                return out;
            }
            if (c < 0x20) {
                throw fail("has a control character in a string");
            }
            if (c == '\\') {
                if (b == null) {
                    b = new StringBuilder();
                }
                b.append(s, start, i);
                i++;
                if (i >= s.length()) {
                    throw fail("ends inside a string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"': b.append('"'); break;
                    case '\\': b.append('\\'); break;
                    case '/': b.append('/'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'u':
                        if (i + 4 > s.length()) {
                            throw fail("has a short \\u escape");
                        }
                        int unit = 0;
                        for (int k = i; k < i + 4; k++) {
                            int digit = Character.digit(s.charAt(k), 16);
                            if (digit < 0 || s.charAt(k) > 'f') {
                                throw fail("has a bad \\u escape");
                            }
                            unit = unit * 16 + digit;
                        }
                        b.append((char) unit);
                        i += 4;
                        break;
                    default:
                        throw fail("has a bad escape '\\" + e + "'");
                }
                start = i;
            } else {
                i++;
            }
        }
    }

    private Object number() throws FormatException {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        if (i >= s.length()) {
            throw fail("has a bad number");
        }
        if (s.charAt(i) == '0') {
            i++;
        } else if (s.charAt(i) >= '1' && s.charAt(i) <= '9') {
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
        } else {
            throw fail("has a bad number");
        }
        boolean integral = true;
        if (i < s.length() && s.charAt(i) == '.') {
            integral = false;
            i++;
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            digits();
        }
        String t = s.substring(start, i);
        if (integral) {
            BigInteger big = new BigInteger(t);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw fail("has a number out of range");
        }
    }

    /** Steps over one or more ASCII digits; none is a bad number. */
    private void digits() throws FormatException {
        int first = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == first) {
            throw fail("has a bad number");
        }
    }
}
