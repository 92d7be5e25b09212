package dev.airisk.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Prometheus text-exposition snapshot, as {@code curl .../metrics} returns it: every sample, in order.
 *
 * @param name    the file's name as messages give it
 * @param sha256  the hex SHA-256 of the file
 * @param takenAt when the snapshot was taken (the file's last modification)
 * @param samples every sample line
 */
public record MetricsSnapshot(String name, String sha256, Instant takenAt, List<Sample> samples) {
    public MetricsSnapshot {
        Objects.requireNonNull(name, "name");
        samples = List.copyOf(samples);
    }

    /**
     * One sample line.
     *
     * @param metric the sample's name (for a histogram, with its {@code _bucket}, {@code _sum} or {@code _count} suffix)
     * @param labels its labels
     * @param value  its value ({@code +Inf}, {@code -Inf} and {@code NaN} as the doubles)
     */
    public record Sample(String metric, Map<String, String> labels, double value) {
        public Sample {
            labels = Map.copyOf(labels);
        }
    }
}
