package dev.airisk.adapters.crypto;

/** Values from untrusted documents made safe for a one-line message. */
final class Text {
    private static final int MAX = 80;

    private Text() {
    }

    /** The first 12 characters of a key id or hint, marked as shortened. */
    static String shortId(String keyId) {
        return keyId.length() > 12 ? printable(keyId.substring(0, 12)) + "…" : printable(keyId);
    }

    /** Control characters replaced by '?', cut to 80 characters. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && i < MAX; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return value.length() > MAX ? out.append('…').toString() : out.toString();
    }
}
