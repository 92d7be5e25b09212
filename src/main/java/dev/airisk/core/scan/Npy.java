package dev.airisk.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a NumPy {@code .npy} header: the dtype decides whether the data is a pickle. */
final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 16 * 1024 * 1024;

    /** What the header says; {@code dataOffset} is where the data starts in the file. */
    record Header(String descr, boolean object, long dataOffset) {
    }

    private Npy() {
    }

    static boolean sniff(byte[] head) {
        if (head.length < MAGIC.length) {
            return false;
        }
        for (int k = 0; k < MAGIC.length; k++) {
            if (head[k] != MAGIC[k]) {
                return false;
            }
        }
        return true;
    }

    /** Reads the magic, version and header from {@code in}, leaving it at the data. */
    static Header read(InputStream in) throws IOException, FormatException {
        byte[] pre = in.readNBytes(8);
        if (pre.length < 8 || !sniff(pre)) {
            throw new FormatException("the file ends inside the .npy magic and version", 0);
        }
        int major = pre[6] & 0xff;
        long length;
        int lengthBytes;
        if (major == 1) {
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            lengthBytes = 4;
        } else {
            throw new FormatException("unknown .npy format version " + major + "." + (pre[7] & 0xff), 6);
        }
        byte[] lb = in.readNBytes(lengthBytes);
        if (lb.length < lengthBytes) {
            throw new FormatException("the file ends inside the header length", 8);
        }
        length = 0;
        for (int k = lengthBytes - 1; k >= 0; k--) {
            length = (length << 8) | (lb[k] & 0xff);
        }
        if (length > MAX_HEADER) {
            throw new FormatException("header length " + length + " is larger than 16 MiB", 8);
        }
        byte[] hb = in.readNBytes((int) length);
        if (hb.length < length) {
            throw new FormatException("header length " + length + " runs past the end of the file", 8);
        }
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Object parsed;
        try {
            PyLiteral p = new PyLiteral(text);
            parsed = p.value(0);
            p.ws();
            if (p.i != text.length()) {
                throw new FormatException("unexpected text after the header dict");
            }
        } catch (FormatException e) {
            throw new FormatException("header is not a Python dict literal: " + e.getMessage(), 8 + lengthBytes);
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new FormatException("header is not a dict", 8 + lengthBytes);
        }
        Object descr = m.get("descr");
        if (descr == null || !(m.get("fortran_order") instanceof Boolean) || !(m.get("shape") instanceof List<?> shape)) {
            throw new FormatException("header lacks descr, fortran_order or shape", 8 + lengthBytes);
        }
        for (Object d : shape) {
            if (!(d instanceof Long dim) || dim < 0) {
                throw new FormatException("header shape " + shape + " is not a tuple of non-negative integers", 8 + lengthBytes);
            }
        }
        if (!(descr instanceof String) && !(descr instanceof List)) {
            throw new FormatException("header descr is neither a string nor a list", 8 + lengthBytes);
        }
        return new Header(String.valueOf(descr), holdsObjects(descr), 8 + lengthBytes + length);
    }

    /** Whether a dtype description (a string, or a structured list of fields) contains Python objects. */
    static boolean holdsObjects(Object descr) {
        if (descr instanceof String s) {
            String t = s.isEmpty() ? s : (("<>|=".indexOf(s.charAt(0)) >= 0) ? s.substring(1) : s);
            return t.startsWith("O") || t.equals("object") || t.equals("object_");
        }
        if (descr instanceof List<?> fields) {
            for (Object f : fields) {
                if (f instanceof List<?> field && field.size() >= 2 && holdsObjects(field.get(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A parser for the Python literals a .npy header uses: dict, tuple, list, str, int, True/False/None. */
    private static final class PyLiteral {
        private final String s;
        int i;

        PyLiteral(String s) {
            this.s = s;
        }

        void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        Object value(int depth) throws FormatException {
            if (depth > 32) {
                throw new FormatException("nests too deeply");
            }
            ws();
            if (i >= s.length()) {
                throw new FormatException("ends early");
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<Object, Object> m = new LinkedHashMap<>();
                while (true) {
                    ws();
                    if (i < s.length() && s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    Object k = value(depth + 1);
                    ws();
                    expect(':');
                    m.put(k, value(depth + 1));
                    ws();
                    if (i < s.length() && s.charAt(i) == ',') {
                        i++;
                    } else {
                        ws();
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                i++;
                List<Object> items = new ArrayList<>();
                while (true) {
                    ws();
                    if (i < s.length() && s.charAt(i) == close) {
                        i++;
                        return items;
                    }
                    items.add(value(depth + 1));
                    ws();
                    if (i < s.length() && s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(close);
                        return items;
                    }
                }
            }
            if (c == '\'' || c == '"') {
                i++;
                StringBuilder b = new StringBuilder();
                while (true) {
                    if (i >= s.length()) {
                        throw new FormatException("ends inside a string");
                    }
                    char d = s.charAt(i++);
                    if (d == c) {
                        return b.toString();
                    }
                    if (d == '\\' && i < s.length()) {
                        d = s.charAt(i++);
                    }
                    b.append(d);
                }
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                int start = i++;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                if (i < s.length() && s.charAt(i) == 'L') {
                    i++;
                    try {
                        return Long.parseLong(s.substring(start, i - 1));
                    } catch (NumberFormatException e) {
                        throw new FormatException("has a bad integer");
                    }
                }
                try {
                    return Long.parseLong(s.substring(start, i));
                } catch (NumberFormatException e) {
                    throw new FormatException("has a bad integer");
                }
            }
            for (String word : new String[] {"True", "False", "None"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
                }
            }
            throw new FormatException("has an unexpected character '" + c + "'");
        }

        private void expect(char c) throws FormatException {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new FormatException("expects '" + c + "'");
            }
            i++;
        }
    }
}
