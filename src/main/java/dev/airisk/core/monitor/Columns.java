package dev.airisk.core.monitor;

import dev.airisk.core.AiriskException.InvalidInput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which columns of a sample are what to the model.
 *
 * @param features   the input features, in order
 * @param score      the score column, or null
 * @param confidence the confidence column, or null
 * @param label      the label column, or null
 * @param timestamp  the timestamp column, or null
 */
public record Columns(List<String> features, String score, String confidence, String label, String timestamp) {
    public Columns {
        features = List.copyOf(features);
        Set<String> seen = new LinkedHashSet<>();
        for (String c : all(features, score, confidence, label, timestamp)) {
            if (!seen.add(c)) {
                throw new InvalidInput("column '" + c + "' is given two roles", "give each of the feature, score, confidence, label "
                        + "and timestamp columns its own column");
            }
        }
    }

    private static List<String> all(List<String> features, String... others) {
        List<String> out = new ArrayList<>(features);
        for (String o : others) {
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    /** Every column named, features first, then score, confidence, label and timestamp. */
    public List<String> all() {
        return all(features, score, confidence, label, timestamp);
    }

    /** The role of {@code column}, which is one of {@link #all()}. */
    public ColumnRole role(String column) {
        if (features.contains(column)) {
            return ColumnRole.FEATURE;
        }
        if (Objects.equals(column, score)) {
            return ColumnRole.SCORE;
        }
        if (Objects.equals(column, confidence)) {
            return ColumnRole.CONFIDENCE;
        }
        if (Objects.equals(column, label)) {
            return ColumnRole.LABEL;
        }
        return ColumnRole.TIMESTAMP;
    }
}
