package dev.airisk.core.monitor;

/** The checks of a monitoring evaluation, each with the id a {@link Breach} names it by (docs/monitoring.md). */
public enum Check {
    /** Fewer prediction rows than {@code min_rows}: too few to judge. */
    MIN_ROWS("min-rows", false),
    /** An input feature's PSI above {@code max_feature_psi}. */
    FEATURE_PSI("feature-psi", true),
    /** The score's PSI above {@code max_score_psi}. */
    SCORE_PSI("score-psi", false),
    /** The share of predictions with confidence below {@code confidence_floor} above {@code max_below_floor}. */
    BELOW_CONFIDENCE_FLOOR("below-confidence-floor", false),
    /** An input feature's null rate above {@code max_null_rate}. */
    NULL_RATE("null-rate", true),
    /** The share of rows violating the input schema above {@code max_schema_violations}. */
    SCHEMA("schema", false),
    /** A prohibited attribute among the input's columns (always a breach). */
    PROHIBITED_ATTRIBUTE("prohibited-attribute", true),
    /** The error rate from the metrics above {@code max_error_rate}. */
    ERROR_RATE("error-rate", false),
    /** The 99th-percentile latency from the metrics above {@code max_latency_p99} (seconds). */
    LATENCY_P99("latency-p99", false),
    /** Accuracy against the labels below {@code min_accuracy}. */
    ACCURACY("accuracy", false),
    /** ROC AUC against the labels below {@code min_auc}. */
    AUC("auc", false);

    private final String id;
    private final boolean perFeature;

    Check(String id, boolean perFeature) {
        this.id = id;
        this.perFeature = perFeature;
    }

    public String id() {
        return id;
    }

    /** Whether a breach of it names a feature. */
    public boolean perFeature() {
        return perFeature;
    }
}
