package dev.airisk.core.scan;

import java.nio.charset.StandardCharsets;

/** The text of pickles: protocol-0 string decoding, and names made safe to print on one line. */
final class PickleText {
    private PickleText() {
    }

    /** The text with control and non-ASCII characters escaped and long text cut, safe for one line of output. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int limit = 200;
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= limit) {
                b.append("...(").append(s.length()).append(" characters)");
                break;
            }
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                b.append(c);
            } else if (c == '\\') {
                b.append("\\\\");
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    /** Decodes a protocol-0 STRING argument the way {@code codecs.escape_decode} does; bytes become Latin-1 characters. */
    static String quotedString(String raw) throws PickleMalformed {
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length < 2 || bytes[0] != bytes[bytes.length - 1] || (bytes[0] != '\'' && bytes[0] != '"')) {
            throw new PickleMalformed("the STRING argument is not quoted");
        }
        StringBuilder out = new StringBuilder();
        int end = bytes.length - 1;
        for (int i = 1; i < end; i++) {
            int c = bytes[i] & 0xff;
            if (c != '\\' || i + 1 >= end) {
                out.append((char) c);
                continue;
            }
            int e = bytes[++i] & 0xff;
            switch (e) {
                case '\n' -> { }
                case '\\', '\'', '"' -> out.append((char) e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> {
                    if (i + 2 >= end || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
                        throw new PickleMalformed("invalid \\x escape in a STRING argument");
                    }
                    out.append((char) (hex(bytes[i + 1]) * 16 + hex(bytes[i + 2])));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i + 1 < end && bytes[i + 1] >= '0' && bytes[i + 1] <= '7'; k++) {
                            v = v * 8 + (bytes[++i] - '0');
                        }
                        out.append((char) (v & 0xff));
                    } else {
                        out.append('\\').append((char) e);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Decodes a protocol-0 UNICODE argument ({@code raw-unicode-escape}: only backslash-u escapes are special). */
    static String rawUnicodeEscape(String raw) throws PickleMalformed {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == 'u' || raw.charAt(i + 1) == 'U')) {
                int digits = raw.charAt(i + 1) == 'u' ? 4 : 8;
                if (i + 2 + digits > raw.length()) {
                    throw new PickleMalformed("truncated \\u escape in a UNICODE argument");
                }
                int v;
                try {
                    v = Integer.parseUnsignedInt(raw.substring(i + 2, i + 2 + digits), 16);
                } catch (NumberFormatException e) {
                    throw new PickleMalformed("invalid \\u escape in a UNICODE argument");
                }
                if (!Character.isValidCodePoint(v)) {
                    throw new PickleMalformed("invalid \\U escape in a UNICODE argument");
                }
                out.appendCodePoint(v);
                i += 1 + digits;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(byte b) {
        int c = b & 0xff;
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
