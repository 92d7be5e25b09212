package dev.airisk.core.monitor;

import dev.airisk.core.model.Metadata.InputSchema;
import dev.airisk.core.policy.MonitoringRules;
import dev.airisk.core.port.MetricsSnapshot;
import dev.airisk.core.port.RowSource;
import java.util.List;

/**
 * Judges a prediction log (and optionally a metrics snapshot) against a version's baseline profile and
 * its tier's monitoring rules, in one pass over the rows: memory depends on the profile, not on the
 * log's size. Every check is defined in docs/monitoring.md.
 */
public final class Evaluator {

    /**
     * Evaluates {@code predictions} (read to the end, not closed) against {@code baseline}.
     *
     * @param baseline             the version's baseline profile
     * @param predictions          the prediction rows; must have every feature, score and confidence column of the profile
     * @param metrics              a metrics snapshot, or null
     * @param rules                the thresholds of the version's tier
     * @param prohibitedAttributes the policy's prohibited attributes (compared case-insensitively with the columns)
     * @param schema               the version's input schema, or null
     */
    public Evaluation evaluate(Profile baseline, RowSource predictions, MetricsSnapshot metrics, MonitoringRules rules,
                               List<String> prohibitedAttributes, InputSchema schema) {
        throw new UnsupportedOperationException("not yet");
    }
}
