package dev.airisk.core.release;

import dev.airisk.core.monitor.Breach;
import dev.airisk.core.monitor.Evaluation;
import dev.airisk.core.monitor.FeatureFigures;
import dev.airisk.core.policy.MonitoringRules;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How an evaluation's figures, thresholds and breaches are written: in its signed statement and the
 * JSON output (absent or non-finite figures as null), and as text (four significant digits).
 * {@link CanaryFigures} writes a canary analysis's figures the same way.
 */
public final class EvaluationFigures {
    private EvaluationFigures() {
    }

    /** The figures measured, as the evaluation statement and the JSON output give them (absent or non-finite figures as null). */
    public static Map<String, Object> figures(Evaluation e) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", e.rows());
        if (e.first() != null) {
            figures.put("first_prediction", e.first().toString());
            figures.put("last_prediction", e.last().toString());
        }
        List<Object> features = new ArrayList<>();
        for (FeatureFigures f : e.features()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("psi", number(f.psi()));
            m.put("null_rate", number(f.nullRate()));
            m.put("schema_violations", f.schemaViolations());
            features.add(m);
        }
        figures.put("features", features);
        figures.put("score_psi", number(e.scorePsi()));
        figures.put("below_floor", number(e.belowFloor()));
        figures.put("schema_violation_share", number(e.schemaViolationShare()));
        figures.put("accuracy", number(e.accuracy()));
        figures.put("auc", number(e.auc()));
        figures.put("error_rate", number(e.errorRate()));
        figures.put("latency_p99_seconds", number(e.latencyP99()));
        figures.put("throughput", number(e.throughput()));
        figures.put("prohibited_present", e.prohibitedPresent());
        return figures;
    }

    /** The thresholds applied, by their policy.yaml names; those not set are left out. */
    static Map<String, Object> thresholds(MonitoringRules r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_rows", r.minRows());
        put(m, "max_feature_psi", r.maxFeaturePsi());
        put(m, "max_score_psi", r.maxScorePsi());
        put(m, "confidence_floor", r.confidenceFloor());
        put(m, "max_below_floor", r.maxBelowFloor());
        put(m, "max_null_rate", r.maxNullRate());
        put(m, "max_schema_violations", r.maxSchemaViolations());
        put(m, "max_error_rate", r.maxErrorRate());
        put(m, "max_latency_p99_seconds", r.maxLatencyP99() == null ? null : r.maxLatencyP99().toMillis() / 1000.0);
        put(m, "min_accuracy", r.minAccuracy());
        put(m, "min_auc", r.minAuc());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Double value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** A breach as JSON: check, feature (null when none), value, limit. */
    public static Map<String, Object> breach(Breach b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", b.check());
        m.put("feature", b.feature());
        m.put("value", number(b.value()));
        m.put("limit", number(b.limit()));
        return m;
    }

    /** A figure as JSON: null when absent or not finite. */
    static Double number(Double d) {
        return d == null || d.isNaN() || d.isInfinite() ? null : d;
    }

    /**
     * The first {@code most} breaches in one line, {@code feature-psi age 0.31 (limit 0.2), below-confidence-floor 0.4 (limit 0.1)},
     * then how many more there are.
     */
    public static String summary(Evaluation e, int most) {
        List<Breach> all = e.breaches();
        String shown = all.stream().limit(most).map(b -> b.check() + (b.feature() == null ? "" : " " + b.feature()) + " "
                + shown(b.value()) + " (limit " + shown(b.limit()) + ")").collect(Collectors.joining(", "));
        return all.size() > most ? shown + " and " + (all.size() - most) + " more" : shown;
    }

    /** A figure as text: four significant digits at most, without trailing zeros ({@code 0.25}, {@code 1.875}, {@code 1200}). */
    public static String shown(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
