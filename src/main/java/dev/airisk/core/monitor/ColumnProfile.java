package dev.airisk.core.monitor;

import java.util.List;
import java.util.Objects;

/**
 * One column of a baseline profile. The bins are what PSI compares against: for a numeric column,
 * {@code edges} are the distinct decile values of the sample (at most 9, increasing) and bin {@code i}
 * holds the values {@code v} with exactly {@code i} edges below {@code v} (so {@code (-inf, e1], (e1, e2], ...,
 * (e_last, +inf)}); for a categorical column, bin {@code i < categories.size()} holds the category of that
 * name and the last bin every other value. {@code shares} are each bin's share of the sample's non-null values.
 *
 * @param name       the column's name
 * @param role       what the column is to the model
 * @param kind       how it is profiled
 * @param count      the sample's rows
 * @param nulls      the rows with no value in this column (empty, {@code null}, {@code NA}, {@code NaN} or absent)
 * @param min        the smallest value (numeric: the number; timestamp: epoch seconds), or null when every value is null
 * @param max        the largest value, likewise
 * @param edges      numeric: the bin edges; otherwise empty
 * @param categories categorical: the most frequent values, most frequent first (at most {@link Profile#TOP_CATEGORIES}); otherwise empty
 * @param shares     each bin's share of the non-null values; empty for a timestamp or when every value is null
 */
public record ColumnProfile(String name, ColumnRole role, ColumnKind kind, long count, long nulls, Double min, Double max,
                            List<Double> edges, List<String> categories, List<Double> shares) {
    public ColumnProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(kind, "kind");
        edges = edges == null ? List.of() : List.copyOf(edges);
        categories = categories == null ? List.of() : List.copyOf(categories);
        shares = shares == null ? List.of() : List.copyOf(shares);
        for (int i = 1; i < edges.size(); i++) {
            if (!(edges.get(i) > edges.get(i - 1))) {
                throw new IllegalArgumentException("the bin edges of '" + name + "' do not increase");
            }
        }
        int bins = kind == ColumnKind.NUMERIC ? edges.size() + 1 : kind == ColumnKind.CATEGORICAL ? categories.size() + 1 : 0;
        if (!shares.isEmpty() && shares.size() != bins) {
            throw new IllegalArgumentException("'" + name + "' has " + shares.size() + " bin shares for " + bins + " bins");
        }
    }

    /** The share of rows without a value. */
    public double nullRate() {
        return count == 0 ? 0 : (double) nulls / count;
    }
}
