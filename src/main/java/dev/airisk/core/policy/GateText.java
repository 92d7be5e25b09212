package dev.airisk.core.policy;

import dev.airisk.core.model.Durations;
import dev.airisk.core.model.RiskTier;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Wording shared by the gates: one-line text, instants, human durations, short key ids and short lists. */
final class GateText {
    private GateText() {
    }

    /** Text from outside the gate (problems, comments, file names) folded onto one line. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = b.length() > 0;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    /** ISO-8601, to the second: {@code 2027-01-04T00:00:00Z}. */
    static String instant(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * A duration as a person says it: {@code 45s}, {@code 20m}, {@code 3h 20m}, {@code 24h}, and from
     * two days on {@code 2d 4h}. Negative durations read as {@code 0s}.
     */
    static String duration(Duration d) {
        return Durations.human(d);
    }

    /** The first 12 characters of a key id, as key ids are shown everywhere. */
    static String key(String keyId) {
        return keyId == null ? "?" : keyId.length() > 12 ? keyId.substring(0, 12) : keyId;
    }

    /** {@code a, b, c} or, past {@code max}, {@code a, b, c and 4 more}. */
    static String firstFew(List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }

    static String tier(RiskTier tier) {
        return tier == null ? "unset" : tier.id();
    }

    /** A metric value as written: {@code 1} for 1.0, {@code 0.85} for 0.85. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
