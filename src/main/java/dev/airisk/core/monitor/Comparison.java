package dev.airisk.core.monitor;

import java.util.List;

/**
 * What comparing a candidate's prediction log with the baseline's found ({@code airisk canary analyze}):
 * the figures of all rows and of each segment.
 *
 * @param join      the column rows are joined by, or null when they are paired by their order in the files
 * @param segment   the column rows are segmented by, or null
 * @param threshold the score at or above which the predicted class is positive
 * @param all       the figures of every row
 * @param segments  the figures of each value of the segment column, in order of first appearance
 */
public record Comparison(String join, String segment, double threshold, Figures all, List<Figures> segments) {
    public Comparison {
        segments = List.copyOf(segments);
    }

    /**
     * The figures of one group of rows (NaN: not measurable, e.g. no joined row, no label).
     *
     * @param name               {@code all}, or the segment's value
     * @param baselineRows       the baseline's rows
     * @param candidateRows      the candidate's rows
     * @param joined             the rows of both joined into pairs
     * @param ks                 the two-sample Kolmogorov–Smirnov statistic of the scores
     * @param ksPValue           its asymptotic p-value
     * @param ksErrorBound       how much the exact statistic may be above {@code ks} (0 when exact)
     * @param psi                PSI of the candidate's scores over the baseline's score deciles
     * @param agreement          the share of joined pairs predicting the same class
     * @param meanScoreDiff      the mean absolute score difference of joined pairs
     * @param p99ScoreDiff       its 99th percentile
     * @param baselineAccuracy   the baseline's accuracy on its labelled rows
     * @param candidateAccuracy  the candidate's accuracy on its labelled rows
     * @param baselineAuc        the baseline's ROC AUC on its labelled rows (binned, as monitoring's)
     * @param candidateAuc       the candidate's ROC AUC on its labelled rows
     * @param exact              whether every figure is exact (no sample became a histogram)
     */
    public record Figures(String name, long baselineRows, long candidateRows, long joined, double ks, double ksPValue,
                          double ksErrorBound, double psi, double agreement, double meanScoreDiff, double p99ScoreDiff,
                          double baselineAccuracy, double candidateAccuracy, double baselineAuc, double candidateAuc,
                          boolean exact) {
    }
}
