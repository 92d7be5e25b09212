package dev.airisk.core;

/**
 * Text that reaches a terminal or a one-line context (a table cell, a commit subject or trailer, an
 * error message). Inputs that hold control characters are refused, naming the field; values that
 * come from elsewhere (a registry written with plain git, an exception's message) are escaped, so
 * that no value can drive a terminal or forge a line.
 *
 * <p>A control character is a C0 control (U+0000 to U+001F, line feed and tab included), DEL, a C1
 * control (U+0080 to U+009F) or a Unicode line or paragraph separator (U+2028, U+2029). Escapes read
 * as in C: {@code \n}, {@code \r}, {@code \t}, {@code \e}, else {@code \x} and two hex digits (or a
 * backslash, u and four hex digits above U+00FF).
 */
public final class Printable {
    /** How to fix a one-line value that holds a control character. */
    public static final String ONE_LINE_FIX = "write it as one line of printable text";
    /** How to fix a multi-line value that holds a control character other than a line feed. */
    public static final String LINES_FIX = "use printable text; line breaks are the only control characters it may hold";

    private Printable() {
    }

    /** True for a character that may drive a terminal or break a line. */
    public static boolean isControl(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029;
    }

    /** {@code text} with every control character escaped, line breaks too: for one-line contexts. Null stays null. */
    public static String oneLine(String text) {
        return escape(text, false);
    }

    /** {@code text} with every control character escaped except line feeds: for multi-line output. Null stays null. */
    public static String lines(String text) {
        return escape(text, true);
    }

    /** {@code value} when it holds no control character (or is null); else InvalidInput naming {@code field}. */
    public static String requireOneLine(String field, String value) {
        require(field, value, false);
        return value;
    }

    /** {@code value} when its only control characters are line feeds (or it is null); else InvalidInput naming {@code field}. */
    public static String requireLines(String field, String value) {
        require(field, value, true);
        return value;
    }

    /** The index of the first control character of {@code text} (line feeds allowed when {@code lines}), or -1. */
    public static int firstControl(String text, boolean lines) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) && !(lines && c == '\n')) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What is wrong, for a message that names the field: e.g. {@code contains a line break (U+000A) at
     * character 3}. The value itself is not repeated.
     */
    public static String problem(String text, boolean lines) {
        int at = firstControl(text, lines);
        if (at < 0) {
            return null;
        }
        char c = text.charAt(at);
        String what = c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85 ? "a line break" : "the control character";
        return "contains " + what + " " + String.format("U+%04X", (int) c) + " at character " + (at + 1);
    }

    private static void require(String field, String value, boolean lines) {
        String problem = problem(value, lines);
        if (problem != null) {
            throw new AiriskException.InvalidInput(field + " " + problem, lines ? LINES_FIX : ONE_LINE_FIX);
        }
    }

    private static String escape(String text, boolean lines) {
        int first = firstControl(text, lines);
        if (first < 0) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) && !(lines && c == '\n')) {
                b.append(escaped(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String escaped(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case 0x1b -> "\\e";
            default -> c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
        };
    }
}
