package dev.airisk.core.policy;

import dev.airisk.core.AiriskException.InvalidInput;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * What a risk tier requires of a version in production (policy.yaml {@code tiers.<tier>.monitoring:}):
 * the thresholds a monitoring evaluation is judged by, the fewest rows an evaluation needs, what a
 * breach does in each environment, and who may override a halt. Every threshold is nullable: null
 * means the check is not made. Shares are fractions from 0 to 1. docs/monitoring.md defines each check.
 *
 * @param minRows             the fewest prediction rows an evaluation judges; fewer is the breach {@code min-rows}
 * @param maxFeaturePsi       the highest PSI of any input feature against the baseline profile
 * @param maxScorePsi         the highest PSI of the score column against the baseline profile
 * @param confidenceFloor     the confidence under which a prediction counts as "below the floor"
 * @param maxBelowFloor       the highest share of predictions whose confidence is below {@code confidenceFloor}
 * @param maxNullRate         the highest share of null values in any input feature
 * @param maxSchemaViolations the highest share of rows violating the version's input schema (type, range, allowed values)
 * @param maxErrorRate        the highest share of requests that failed, from the metrics snapshot
 * @param maxLatencyP99       the highest 99th-percentile latency, from the metrics snapshot
 * @param minAccuracy         the lowest accuracy when the predictions carry labels
 * @param minAuc              the lowest ROC AUC when the predictions carry labels
 * @param onBreach            environment to what a breach does there, in the policy's order; an environment not named: {@link BreachAction#NOTIFY}
 * @param overrideRole        the role that may record an override of a halt
 */
public record MonitoringRules(int minRows, Double maxFeaturePsi, Double maxScorePsi, Double confidenceFloor,
                              Double maxBelowFloor, Double maxNullRate, Double maxSchemaViolations, Double maxErrorRate,
                              Duration maxLatencyP99, Double minAccuracy, Double minAuc,
                              Map<String, BreachAction> onBreach, String overrideRole) {

    /** The role that may override a halt when the policy names none. */
    public static final String DEFAULT_OVERRIDE_ROLE = "risk-officer";

    /** The most rows {@code min_rows} may ask for. */
    public static final int MOST_ROWS = 1_000_000_000;

    /** The largest PSI threshold a policy may give. */
    public static final double MOST_PSI = 100;

    /** A tier without a {@code monitoring:} section: no check, every breach only notifies. */
    public static final MonitoringRules NONE = new MonitoringRules(0, null, null, null, null, null, null, null, null, null,
            null, null, null);

    public MonitoringRules {
        if (minRows < 0 || minRows > MOST_ROWS) {
            throw new InvalidInput("min_rows '" + minRows + "' is not a number of rows (0 to " + MOST_ROWS + ")", null);
        }
        between("max_feature_psi", maxFeaturePsi, 0, MOST_PSI);
        between("max_score_psi", maxScorePsi, 0, MOST_PSI);
        between("confidence_floor", confidenceFloor, 0, 1);
        between("max_below_floor", maxBelowFloor, 0, 1);
        between("max_null_rate", maxNullRate, 0, 1);
        between("max_schema_violations", maxSchemaViolations, 0, 1);
        between("max_error_rate", maxErrorRate, 0, 1);
        between("min_accuracy", minAccuracy, 0, 1);
        between("min_auc", minAuc, 0, 1);
        if ((confidenceFloor == null) != (maxBelowFloor == null)) {
            throw new InvalidInput(confidenceFloor == null ? "max_below_floor is given without confidence_floor"
                    : "confidence_floor is given without max_below_floor",
                    "give both: the floor and the highest share of predictions below it");
        }
        Policy.duration("max_latency_p99", maxLatencyP99);
        onBreach = Collections.unmodifiableMap(new LinkedHashMap<>(onBreach == null ? Map.of() : onBreach));
        onBreach.forEach((env, action) -> {
            if (env == null || action == null) {
                throw new InvalidInput("on_breach has an empty environment or action", "write env: " + BreachAction.choices());
            }
        });
        overrideRole = overrideRole == null ? DEFAULT_OVERRIDE_ROLE : overrideRole;
        if (!Policy.isRole(overrideRole)) {
            throw new InvalidInput("override_role '" + overrideRole + "' is not a role name (" + Policy.ROLE_RULE + ")", null);
        }
    }

    /** Nothing when {@code value} is null or within [lo, hi]; else InvalidInput naming {@code key}. */
    private static void between(String key, Double value, double lo, double hi) {
        if (value != null && !(value >= lo && value <= hi)) {
            throw new InvalidInput(key + " '" + value + "' is not a number from " + shown(lo) + " to " + shown(hi), null);
        }
    }

    private static String shown(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** What a breach does in {@code env}: the policy's action for it, else {@link BreachAction#NOTIFY}. */
    public BreachAction action(String env) {
        return onBreach.getOrDefault(env, BreachAction.NOTIFY);
    }

    /** Whether the tier sets any threshold (min_rows alone is not a check of the model). */
    public boolean checksAnything() {
        return maxFeaturePsi != null || maxScorePsi != null || confidenceFloor != null || maxNullRate != null
                || maxSchemaViolations != null || maxErrorRate != null || maxLatencyP99 != null || minAccuracy != null
                || minAuc != null;
    }
}
