package dev.airisk.core.monitor;

import java.util.Locale;

/** How a column's values are profiled and compared. */
public enum ColumnKind {
    /** Numbers: min, max, bin edges at the sample's deciles and each bin's share. */
    NUMERIC,
    /** Anything else: the 50 most frequent values' shares and the share of all others. */
    CATEGORICAL,
    /** Times (ISO-8601 or epoch seconds): the first and last, as epoch seconds; no bins. */
    TIMESTAMP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind spelled {@code text}; IllegalArgumentException when there is none. */
    public static ColumnKind parse(String text) {
        for (ColumnKind k : values()) {
            if (k.id().equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException(text);
    }
}
