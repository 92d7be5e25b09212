package dev.airisk.adapters.tabular;

import dev.airisk.core.AiriskException.InvalidInput;
import com.fasterxml.jackson.core.io.NumberInput;

/**
 * The values of the selected columns of the current row, as characters copied out of the parser's
 * buffer (no String per value unless {@link #text} is asked). Defines what is null and what is a number
 * for every tabular reader (docs/monitoring.md, "Inputs").
 */
final class Slots {
    private char[][] chars = new char[0][];
    private int[] lengths = new int[0];
    private boolean[] absent = new boolean[0];

    void size(int n) {
        chars = new char[n][];
        lengths = new int[n];
        absent = new boolean[n];
        for (int i = 0; i < n; i++) {
            chars[i] = new char[32];
        }
        clear();
    }

    int size() {
        return lengths.length;
    }

    /** Every slot absent (null) until set. */
    void clear() {
        java.util.Arrays.fill(absent, true);
    }

    void set(int i, char[] buf, int off, int len) {
        if (chars[i].length < len) {
            chars[i] = new char[Math.max(len, chars[i].length * 2)];
        }
        System.arraycopy(buf, off, chars[i], 0, len);
        lengths[i] = len;
        absent[i] = false;
    }

    void set(int i, String value) {
        set(i, value.toCharArray(), 0, value.length());
    }

    /** Absent, empty, {@code null}, {@code NULL}, {@code NA}, {@code NaN} or {@code nan}. */
    boolean isNull(int i) {
        if (absent[i]) {
            return true;
        }
        int n = lengths[i];
        if (n == 0) {
            return true;
        }
        if (n > 4) {
            return false;
        }
        char[] c = chars[i];
        return n == 2 && c[0] == 'N' && c[1] == 'A'
                || n == 3 && (c[0] == 'N' && c[1] == 'a' && c[2] == 'N' || c[0] == 'n' && c[1] == 'a' && c[2] == 'n')
                || n == 4 && (c[0] == 'n' && c[1] == 'u' && c[2] == 'l' && c[3] == 'l' || c[0] == 'N' && c[1] == 'U' && c[2] == 'L' && c[3] == 'L');
    }

    /** Whether the value is a decimal number: {@code [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?}. */
    boolean isNumber(int i) {
        if (absent[i]) {
            return false;
        }
        char[] c = chars[i];
        int n = lengths[i];
        int k = 0;
        if (k < n && (c[k] == '+' || c[k] == '-')) {
            k++;
        }
        int digits = 0;
        while (k < n && c[k] >= '0' && c[k] <= '9') {
            k++;
            digits++;
        }
        if (k < n && c[k] == '.') {
            k++;
            while (k < n && c[k] >= '0' && c[k] <= '9') {
                k++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (k < n && (c[k] == 'e' || c[k] == 'E')) {
            k++;
            if (k < n && (c[k] == '+' || c[k] == '-')) {
                k++;
            }
            int exp = 0;
            while (k < n && c[k] >= '0' && c[k] <= '9') {
                k++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return k == n;
    }

    /** The value as a number; null when it is not one (the caller words the refusal). */
    double number(int i) {
        return NumberInput.parseDouble(chars[i], 0, lengths[i], true);
    }

    String text(int i) {
        return isNull(i) ? null : new String(chars[i], 0, lengths[i]);
    }

    /** The value as a message shows it: at most 40 characters, control characters as '?'. */
    String shown(int i) {
        int n = Math.min(lengths[i], 40);
        StringBuilder b = new StringBuilder(n + 3);
        for (int k = 0; k < n; k++) {
            char ch = chars[i][k];
            b.append(Character.isISOControl(ch) ? '?' : ch);
        }
        return lengths[i] > 40 ? b + "..." : b.toString();
    }

    static InvalidInput notANumber(String file, long line, String column, String shown) {
        return new InvalidInput(file + " line " + line + ": column '" + column + "' is '" + shown + "', not a number",
                "give numbers as decimals like 42 or -0.5e3, or leave the value empty for a missing one");
    }
}
