package dev.airisk.core.monitor;

import dev.airisk.core.policy.MonitoringRules;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The figures of one monitoring evaluation of a prediction log (and a metrics snapshot) against a
 * version's baseline profile, the thresholds they were judged by, and the breaches. Nullable figures
 * were not measurable from the inputs given (no labels, no metrics, no confidence column...).
 *
 * @param rows                 the prediction rows read
 * @param features             per input feature of the profile, in its order
 * @param scorePsi             the score's PSI, or null when there is no score column in both
 * @param belowFloor           the share of predictions with confidence below the floor, or null (no floor or no column)
 * @param schemaViolationShare the share of rows with at least one schema violation
 * @param accuracy             the share of predictions matching their label, or null without labels
 * @param auc                  the ROC AUC of the score against binary labels, or null without labels or score
 * @param errorRate            the share of requests that failed, from the metrics, or null
 * @param latencyP99           the 99th-percentile latency in seconds, from the metrics, or null
 * @param throughput           requests per second since the serving process started, from the metrics, or null
 * @param prohibitedPresent    prohibited attributes found among the predictions' columns
 * @param first                the earliest prediction time, or null without a timestamp column
 * @param last                 the latest prediction time, or null
 * @param rules                the thresholds applied
 * @param breaches             the thresholds broken, in the order of {@link Check}
 */
public record Evaluation(long rows, List<FeatureFigures> features, Double scorePsi, Double belowFloor,
                         double schemaViolationShare, Double accuracy, Double auc, Double errorRate, Double latencyP99,
                         Double throughput, List<String> prohibitedPresent, Instant first, Instant last,
                         MonitoringRules rules, List<Breach> breaches) {
    public Evaluation {
        features = List.copyOf(features);
        prohibitedPresent = List.copyOf(prohibitedPresent);
        Objects.requireNonNull(rules, "rules");
        breaches = List.copyOf(breaches);
    }

    /** Whether no threshold was broken. */
    public boolean healthy() {
        return breaches.isEmpty();
    }

    /** The figures of {@code feature}, or null. */
    public FeatureFigures feature(String feature) {
        return features.stream().filter(f -> f.name().equals(feature)).findFirst().orElse(null);
    }
}
