package dev.airisk.core.monitor;

import java.util.Locale;

/** What a column of a sample or a prediction log is to the model. */
public enum ColumnRole {
    /** An input feature. */
    FEATURE,
    /** The model's score (its output). */
    SCORE,
    /** The model's confidence in its prediction, from 0 to 1. */
    CONFIDENCE,
    /** The true outcome, when it is known (for accuracy and AUC). */
    LABEL,
    /** When the prediction was made. */
    TIMESTAMP;

    /** The spelling in the profile's JSON: {@code feature}, {@code score}... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role spelled {@code text}; IllegalArgumentException when there is none. */
    public static ColumnRole parse(String text) {
        for (ColumnRole r : values()) {
            if (r.id().equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException(text);
    }
}
