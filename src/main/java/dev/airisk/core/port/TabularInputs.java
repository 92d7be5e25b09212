package dev.airisk.core.port;

import java.nio.file.Path;

/** Opens the files monitoring reads: prediction logs and samples (CSV or JSON Lines), and metrics snapshots. */
public interface TabularInputs {

    /**
     * The rows of {@code file}: gzip when it starts with gzip's magic bytes; JSON Lines when its first
     * non-blank byte is '{', else CSV with a header line. A line longer than {@link #MAX_LINE} characters is refused.
     */
    RowSource rows(Path file);

    /** A Prometheus text-exposition snapshot (version 0.0.4), optionally gzip-compressed. */
    MetricsSnapshot metrics(Path file);

    /** The longest line a tabular file may have, in characters (1 MiB). */
    int MAX_LINE = 1 << 20;
}
