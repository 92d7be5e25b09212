package dev.airisk.core.monitor;

import java.util.Arrays;

/**
 * The values of one distribution between 0 and 1 (scores, absolute score differences), in bounded
 * memory: every value is kept exactly until there are {@link #EXACT_LIMIT}; from then on the sample is
 * a histogram of {@link #BINS} equal-width bins over [0, 1] (bin k holds [k/BINS, (k+1)/BINS), 1 goes
 * to the last bin). Either form takes at most about 1 MiB. docs/canary.md states what each figure's
 * error is once a sample is a histogram.
 */
public final class ScoreSample {
    /** The most values kept exactly. */
    public static final int EXACT_LIMIT = 1 << 17;
    /** The bins of the histogram a larger sample becomes. */
    public static final int BINS = 1 << 17;

    private double[] values = new double[1024];
    private long[] bins;
    private long count;
    private boolean sorted;

    /** Adds a value from 0 to 1. */
    public void add(double v) {
        if (bins == null && count == EXACT_LIMIT) {
            bins = histogram();
            values = null;
        }
        if (bins != null) {
            bins[bin(v)]++;
            count++;
            return;
        }
        int n = (int) count++;
        if (n == values.length) {
            values = Arrays.copyOf(values, Math.min(EXACT_LIMIT, n * 2));
        }
        values[n] = v;
        sorted = false;
    }

    /** The number of values added. */
    public long count() {
        return count;
    }

    /** Whether every value is kept exactly. */
    public boolean exact() {
        return bins == null;
    }

    static int bin(double v) {
        return Math.min(BINS - 1, (int) (v * BINS));
    }

    /** The histogram of the values (a copy when the sample is exact). */
    long[] histogram() {
        if (bins != null) {
            return bins;
        }
        long[] h = new long[BINS];
        for (int i = 0; i < (int) count; i++) {
            h[bin(values[i])]++;
        }
        return h;
    }

    /** The values, sorted; only while {@link #exact()}. */
    double[] sortedValues() {
        if (!sorted) {
            Arrays.sort(values, 0, (int) count);
            sorted = true;
        }
        return values;
    }

    /**
     * The order statistic {@code v(ceil(q n))} of the values (q in (0, 1]); once a histogram, the upper
     * edge of the bin holding it (at most 1/{@link #BINS} above). NaN when empty.
     */
    public double quantile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        if (exact()) {
            return sortedValues()[(int) rank - 1];
        }
        long seen = 0;
        for (int k = 0; k < BINS; k++) {
            seen += bins[k];
            if (seen >= rank) {
                return (double) (k + 1) / BINS;
            }
        }
        return 1;
    }

    /**
     * The baseline's decile edges, as docs/monitoring.md defines them (the order statistics
     * {@code v(ceil(k n / 10))}, k = 1..9, repeated ones kept once); once a histogram, bin edges.
     */
    double[] deciles() {
        double[] edges = new double[9];
        int m = 0;
        for (int k = 1; k <= 9; k++) {
            double e = quantile(k / 10.0);
            if (m == 0 || e > edges[m - 1]) {
                edges[m++] = e;
            }
        }
        return Arrays.copyOf(edges, m);
    }

    /**
     * The counts of the values in the decile bins of {@code edges}: exact bins as docs/monitoring.md's
     * (bin i holds the values with exactly i edges strictly below them); over a histogram, a value
     * counts below an edge when its bin is below it.
     */
    long[] counts(double[] edges) {
        long[] out = new long[edges.length + 1];
        if (exact()) {
            for (int i = 0; i < (int) count; i++) {
                out[Psi.bin(edges, values[i])]++;
            }
            return out;
        }
        for (int k = 0; k < BINS; k++) {
            if (bins[k] != 0) {
                out[Psi.bin(edges, (k + 0.5) / BINS)] += bins[k];
            }
        }
        return out;
    }

    /**
     * The two-sample Kolmogorov–Smirnov statistic sup |F_a(x) - F_b(x)|, and the most it can be above
     * the figure returned: 0 when both samples are exact; else the largest share of either sample in
     * one histogram bin (the statistic over the bin edges is at most the exact one, and the exact one at
     * most that much more).
     */
    static double[] ks(ScoreSample a, ScoreSample b) {
        if (a.count == 0 || b.count == 0) {
            return new double[] {Double.NaN, 0};
        }
        if (a.exact() && b.exact()) {
            double[] x = a.sortedValues();
            double[] y = b.sortedValues();
            int n = (int) a.count;
            int m = (int) b.count;
            int i = 0;
            int j = 0;
            double d = 0;
            while (i < n && j < m) {
                double v = Math.min(x[i], y[j]);
                while (i < n && x[i] <= v) {
                    i++;
                }
                while (j < m && y[j] <= v) {
                    j++;
                }
                d = Math.max(d, Math.abs((double) i / n - (double) j / m));
            }
            return new double[] {d, 0};
        }
        long[] ha = a.histogram();
        long[] hb = b.histogram();
        long ca = 0;
        long cb = 0;
        double d = 0;
        double bound = 0;
        for (int k = 0; k < BINS; k++) {
            ca += ha[k];
            cb += hb[k];
            d = Math.max(d, Math.abs((double) ca / a.count - (double) cb / b.count));
            bound = Math.max(bound, Math.max((double) ha[k] / a.count, (double) hb[k] / b.count));
        }
        return new double[] {d, bound};
    }

    /**
     * The asymptotic p-value of a two-sample KS statistic {@code d} for sample sizes n and m:
     * Q(λ) = 2 Σ_{k=1..100} (-1)^(k-1) exp(-2 k² λ²) with n_e = n m / (n + m) and
     * λ = (√n_e + 0.12 + 0.11 / √n_e) d; 1 when λ is below 0.1; clamped to [0, 1].
     */
    static double ksPValue(double d, long n, long m) {
        if (Double.isNaN(d)) {
            return Double.NaN;
        }
        double en = Math.sqrt((double) n * m / (n + m));
        double lambda = (en + 0.12 + 0.11 / en) * d;
        if (lambda < 0.1) {
            return 1;
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += k % 2 == 1 ? term : -term;
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }
}
