package dev.airisk.core.monitor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A version's baseline profile: how the columns of a sample of its training or validation inputs,
 * with the model's scores, were distributed. Stored as a signed attachment of kind {@link #KIND};
 * monitoring evaluations compare production predictions against it (docs/monitoring.md).
 *
 * @param model   the model's name
 * @param version the version's name
 * @param source  the sample's file name
 * @param sha256  the hex SHA-256 of the sample's bytes as read
 * @param rows    the sample's rows
 * @param columns the profiled columns, features first in the sample's order, then score, confidence, label, timestamp
 */
public record Profile(String model, String version, String source, String sha256, long rows, List<ColumnProfile> columns) {

    /** The attachment kind a baseline profile is stored as. */
    public static final String KIND = "baseline-profile";

    /** The format of the profile's JSON; a reader refuses any other. */
    public static final int FORMAT = 1;

    /** Categorical columns keep this many most frequent values; all others share one bin. */
    public static final int TOP_CATEGORIES = 50;

    /** Numeric columns are binned at this many quantiles (deciles). */
    public static final int QUANTILES = 10;

    public Profile {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        columns = List.copyOf(columns);
    }

    /** The column named {@code name}. */
    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The columns of {@code role}, in order. */
    public List<ColumnProfile> columns(ColumnRole role) {
        return columns.stream().filter(c -> c.role() == role).toList();
    }

    /** The one column of {@code role} (score, confidence, label, timestamp), if profiled. */
    public Optional<ColumnProfile> one(ColumnRole role) {
        return columns(role).stream().findFirst();
    }
}
