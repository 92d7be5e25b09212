package dev.airisk.core.monitor;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Metadata.Field;
import dev.airisk.core.model.Metadata.InputSchema;
import dev.airisk.core.port.RowSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Computes a baseline profile from a sample, exactly (docs/monitoring.md, "Baseline profile"). The
 * sample is read twice: once to learn each column's kind, once to collect its values. Numeric values
 * are held in memory to sort them for the exact deciles, so a sample is limited to {@link #MAX_ROWS} rows.
 */
public final class Profiler {
    /** The most rows a sample may have. */
    public static final int MAX_ROWS = 1_000_000;

    /**
     * The profile of the sample {@code open} opens (it is opened twice and closed each time).
     *
     * @param schema the version's input schema, or null; a feature with a rule is profiled as its type says
     *               (number and integer as numeric, string and boolean as categorical), any other by its values
     *               (numeric when every value is a number)
     */
    public Profile profile(String model, String version, Supplier<RowSource> open, Columns columns, InputSchema schema) {
        List<String> names = columns.all();
        ColumnKind[] kinds = new ColumnKind[names.size()];
        String sha;
        long rows = 0;
        try (RowSource sample = open.get()) {
            require(sample, names);
            sample.select(names);
            boolean[] text = new boolean[names.size()];
            while (sample.next()) {
                if (++rows > MAX_ROWS) {
                    throw new InvalidInput(sample.name() + " has more than " + MAX_ROWS + " rows",
                            "profile a random sample of at most " + MAX_ROWS + " rows");
                }
                for (int i = 0; i < names.size(); i++) {
                    if (!text[i] && !sample.isNull(i) && !sample.isNumber(i)) {
                        text[i] = true;
                    }
                }
            }
            if (rows == 0) {
                throw new InvalidInput(sample.name() + " has no rows", "profile a sample with rows");
            }
            for (int i = 0; i < names.size(); i++) {
                kinds[i] = kind(columns.role(names.get(i)), schema == null ? null : schema.field(names.get(i)), text[i]);
            }
            sha = sample.sha256();
        }
        Collector[] collectors = new Collector[names.size()];
        for (int i = 0; i < names.size(); i++) {
            collectors[i] = new Collector(kinds[i], (int) rows);
        }
        try (RowSource sample = open.get()) {
            sample.select(names);
            while (sample.next()) {
                for (int i = 0; i < names.size(); i++) {
                    Collector c = collectors[i];
                    if (sample.isNull(i)) {
                        c.nulls++;
                    } else if (c.kind == ColumnKind.NUMERIC) {
                        c.numbers[c.n++] = sample.number(i);
                    } else if (c.kind == ColumnKind.TIMESTAMP) {
                        c.numbers[c.n++] = Values.time(sample, i, names.get(i));
                    } else {
                        c.counts.computeIfAbsent(sample.text(i), k -> new long[1])[0]++;
                        c.n++;
                    }
                }
            }
            if (!sample.sha256().equals(sha)) {
                throw new InvalidInput(sample.name() + " changed while it was read", "profile a file nothing is writing to");
            }
            List<ColumnProfile> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                out.add(collectors[i].profile(names.get(i), columns.role(names.get(i)), rows));
            }
            return new Profile(model, version, sample.name(), sha, rows, out);
        }
    }

    /** Refuses a sample without one of {@code names}: "FILE has no column 'x'". */
    static void require(RowSource source, List<String> names) {
        List<String> header = source.header();
        for (String name : names) {
            if (!header.contains(name)) {
                throw new InvalidInput(source.name() + " has no column '" + Values.shown(name) + "'",
                        "its columns are " + String.join(", ", header.stream().limit(20).map(Values::shown).toList())
                                + (header.size() > 20 ? ", ..." : ""));
            }
        }
    }

    private static ColumnKind kind(ColumnRole role, Field field, boolean sawText) {
        if (role == ColumnRole.TIMESTAMP) {
            return ColumnKind.TIMESTAMP;
        }
        if (role == ColumnRole.LABEL) {
            return ColumnKind.CATEGORICAL;
        }
        if (role == ColumnRole.SCORE || role == ColumnRole.CONFIDENCE) {
            return ColumnKind.NUMERIC;
        }
        if (field != null) {
            return field.type().numeric() ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL;
        }
        return sawText ? ColumnKind.CATEGORICAL : ColumnKind.NUMERIC;
    }

    /** The exact deciles of sorted {@code v[0..n)}: {@code v[ceil(k n / 10) - 1]} for k = 1..9, repeats dropped. */
    static List<Double> deciles(double[] v, int n) {
        List<Double> edges = new ArrayList<>();
        for (int k = 1; k < Profile.QUANTILES; k++) {
            long rank = ((long) k * n + Profile.QUANTILES - 1) / Profile.QUANTILES; // ceil(k n / 10), 1-based
            double q = v[(int) Math.max(rank, 1) - 1];
            if (edges.isEmpty() || q > edges.get(edges.size() - 1)) {
                edges.add(q);
            }
        }
        return edges;
    }

    private static final class Collector {
        final ColumnKind kind;
        final double[] numbers;
        final Map<String, long[]> counts;
        int n;
        long nulls;

        Collector(ColumnKind kind, int rows) {
            this.kind = kind;
            this.numbers = kind == ColumnKind.CATEGORICAL ? null : new double[rows];
            this.counts = kind == ColumnKind.CATEGORICAL ? new HashMap<>() : null;
        }

        ColumnProfile profile(String name, ColumnRole role, long rows) {
            if (kind == ColumnKind.CATEGORICAL) {
                List<Map.Entry<String, long[]>> top = new ArrayList<>(counts.entrySet());
                top.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
                List<String> categories = new ArrayList<>();
                List<Double> shares = new ArrayList<>();
                long kept = 0;
                for (Map.Entry<String, long[]> e : top.subList(0, Math.min(Profile.TOP_CATEGORIES, top.size()))) {
                    categories.add(e.getKey());
                    shares.add((double) e.getValue()[0] / n);
                    kept += e.getValue()[0];
                }
                if (n > 0) {
                    shares.add((double) (n - kept) / n);
                }
                return new ColumnProfile(name, role, kind, rows, nulls, null, null, null, categories, n == 0 ? null : shares);
            }
            if (n == 0) {
                return new ColumnProfile(name, role, kind, rows, nulls, null, null, null, null, null);
            }
            Arrays.sort(numbers, 0, n);
            if (kind == ColumnKind.TIMESTAMP) {
                return new ColumnProfile(name, role, kind, rows, nulls, numbers[0], numbers[n - 1], null, null, null);
            }
            List<Double> edges = deciles(numbers, n);
            double[] e = edges.stream().mapToDouble(Double::doubleValue).toArray();
            long[] bins = new long[e.length + 1];
            for (int k = 0; k < n; k++) {
                bins[Psi.bin(e, numbers[k])]++;
            }
            List<Double> shares = new ArrayList<>();
            for (long b : bins) {
                shares.add((double) b / n);
            }
            return new ColumnProfile(name, role, kind, rows, nulls, numbers[0], numbers[n - 1], edges, null, shares);
        }
    }
}
