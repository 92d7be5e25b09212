package dev.airisk.core.scan;

/**
 * Recognises a pickle by its first bytes alone, whatever the file is called: the bytes must parse as pickle
 * opcodes with well-formed arguments (protocol 0's text arguments too: {@code N}, {@code V}, {@code P},
 * {@code (S'...'}), up to a STOP or to the end of what was read. Format recognition only, kept apart from
 * the pickle analyser, which does the rest.
 */
final class OpcodeSniff {
    /** How many opcodes must parse before the end of the head when no STOP is met. */
    static final int MIN_OPCODES = 3;

    private OpcodeSniff() {
    }

    static boolean plausible(byte[] h) {
        return plausible(h, 0, 0);
    }

    /**
     * From {@code start}: the first opcode pushes a value (or is PROTO / FRAME), and a STOP ends the bytes read or
     * is followed by another plausible pickle (PyTorch's legacy format is several in a row).
     */
    private static boolean plausible(byte[] h, int start, int depth) {
        if (start >= h.length || depth > 8 || FIRST.indexOf(h[start] & 0xff) < 0) {
            return false;
        }
        int i = start;
        int ops = 0;
        while (i < h.length) {
            int op = h[i++] & 0xff;
            int next = args(h, i, op);
            if (next == BAD) {
                return false;
            }
            if (next == CUT) {
                return ops + 1 >= MIN_OPCODES;
            }
            ops++;
            i = next;
            if (op == '.') {
                return ops >= 2 && (i == h.length || plausible(h, i, depth + 1));
            }
        }
        return ops >= MIN_OPCODES;
    }

    /** Opcodes a pickle can start with: those that push onto an empty stack, PROTO and FRAME. */
    private static final String FIRST = "(NIFLSVPcKJMGUTXBC}])\u0080\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u0095\u0096";

    private static final int BAD = -1;
    private static final int CUT = -2;

    /** Where the opcode's arguments starting at {@code i} end; BAD when they are not well formed; CUT when the head ends inside them. */
    private static int args(byte[] h, int i, int op) {
        switch (op) {
            case '(': case '.': case '0': case '1': case '2': case 'N': case 'R': case 'a': case 'b': case 'd':
            case '}': case 'e': case 'l': case ']': case 'o': case 's': case 't': case ')': case 'u': case 'Q':
            case 0x81: case 0x85: case 0x86: case 0x87: case 0x88: case 0x89: case 0x90: case 0x91: case 0x92:
            case 0x93: case 0x94: case 0x97: case 0x98:
                return i;
            case 'I': case 'L': case 'g': case 'p':
                return line(h, i, "0123456789-L");
            case 'F':
                return line(h, i, "0123456789-+.eEinfa");
            case 'S':
                if (i < h.length && h[i] != '\'' && h[i] != '"') {
                    return BAD;
                }
                return line(h, i, null);
            case 'P': case 'V':
                return line(h, i, null);
            case 'c': case 'i': {
                int a = line(h, i, IDENT);
                return a < 0 ? a : line(h, a, IDENT);
            }
            case 'J': case 'j': case 'r': case 0x84:
                return fixed(h, i, 4);
            case 'K': case 'h': case 'q': case 0x82:
                return fixed(h, i, 1);
            case 'M': case 0x83:
                return fixed(h, i, 2);
            case 'G':
                return fixed(h, i, 8);
            case 0x80:
                if (i >= h.length) {
                    return CUT;
                }
                return (h[i] & 0xff) <= 5 ? i + 1 : BAD;
            case 0x95:
                return fixed(h, i, 8);
            case 'U': case 'C': case 0x8c: case 0x8a:
                return counted(h, i, 1);
            case 'T': case 'X': case 'B': case 0x8b:
                return counted(h, i, 4);
            case 0x8d: case 0x8e: case 0x96:
                return counted(h, i, 8);
            default:
                return BAD;
        }
    }

    private static final String IDENT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.";

    private static int line(byte[] h, int i, String allowed) {
        int start = i;
        while (i < h.length) {
            int c = h[i] & 0xff;
            if (c == '\n') {
                return allowed != null && i == start ? BAD : i + 1;
            }
            if (allowed != null && allowed.indexOf(c) < 0) {
                return BAD;
            }
            i++;
        }
        return CUT;
    }

    private static int fixed(byte[] h, int i, int n) {
        return i + n <= h.length ? i + n : CUT;
    }

    private static int counted(byte[] h, int i, int width) {
        if (i + width > h.length) {
            return CUT;
        }
        long n = 0;
        for (int k = width - 1; k >= 0; k--) {
            n = (n << 8) | (h[i + k] & 0xff);
        }
        if (n < 0) {
            return BAD;
        }
        long end = i + width + n;
        return end <= h.length ? (int) end : CUT;
    }
}
