package dev.airisk.core.monitor;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.RowSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reading typed values out of a row, with messages that name the file, the line and the column. */
final class Values {
    private Values() {
    }

    /** InvalidInput "FILE line N: WHAT". */
    static InvalidInput at(RowSource source, String what, String fix) {
        return new InvalidInput(source.name() + " line " + source.line() + ": " + what, fix);
    }

    /** The time in selected column {@code i} (ISO-8601 with an offset, or epoch seconds) as epoch seconds. */
    static double time(RowSource source, int i, String column) {
        if (source.isNumber(i)) {
            return source.number(i);
        }
        String text = source.text(i);
        try {
            Instant t = OffsetDateTime.parse(text).toInstant();
            return t.getEpochSecond() + t.getNano() / 1e9;
        } catch (DateTimeParseException e) {
            throw at(source, "column '" + column + "' is '" + shown(text) + "', not a time",
                    "give ISO-8601 times with an offset like 2026-12-04T10:00:00Z, or epoch seconds");
        }
    }

    /** Whether a label is positive: 1, true, yes (any case); false for 0, false, no; else refused. */
    static boolean label(RowSource source, int i, String column) {
        String text = source.text(i).strip().toLowerCase(Locale.ROOT);
        switch (text) {
            case "1", "1.0", "true", "yes" -> {
                return true;
            }
            case "0", "0.0", "false", "no" -> {
                return false;
            }
            default -> throw at(source, "column '" + column + "' is '" + shown(source.text(i)) + "', not a binary label",
                    "labels are 1/0, true/false or yes/no");
        }
    }

    /** A value as a message shows it: at most 40 characters, control characters as '?'. */
    static String shown(String text) {
        String t = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        StringBuilder b = new StringBuilder(t.length());
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
