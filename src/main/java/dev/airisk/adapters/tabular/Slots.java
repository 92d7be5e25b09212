package dev.airisk.adapters.tabular;

import com.fasterxml.jackson.core.io.NumberInput;
import dev.airisk.core.AiriskException.InvalidInput;

/**
 * The values of the selected columns of the current row, as the parser's strings. Defines what is null
 * and what is a number for every tabular reader (docs/monitoring.md, "Inputs").
 */
final class Slots {
    /** 10^0 .. 10^22: every one exactly a double. */
    private static final double[] POWERS = new double[23];
    /** The largest mantissa that is exactly a double (2^53). */
    private static final long EXACT = 1L << 53;

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private String[] values = new String[0];

    /** The current row's selected values. */
    void use(String[] row) {
        this.values = row;
    }

    /** Absent, empty, {@code null}, {@code NULL}, {@code NA}, {@code NaN} or {@code nan}. */
    boolean isNull(int i) {
        String v = values[i];
        if (v == null) {
            return true;
        }
        return switch (v.length()) {
            case 0 -> true;
            case 2 -> v.equals("NA");
            case 3 -> v.equals("NaN") || v.equals("nan");
            case 4 -> v.equals("null") || v.equals("NULL");
            default -> false;
        };
    }

    /** Whether the value is a decimal number: {@code [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?}. */
    boolean isNumber(int i) {
        return !Double.isNaN(number(i));
    }

    /** The value as a number, or NaN when it is not one (the caller words the refusal). */
    double number(int i) {
        return values[i] == null ? Double.NaN : decimal(values[i]);
    }

    String text(int i) {
        return isNull(i) ? null : values[i];
    }

    /** The value as a message shows it: at most 40 characters, control characters as '?'. */
    String shown(int i) {
        String v = values[i] == null ? "" : values[i];
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < Math.min(v.length(), 40); k++) {
            char ch = v.charAt(k);
            b.append(Character.isISOControl(ch) ? '?' : ch);
        }
        return v.length() > 40 ? b + "..." : b.toString();
    }

    /**
     * {@code s} as a double, correctly rounded, or NaN when it is not a decimal number. A decimal of at
     * most 2^53 as digits scaled by at most 10^22 is one exact multiplication or division of two exact
     * doubles (Clinger's fast path), so correctly rounded; any other goes to Jackson's parser.
     */
    static double decimal(String s) {
        int n = s.length();
        int k = 0;
        boolean negative = false;
        if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
            negative = s.charAt(k) == '-';
            k++;
        }
        long mantissa = 0;
        boolean exact = true;
        int digits = 0;
        int scale = 0;
        char c;
        while (k < n && (c = s.charAt(k)) >= '0' && c <= '9') {
            if (mantissa < EXACT / 10) {
                mantissa = mantissa * 10 + (c - '0');
            } else {
                exact = false;
            }
            k++;
            digits++;
        }
        if (k < n && s.charAt(k) == '.') {
            k++;
            while (k < n && (c = s.charAt(k)) >= '0' && c <= '9') {
                if (mantissa < EXACT / 10) {
                    mantissa = mantissa * 10 + (c - '0');
                    scale++;
                } else {
                    exact = false;
                }
                k++;
                digits++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (k < n && (s.charAt(k) == 'e' || s.charAt(k) == 'E')) {
            k++;
            boolean minus = false;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                minus = s.charAt(k) == '-';
                k++;
            }
            int start = k;
            while (k < n && (c = s.charAt(k)) >= '0' && c <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (c - '0');
                }
                k++;
            }
            if (k == start) {
                return Double.NaN;
            }
            exponent = minus ? -exponent : exponent;
        }
        if (k != n) {
            return Double.NaN;
        }
        int power = exponent - scale;
        if (exact && power >= -22 && power <= 22) {
            double v = power < 0 ? mantissa / POWERS[-power] : mantissa * POWERS[power];
            return negative ? -v : v;
        }
        return NumberInput.parseDouble(s, true);
    }

    static InvalidInput notANumber(String file, long line, String column, String shown) {
        return new InvalidInput(file + " line " + line + ": column '" + column + "' is '" + shown + "', not a number",
                "give numbers as decimals like 42 or -0.5e3, or leave the value empty for a missing one");
    }
}
