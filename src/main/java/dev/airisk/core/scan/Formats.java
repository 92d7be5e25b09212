package dev.airisk.core.scan;

import java.nio.charset.StandardCharsets;

/**
 * What a file or a container's member is, by its first bytes (and, for pickles, its name): tar, zip,
 * the compressions loaders undo, pickles in any protocol; and whether an entry's name escapes the
 * folder it is extracted into. The scanner decides from these how to read each file.
 */
final class Formats {
    private Formats() {
    }

    /** A POSIX (ustar) or GNU tar header: "ustar" at offset 257. */
    static boolean isTar(byte[] h) {
        return h.length >= 263 && h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
    }

    static boolean isZip(byte[] h) {
        return h.length >= 4 && h[0] == 'P' && h[1] == 'K'
                && ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6));
    }

    /** "gzip", "zlib", "joblib" (joblib's own ZF header, then zlib), "bz2", "xz", "lzma" (the .lzma "alone" format), or null. */
    static String compression(byte[] h) {
        if (h.length >= 10 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9'
                && (h[4] & 0xff) == 0x31 && (h[5] & 0xff) == 0x41 && (h[6] & 0xff) == 0x59 && (h[7] & 0xff) == 0x26) {
            return "bz2";
        }
        if (h.length >= 6 && (h[0] & 0xff) == 0xfd && h[1] == '7' && h[2] == 'z' && h[3] == 'X' && h[4] == 'Z' && h[5] == 0) {
            return "xz";
        }
        if (h.length >= 13 && (h[0] & 0xff) == 0x5d) {
            long dict = (h[1] & 0xffL) | (h[2] & 0xffL) << 8 | (h[3] & 0xffL) << 16 | (h[4] & 0xffL) << 24;
            boolean unsized = true;
            for (int k = 5; k < 13; k++) {
                unsized &= h[k] == (byte) 0xff;
            }
            boolean small = h[12] == 0 && h[11] == 0;
            boolean dictShape = Long.bitCount(dict) == 1 || (Long.bitCount(dict) == 2 && Long.bitCount(dict & (dict >> 1)) == 1);
            if (dictShape && dict >= 4096 && (unsized || small)) {
                return "lzma";
            }
        }
        if (h.length >= 3 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b && h[2] == 8) {
            return "gzip";
        }
        if (h.length >= 2 && (h[0] & 0xff) == 0x78) {
            int second = h[1] & 0xff;
            if ((second == 0x9c || second == 0x01 || second == 0xda || second == 0x5e) && (0x78 * 256 + second) % 31 == 0) {
                return "zlib";
            }
        }
        if (h.length >= 25 && h[0] == 'Z' && h[1] == 'F' && h[2] == '0' && h[3] == 'x') {
            return "joblib";
        }
        return null;
    }

    /** Whether a zip entry name is absolute or climbs with "..". */
    static boolean escapes(String name) {
        if (name.startsWith("/") || name.startsWith("\\")) {
            return true;
        }
        if (name.length() >= 2 && Character.isLetter(name.charAt(0)) && name.charAt(1) == ':') {
            return true;
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the first bytes are a pickle. Protocol 2+ (0x80, version) by content alone (inside a zip only
     * with a pickle name, since tensor bytes can start that way); protocol 0/1 only with a pickle name and a
     * plausible first two opcodes, or, without one, the shapes pickle writes ({@code (dp0}, {@code cmodule\nname\n}).
     */
    static boolean looksLikePickle(byte[] h, String ext, boolean member) {
        boolean named = Scanner.PICKLE_EXT.contains(ext);
        if (h.length >= 2 && (h[0] & 0xff) == 0x80 && h[1] >= 0 && h[1] <= 5) {
            return !member || named;
        }
        if (h.length < 2) {
            return false;
        }
        char c0 = (char) (h[0] & 0xff);
        char c1 = (char) (h[1] & 0xff);
        if (named) {
            switch (c0) {
                case '(':
                    return "(}])cdlitNILFSVp".indexOf(c1) >= 0;
                case '}': case ']': case ')':
                    return "qr(p.aseut".indexOf(c1) >= 0;
                case 'c':
                    return Character.isLetter(c1) || c1 == '_';
                case 'N':
                    return ".pq".indexOf(c1) >= 0;
                case 'I': case 'L': case 'F':
                    return Character.isDigit(c1) || c1 == '-';
                case 'S':
                    return c1 == '\'' || c1 == '"';
                default:
                    return false;
            }
        }
        if (member) {
            return false;
        }
        if (OpcodeSniff.plausible(h)) {
            return true;
        }
        String s = new String(h, 0, Math.min(h.length, 512), StandardCharsets.ISO_8859_1);
        if (s.startsWith("(dp") || s.startsWith("(lp")) {
            return s.length() > 3 && (Character.isDigit(s.charAt(3)) || s.charAt(3) == '\n');
        }
        if ((c0 == '}' || c0 == ']') && (c1 == 'q' || c1 == '(')) {
            return true;
        }
        return s.matches("(?s)(\\(?[ci])[A-Za-z_][A-Za-z0-9_.]*\n[A-Za-z_][A-Za-z0-9_.]*\n[(q)}\\]NSVKJMXUTpRt.].*");
    }
}
