package dev.airisk.core.monitor;

import dev.airisk.core.model.Metadata.Field;
import dev.airisk.core.model.Metadata.FieldType;
import dev.airisk.core.model.Metadata.InputSchema;
import dev.airisk.core.policy.MonitoringRules;
import dev.airisk.core.port.MetricsSnapshot;
import dev.airisk.core.port.RowSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Judges a prediction log (and optionally a metrics snapshot) against a version's baseline profile and
 * its tier's monitoring rules, in one pass over the rows: memory depends on the profile, not on the
 * log's size. Every check is defined in docs/monitoring.md.
 */
public final class Evaluator {
    /** A prediction is positive when its score is at least this (for accuracy). */
    public static final double DECISION_THRESHOLD = 0.5;

    /** AUC is computed over this many equal-width score bins between the baseline score's min and max. */
    public static final int AUC_BINS = 4096;

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
        List<String> header = predictions.header();
        List<String> prohibited = prohibited(header, prohibitedAttributes);

        List<ColumnProfile> features = baseline.columns(ColumnRole.FEATURE);
        ColumnProfile score = baseline.one(ColumnRole.SCORE).orElse(null);
        ColumnProfile confidence = rules.confidenceFloor() == null ? null : baseline.one(ColumnRole.CONFIDENCE).orElse(null);
        ColumnProfile label = baseline.one(ColumnRole.LABEL).filter(l -> header.contains(l.name())).orElse(null);
        ColumnProfile timestamp = baseline.one(ColumnRole.TIMESTAMP).filter(t -> header.contains(t.name())).orElse(null);

        List<String> names = new ArrayList<>();
        features.forEach(f -> names.add(f.name()));
        if (score != null) {
            names.add(score.name());
        }
        if (confidence != null) {
            names.add(confidence.name());
        }
        Profiler.require(predictions, names);
        int scoreAt = score == null ? -1 : features.size();
        int confidenceAt = confidence == null ? -1 : names.size() - 1;
        int labelAt = -1;
        int timestampAt = -1;
        if (label != null) {
            labelAt = names.size();
            names.add(label.name());
        }
        if (timestamp != null) {
            timestampAt = names.size();
            names.add(timestamp.name());
        }
        predictions.select(names);

        Binned[] binned = new Binned[features.size() + (score == null ? 0 : 1)];
        for (int i = 0; i < features.size(); i++) {
            binned[i] = new Binned(features.get(i), schema == null ? null : schema.field(features.get(i).name()));
        }
        if (score != null) {
            binned[scoreAt] = new Binned(score, null);
        }
        double floor = rules.confidenceFloor() == null ? 0 : rules.confidenceFloor();
        long confidences = 0;
        long below = 0;
        long violatingRows = 0;
        BinnedAuc auc = label != null && score != null ? new BinnedAuc(score.min() == null ? 0 : score.min(), score.max() == null ? 1 : score.max()) : null;
        long labelled = 0;
        long correct = 0;
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        long rows = 0;
        while (predictions.next()) {
            rows++;
            boolean violated = false;
            for (int i = 0; i < binned.length; i++) {
                violated |= binned[i].add(predictions, i);
            }
            if (violated) {
                violatingRows++;
            }
            if (confidenceAt >= 0 && !predictions.isNull(confidenceAt)) {
                confidences++;
                if (predictions.number(confidenceAt) < floor) {
                    below++;
                }
            }
            if (auc != null && !predictions.isNull(labelAt) && !predictions.isNull(scoreAt)) {
                boolean positive = Values.label(predictions, labelAt, label.name());
                double s = predictions.number(scoreAt);
                labelled++;
                if ((s >= DECISION_THRESHOLD) == positive) {
                    correct++;
                }
                auc.add(s, positive);
            }
            if (timestampAt >= 0 && !predictions.isNull(timestampAt)) {
                double t = Values.time(predictions, timestampAt, timestamp.name());
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
        }

        List<FeatureFigures> figures = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            figures.add(binned[i].figures(rows));
        }
        Double scorePsi = score == null ? null : binned[scoreAt].psi();
        Double belowFloor = confidence == null || confidences == 0 ? null : (double) below / confidences;
        double schemaShare = rows == 0 ? 0 : (double) violatingRows / rows;
        Double accuracy = labelled == 0 ? null : (double) correct / labelled;
        Double aucValue = auc == null ? null : auc.value();
        ServingFigures serving = metrics == null ? ServingFigures.NONE : ServingFigures.of(metrics);

        List<Breach> breaches = new ArrayList<>();
        boolean enough = rows >= rules.minRows() && rows > 0;
        if (!enough) {
            breaches.add(new Breach(Check.MIN_ROWS, null, rows, Math.max(rules.minRows(), 1)));
        }
        if (enough) {
            if (rules.maxFeaturePsi() != null) {
                for (FeatureFigures f : figures) {
                    if (f.psi() != null && f.psi() > rules.maxFeaturePsi()) {
                        breaches.add(new Breach(Check.FEATURE_PSI, f.name(), f.psi(), rules.maxFeaturePsi()));
                    }
                }
            }
            over(breaches, Check.SCORE_PSI, scorePsi, rules.maxScorePsi());
            over(breaches, Check.BELOW_CONFIDENCE_FLOOR, belowFloor, rules.maxBelowFloor());
            if (rules.maxNullRate() != null) {
                for (FeatureFigures f : figures) {
                    if (f.nullRate() > rules.maxNullRate()) {
                        breaches.add(new Breach(Check.NULL_RATE, f.name(), f.nullRate(), rules.maxNullRate()));
                    }
                }
            }
            over(breaches, Check.SCHEMA, schemaShare, rules.maxSchemaViolations());
        }
        for (String p : prohibited) {
            breaches.add(new Breach(Check.PROHIBITED_ATTRIBUTE, p, 1, 0));
        }
        over(breaches, Check.ERROR_RATE, serving.errorRate(), rules.maxErrorRate());
        over(breaches, Check.LATENCY_P99, serving.latencyP99(),
                rules.maxLatencyP99() == null ? null : rules.maxLatencyP99().toNanos() / 1e9);
        if (enough) {
            under(breaches, Check.ACCURACY, accuracy, rules.minAccuracy());
            under(breaches, Check.AUC, aucValue, rules.minAuc());
        }
        return new Evaluation(rows, figures, scorePsi, belowFloor, schemaShare, accuracy, aucValue, serving.errorRate(),
                serving.latencyP99(), serving.throughput(), prohibited, time(first), time(last), rules, breaches);
    }

    private static void over(List<Breach> breaches, Check check, Double value, Double max) {
        if (value != null && max != null && value > max) {
            breaches.add(new Breach(check, null, value, max));
        }
    }

    private static void under(List<Breach> breaches, Check check, Double value, Double min) {
        if (value != null && min != null && value < min) {
            breaches.add(new Breach(check, null, value, min));
        }
    }

    private static Instant time(double epochSeconds) {
        if (Double.isInfinite(epochSeconds)) {
            return null;
        }
        long seconds = (long) Math.floor(epochSeconds);
        return Instant.ofEpochSecond(seconds, Math.round((epochSeconds - seconds) * 1e9));
    }

    /** The prohibited attributes among {@code columns}, as the columns spell them, in column order. */
    private static List<String> prohibited(List<String> columns, List<String> prohibitedAttributes) {
        Set<String> banned = new HashSet<>();
        prohibitedAttributes.forEach(a -> banned.add(a.toLowerCase(Locale.ROOT)));
        return columns.stream().filter(c -> banned.contains(c.toLowerCase(Locale.ROOT))).distinct().toList();
    }

    /** One profiled column's bin counts, nulls and schema violations over the predictions. */
    private static final class Binned {
        final ColumnProfile profile;
        final Field rule;
        final boolean numeric;
        final double[] edges;
        final Map<String, Integer> categories;
        final long[] counts;
        long nulls;
        long violations;

        Binned(ColumnProfile profile, Field rule) {
            this.profile = profile;
            this.rule = rule;
            this.numeric = profile.kind() == ColumnKind.NUMERIC;
            this.edges = profile.edges().stream().mapToDouble(Double::doubleValue).toArray();
            this.categories = new HashMap<>();
            for (int i = 0; i < profile.categories().size(); i++) {
                categories.put(profile.categories().get(i), i);
            }
            this.counts = new long[numeric ? edges.length + 1 : profile.categories().size() + 1];
        }

        /** Counts the row's value; whether it breaks the schema rule. */
        boolean add(RowSource row, int i) {
            if (row.isNull(i)) {
                nulls++;
                return false;
            }
            if (numeric) {
                double v = row.number(i);
                counts[Psi.bin(edges, v)]++;
                if (rule != null && (rule.type() == FieldType.INTEGER && v != Math.rint(v)
                        || rule.min() != null && v < rule.min() || rule.max() != null && v > rule.max())) {
                    violations++;
                    return true;
                }
                return false;
            }
            String text = row.text(i);
            Integer bin = categories.get(text);
            counts[bin == null ? counts.length - 1 : bin]++;
            if (rule != null && (!rule.values().isEmpty() && !rule.values().contains(text)
                    || rule.type() == FieldType.BOOLEAN && !text.equals("true") && !text.equals("false"))) {
                violations++;
                return true;
            }
            return false;
        }

        Double psi() {
            return Psi.of(profile.shares(), counts);
        }

        FeatureFigures figures(long rows) {
            return new FeatureFigures(profile.name(), psi(), rows == 0 ? 0 : (double) nulls / rows, violations);
        }
    }
}
