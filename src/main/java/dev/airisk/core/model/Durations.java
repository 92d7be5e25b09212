package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in policy.yaml and on the command line: {@code 90s}, {@code 15m}, {@code 24h}, {@code 30d}, {@code 2w}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhdw])");

    private Durations() {
    }

    /**
     * Parses {@code 30d}, {@code 24h}, ... or ISO-8601 ({@code PT24H}, which may be negative or zero:
     * callers check the range they need); InvalidInput saying the accepted forms otherwise.
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = FORM.matcher(t);
        if (m.matches()) {
            return Duration.ofSeconds(Long.parseLong(m.group(1)) * Unit.of(m.group(2)).seconds);
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                // fall through to the error below
            }
        }
        throw new InvalidInput("duration '" + text + "' is malformed", "write a number and a unit s, m, h, d or w, e.g. 15m, 24h or 30d");
    }

    /**
     * A duration in the largest unit up to days that holds it whole, as policy.yaml would write it and
     * {@link #parse} reads it back: {@code 14d}, {@code 1d}, {@code 36h}, {@code 90m}, {@code 45s}; a fraction of a second
     * in ISO-8601 ({@code PT0.5S}).
     */
    public static String format(Duration d) {
        if (d.getNano() != 0 || d.isNegative()) {
            return d.toString();
        }
        long s = d.getSeconds();
        for (Unit u : Unit.values()) {
            // Policies count days (soak 14d, max_age 7d): weeks are read but shown in days.
            if (u != Unit.W && s % u.seconds == 0 && (s != 0 || u == Unit.S)) {
                return s / u.seconds + u.symbol;
            }
        }
        throw new AssertionError("every whole number of seconds is a whole number of s");
    }

    /** The units of the short form, largest first. */
    private enum Unit {
        W(604_800, "w"), D(86_400, "d"), H(3_600, "h"), M(60, "m"), S(1, "s");

        final long seconds;
        final String symbol;

        Unit(long seconds, String symbol) {
            this.seconds = seconds;
            this.symbol = symbol;
        }

        static Unit of(String symbol) {
            for (Unit u : values()) {
                if (u.symbol.equals(symbol)) {
                    return u;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /** A duration as a person says it: {@code 45s}, {@code 20m}, {@code 3h 20m}, {@code 24h}, from two days on {@code 2d 4h}. */
    public static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 48) {
            return m % 60 == 0 ? h + "h" : h + "h " + m % 60 + "m";
        }
        return h % 24 == 0 ? h / 24 + "d" : h / 24 + "d " + h % 24 + "h";
    }
}
