package dev.airisk.core.policy;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Durations;
import dev.airisk.core.monitor.Comparison;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a canary of a version of one risk tier must show before {@code canary promote} (policy.yaml
 * {@code tiers.<tier>.canary:}): the limits of every environment, and the limits of named environments
 * set over them. docs/canary.md defines each figure.
 *
 * @param limits       the limits in every environment
 * @param environments environment to the limits set there over {@code limits}, in the policy's order
 */
public record CanaryRules(Limits limits, Map<String, Limits> environments) {
    /** The label metrics a policy may require. */
    public static final List<String> LABEL_METRICS = List.of("accuracy", "auc");

    /** A tier without a {@code canary:} section: nothing is required of a canary. */
    public static final CanaryRules NONE = new CanaryRules(Limits.NONE, Map.of());

    public CanaryRules {
        limits = limits == null ? Limits.NONE : limits;
        environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments == null ? Map.of() : environments));
    }

    /** Whether the tier has a canary section that requires anything. */
    public boolean requiresAnything() {
        return limits.requiresAnything() || environments.values().stream().anyMatch(Limits::requiresAnything);
    }

    /** The limits in force in {@code env}: the environment's own, over the tier's. */
    public Limits in(String env) {
        Limits e = environments.get(env);
        return e == null ? limits : limits.over(e);
    }

    /**
     * Limits of a canary analysis; null: not checked.
     *
     * @param minSamples           the fewest rows each log must have
     * @param minDuration          the least time from the canary's start to the analysis
     * @param minAgreement         the lowest share of joined rows predicting the same class
     * @param maxKs                the highest KS statistic of the scores
     * @param maxPsi               the highest PSI of the candidate's scores over the baseline's
     * @param maxMeanScoreDiff     the highest mean absolute score difference
     * @param maxP99ScoreDiff      the highest 99th percentile of the absolute score difference
     * @param requiredLabelMetrics label metrics both logs must have (their rows labelled)
     * @param maxAccuracyDrop      the most the candidate's accuracy may be below the baseline's
     * @param maxAucDrop           the most the candidate's ROC AUC may be below the baseline's
     */
    public record Limits(Long minSamples, Duration minDuration, Double minAgreement, Double maxKs, Double maxPsi,
                         Double maxMeanScoreDiff, Double maxP99ScoreDiff, List<String> requiredLabelMetrics, Double maxAccuracyDrop,
                         Double maxAucDrop) {
        public static final Limits NONE = new Limits(null, null, null, null, null, null, null, null, null, null);

        public Limits {
            if (minSamples != null && (minSamples < 0 || minSamples > MonitoringRules.MOST_ROWS)) {
                throw new InvalidInput("min_samples '" + minSamples + "' is not a number of rows (0 to " + MonitoringRules.MOST_ROWS + ")", null);
            }
            Policy.duration("min_duration", minDuration);
            share("min_agreement", minAgreement);
            share("max_ks", maxKs);
            if (maxPsi != null && !(maxPsi >= 0 && maxPsi <= MonitoringRules.MOST_PSI)) {
                throw new InvalidInput("max_psi '" + maxPsi + "' is not a number from 0 to 100", null);
            }
            share("max_mean_score_diff", maxMeanScoreDiff);
            share("max_p99_score_diff", maxP99ScoreDiff);
            share("max_accuracy_drop", maxAccuracyDrop);
            share("max_auc_drop", maxAucDrop);
            requiredLabelMetrics = requiredLabelMetrics == null ? null : List.copyOf(requiredLabelMetrics);
            if (requiredLabelMetrics != null) {
                requiredLabelMetrics.stream().filter(m -> !LABEL_METRICS.contains(m)).findFirst().ifPresent(m -> {
                    throw new InvalidInput("label metric '" + m + "' is not one of " + String.join(", ", LABEL_METRICS), null);
                });
            }
        }

        private static void share(String key, Double v) {
            if (v != null && !(v >= 0 && v <= 1)) {
                throw new InvalidInput(key + " '" + v + "' is not a number from 0 to 1", null);
            }
        }

        boolean requiresAnything() {
            return !equals(NONE);
        }

        /** These limits with every limit {@code o} sets replaced by its. */
        Limits over(Limits o) {
            return new Limits(o.minSamples != null ? o.minSamples : minSamples, o.minDuration != null ? o.minDuration : minDuration,
                    o.minAgreement != null ? o.minAgreement : minAgreement, o.maxKs != null ? o.maxKs : maxKs,
                    o.maxPsi != null ? o.maxPsi : maxPsi, o.maxMeanScoreDiff != null ? o.maxMeanScoreDiff : maxMeanScoreDiff,
                    o.maxP99ScoreDiff != null ? o.maxP99ScoreDiff : maxP99ScoreDiff,
                    o.requiredLabelMetrics != null ? o.requiredLabelMetrics : requiredLabelMetrics,
                    o.maxAccuracyDrop != null ? o.maxAccuracyDrop : maxAccuracyDrop, o.maxAucDrop != null ? o.maxAucDrop : maxAucDrop);
        }

        /** The label metrics required, empty when none. */
        public List<String> labelMetrics() {
            return requiredLabelMetrics == null ? List.of() : requiredLabelMetrics;
        }

        /** The limits as policy.yaml's keys (those set), for JSON and the evidence statement. */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            put(m, "min_samples", minSamples);
            put(m, "min_duration", minDuration == null ? null : Durations.format(minDuration));
            put(m, "min_agreement", minAgreement);
            put(m, "max_ks", maxKs);
            put(m, "max_psi", maxPsi);
            put(m, "max_mean_score_diff", maxMeanScoreDiff);
            put(m, "max_p99_score_diff", maxP99ScoreDiff);
            put(m, "required_label_metrics", requiredLabelMetrics);
            put(m, "max_accuracy_drop", maxAccuracyDrop);
            put(m, "max_auc_drop", maxAucDrop);
            return m;
        }

        private static void put(Map<String, Object> m, String k, Object v) {
            if (v != null) {
                m.put(k, v);
            }
        }

        /**
         * The limits the comparison breaks, one line each ("agreement 0.91 (min 0.95)"), checked on all rows
         * and, but for the sample size, duration and label metrics, on each segment; empty when none.
         *
         * @param sinceStart the time from the canary's start to the analysis
         */
        public List<String> breaches(Comparison c, Duration sinceStart) {
            List<String> out = new ArrayList<>();
            Comparison.Figures all = c.all();
            if (minSamples != null && Math.min(all.baselineRows(), all.candidateRows()) < minSamples) {
                out.add("samples " + Math.min(all.baselineRows(), all.candidateRows()) + " (min " + minSamples + ")");
            }
            if (minDuration != null && sinceStart.compareTo(minDuration) < 0) {
                out.add("duration " + Durations.format(sinceStart) + " (min " + Durations.format(minDuration) + ")");
            }
            figures(out, "", all);
            for (Comparison.Figures s : c.segments()) {
                figures(out, "segment " + s.name() + ": ", s);
            }
            if (labelMetrics().contains("accuracy")) {
                labelMetric(out, "accuracy", all.baselineAccuracy(), all.candidateAccuracy(), maxAccuracyDrop, "has no labels");
            }
            if (labelMetrics().contains("auc")) {
                labelMetric(out, "auc", all.baselineAuc(), all.candidateAuc(), maxAucDrop, "has no labels of both classes");
            }
            return out;
        }

        /** A required label metric: measured on both sides, and the candidate's not lower than the baseline's by more than {@code maxDrop}. */
        private static void labelMetric(List<String> out, String metric, double baseline, double candidate, Double maxDrop, String missing) {
            if (Double.isNaN(baseline) || Double.isNaN(candidate)) {
                out.add(metric + ": " + (Double.isNaN(baseline) ? "the baseline" : "the candidate") + "'s log " + missing);
            } else if (maxDrop != null && baseline - candidate > maxDrop) {
                out.add(metric + " drop " + number(baseline - candidate) + " (max " + number(maxDrop) + ")");
            }
        }

        private void figures(List<String> out, String prefix, Comparison.Figures f) {
            if (minAgreement != null) {
                if (f.joined() == 0) {
                    out.add(prefix + "agreement: no joined rows (min " + number(minAgreement) + ")");
                } else if (f.agreement() < minAgreement) {
                    out.add(prefix + "agreement " + number(f.agreement()) + " (min " + number(minAgreement) + ")");
                }
            }
            over(out, prefix + "ks", f.ks(), maxKs);
            over(out, prefix + "psi", f.psi(), maxPsi);
            over(out, prefix + "mean score diff", f.meanScoreDiff(), maxMeanScoreDiff);
            over(out, prefix + "p99 score diff", f.p99ScoreDiff(), maxP99ScoreDiff);
        }

        private static void over(List<String> out, String what, double value, Double max) {
            if (max != null && !Double.isNaN(value) && value > max) {
                out.add(what + " " + number(value) + " (max " + number(max) + ")");
            }
        }

        /** A figure in six significant digits. */
        public static String number(double v) {
            return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
        }
    }
}
