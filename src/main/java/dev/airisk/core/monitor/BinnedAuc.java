package dev.airisk.core.monitor;

/**
 * ROC AUC from binned scores: positives and negatives counted in {@link Evaluator#AUC_BINS}
 * equal-width bins between the lowest and highest score expected; a pair of a positive and a negative
 * in the same bin counts half (the error bound is in docs/monitoring.md). Memory does not grow with
 * the rows.
 */
final class BinnedAuc {
    private final double lo;
    private final double width;
    private final long[] positives = new long[Evaluator.AUC_BINS];
    private final long[] negatives = new long[Evaluator.AUC_BINS];

    BinnedAuc(double lo, double hi) {
        this.lo = lo;
        this.width = hi > lo ? (hi - lo) / Evaluator.AUC_BINS : 0;
    }

    void add(double s, boolean positive) {
        int b = width == 0 ? 0 : (int) Math.min(Evaluator.AUC_BINS - 1, Math.max(0, Math.floor((s - lo) / width)));
        (positive ? positives : negatives)[b]++;
    }

    /** The AUC, or null without both a positive and a negative. */
    Double value() {
        double p = 0;
        double n = 0;
        for (int b = 0; b < Evaluator.AUC_BINS; b++) {
            p += positives[b];
            n += negatives[b];
        }
        if (p == 0 || n == 0) {
            return null;
        }
        double wins = 0;
        double negativesBelow = 0;
        for (int b = 0; b < Evaluator.AUC_BINS; b++) {
            wins += positives[b] * (negativesBelow + negatives[b] / 2.0);
            negativesBelow += negatives[b];
        }
        return wins / (p * n);
    }
}
