package dev.airisk.core.monitor;

import java.util.List;

/**
 * The population stability index, exactly as docs/monitoring.md defines it: over the baseline's bins,
 * with each expected share {@code e} (the baseline's) and actual share {@code a} (the predictions') first
 * floored at {@link #FLOOR}, {@code PSI = sum over bins of (a - e) * ln(a / e)}, summed in bin order.
 */
public final class Psi {
    /** The least share a bin counts with, so an empty bin does not make PSI infinite. */
    public static final double FLOOR = 0.0001;

    private Psi() {
    }

    /** PSI of the actual bin counts against the expected shares; null when no value was counted. */
    public static Double of(List<Double> expected, long[] actual) {
        long total = 0;
        for (long n : actual) {
            total += n;
        }
        if (total == 0 || expected.isEmpty()) {
            return null;
        }
        double psi = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = Math.max(expected.get(i), FLOOR);
            double a = Math.max((double) actual[i] / total, FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /** The bin of {@code v} among increasing {@code edges}: the number of edges strictly below {@code v}. */
    public static int bin(double[] edges, double v) {
        if (edges.length <= 16) {
            int below = 0;
            for (double e : edges) {
                below += e < v ? 1 : 0;
            }
            return below;
        }
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
