package dev.airisk.core.scan;

/** Decides from the first bytes whether a file is text (UTF-8 or ASCII, no NULs, no stray control bytes). */
final class TextSniff {
    private TextSniff() {
    }

    /** Whether {@code head} (the first bytes; {@code cut} when the file goes on past them) is text. */
    static boolean isText(byte[] head, boolean cut) {
        int len = head.length;
        int i = 0;
        while (i < len) {
            int b = head[i] & 0xff;
            if (b < 0x80) {
                if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0b && b != 0x08 && b != 0x1b) {
                    return false;
                }
                if (b == 0x7f) {
                    return false;
                }
                i++;
                continue;
            }
            int n;
            if (b >= 0xc2 && b <= 0xdf) {
                n = 2;
            } else if (b >= 0xe0 && b <= 0xef) {
                n = 3;
            } else if (b >= 0xf0 && b <= 0xf4) {
                n = 4;
            } else {
                return false;
            }
            for (int k = 1; k < n; k++) {
                if (i + k >= len) {
                    return cut;
                }
                int c = head[i + k] & 0xff;
                if (c < 0x80 || c > 0xbf) {
                    return false;
                }
            }
            i += n;
        }
        return true;
    }
}
