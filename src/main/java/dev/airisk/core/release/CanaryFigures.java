package dev.airisk.core.release;

import dev.airisk.core.monitor.Comparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A canary comparison as the analysis statement and the JSON output give it (a figure that cannot be measured as null), and back. */
public final class CanaryFigures {
    private CanaryFigures() {
    }

    /** The comparison as a map: join, segment, threshold, all, segments. */
    public static Map<String, Object> map(Comparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("join", c.join());
        m.put("segment", c.segment());
        m.put("threshold", c.threshold());
        m.put("all", figures(c.all()));
        m.put("segments", c.segments().stream().map(CanaryFigures::figures).toList());
        return m;
    }

    private static Map<String, Object> figures(Comparison.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("baseline_rows", f.baselineRows());
        m.put("candidate_rows", f.candidateRows());
        m.put("joined", f.joined());
        m.put("ks_statistic", EvaluationFigures.number(f.ks()));
        m.put("ks_p_value", EvaluationFigures.number(f.ksPValue()));
        m.put("ks_error_bound", EvaluationFigures.number(f.ksErrorBound()));
        m.put("psi", EvaluationFigures.number(f.psi()));
        m.put("agreement", EvaluationFigures.number(f.agreement()));
        m.put("score_diff_mean", EvaluationFigures.number(f.meanScoreDiff()));
        m.put("score_diff_p99", EvaluationFigures.number(f.p99ScoreDiff()));
        m.put("baseline_accuracy", EvaluationFigures.number(f.baselineAccuracy()));
        m.put("candidate_accuracy", EvaluationFigures.number(f.candidateAccuracy()));
        m.put("baseline_auc", EvaluationFigures.number(f.baselineAuc()));
        m.put("candidate_auc", EvaluationFigures.number(f.candidateAuc()));
        m.put("exact", f.exact());
        return m;
    }

    /** The comparison a statement's {@code figures} hold; {@link Statements.Malformed} when they do not read. */
    static Comparison comparison(Object figures) {
        if (!(figures instanceof Map<?, ?> m)) {
            throw new Statements.Malformed("figures are missing");
        }
        List<Comparison.Figures> segments = new ArrayList<>();
        if (m.get("segments") instanceof List<?> list) {
            for (Object o : list) {
                segments.add(figures(o));
            }
        }
        return new Comparison(m.get("join") instanceof String s ? s : null, m.get("segment") instanceof String s ? s : null,
                real(m, "threshold"), figures(m.get("all")), segments);
    }

    private static Comparison.Figures figures(Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
            throw new Statements.Malformed("figures are missing");
        }
        return new Comparison.Figures(name, whole(m, "baseline_rows"), whole(m, "candidate_rows"), whole(m, "joined"),
                real(m, "ks_statistic"), real(m, "ks_p_value"), real(m, "ks_error_bound"), real(m, "psi"), real(m, "agreement"),
                real(m, "score_diff_mean"), real(m, "score_diff_p99"), real(m, "baseline_accuracy"), real(m, "candidate_accuracy"),
                real(m, "baseline_auc"), real(m, "candidate_auc"),
                Boolean.TRUE.equals(m.get("exact")));
    }

    private static long whole(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Number n)) {
            throw new Statements.Malformed(key + " is missing");
        }
        return n.longValue();
    }

    private static double real(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
