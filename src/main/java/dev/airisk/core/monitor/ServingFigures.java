package dev.airisk.core.monitor;

import dev.airisk.core.port.MetricsSnapshot;
import dev.airisk.core.port.MetricsSnapshot.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Prometheus snapshot says of the serving process (docs/monitoring.md, "Metrics"):
 * <ul>
 *   <li>requests: the sum of every sample of the counters named {@code *_requests_total};</li>
 *   <li>errors: those of their samples whose {@code code} or {@code status} label starts with 5, plus
 *       every sample of the counters named {@code *_errors_total} or {@code *_failures_total};</li>
 *   <li>error rate: errors / requests (null without requests);</li>
 *   <li>latency p99: from the first histogram whose name ends in {@code _seconds} and holds
 *       {@code duration} or {@code latency}, its buckets summed over all other labels, interpolated
 *       linearly within the bucket as Prometheus' {@code histogram_quantile} does;</li>
 *   <li>throughput: requests (else that histogram's count) / (the snapshot's time - {@code process_start_time_seconds}).</li>
 * </ul>
 *
 * @param errorRate  the share of requests that failed, or null
 * @param latencyP99 seconds, or null
 * @param throughput requests per second, or null
 */
record ServingFigures(Double errorRate, Double latencyP99, Double throughput) {
    static final ServingFigures NONE = new ServingFigures(null, null, null);

    static ServingFigures of(MetricsSnapshot snapshot) {
        double requests = 0;
        double errors = 0;
        boolean sawRequests = false;
        String histogram = null;
        Double started = null;
        for (Sample s : snapshot.samples()) {
            String m = s.metric();
            if (m.endsWith("_requests_total")) {
                sawRequests = true;
                requests += s.value();
                String code = s.labels().getOrDefault("code", s.labels().get("status"));
                if (code != null && code.startsWith("5")) {
                    errors += s.value();
                }
            } else if (m.endsWith("_errors_total") || m.endsWith("_failures_total")) {
                errors += s.value();
            } else if (m.equals("process_start_time_seconds")) {
                started = s.value();
            } else if (histogram == null && m.endsWith("_seconds_bucket") && s.labels().containsKey("le")
                    && (m.contains("duration") || m.contains("latency"))) {
                histogram = m.substring(0, m.length() - "_bucket".length());
            }
        }
        Double p99 = null;
        double count = 0;
        if (histogram != null) {
            Map<Double, Double> buckets = new TreeMap<>();
            for (Sample s : snapshot.samples()) {
                if (s.metric().equals(histogram + "_bucket")) {
                    Double le = le(s.labels().get("le"));
                    if (le != null) {
                        buckets.merge(le, s.value(), Double::sum);
                    }
                } else if (s.metric().equals(histogram + "_count")) {
                    count += s.value();
                }
            }
            p99 = quantile(0.99, buckets);
        }
        Double errorRate = sawRequests && requests > 0 ? errors / requests : null;
        double served = sawRequests ? requests : count;
        Double throughput = null;
        if (started != null && snapshot.takenAt() != null && served > 0) {
            double seconds = snapshot.takenAt().getEpochSecond() + snapshot.takenAt().getNano() / 1e9 - started;
            throughput = seconds > 0 ? served / seconds : null;
        }
        return new ServingFigures(errorRate, p99, throughput);
    }

    private static Double le(String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Prometheus' histogram_quantile over cumulative buckets (upper bound to count); null without observations. */
    static Double quantile(double q, Map<Double, Double> cumulative) {
        List<Map.Entry<Double, Double>> b = new ArrayList<>(cumulative.entrySet());
        if (b.isEmpty() || b.get(b.size() - 1).getKey() != Double.POSITIVE_INFINITY) {
            return null;
        }
        double total = b.get(b.size() - 1).getValue();
        if (!(total > 0)) {
            return null;
        }
        double rank = q * total;
        for (int i = 0; i < b.size(); i++) {
            if (b.get(i).getValue() >= rank) {
                double upper = b.get(i).getKey();
                if (upper == Double.POSITIVE_INFINITY) {
                    return b.size() > 1 ? b.get(b.size() - 2).getKey() : null;
                }
                double lower = i == 0 ? 0 : b.get(i - 1).getKey();
                double below = i == 0 ? 0 : b.get(i - 1).getValue();
                if (i == 0 && upper <= 0) {
                    return upper;
                }
                double inBucket = b.get(i).getValue() - below;
                return inBucket == 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
            }
        }
        return null;
    }
}
