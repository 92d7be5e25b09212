package dev.airisk.bench;

import dev.airisk.adapters.tabular.TabularFiles;
import dev.airisk.core.monitor.Comparer;
import dev.airisk.core.monitor.Comparison;
import dev.airisk.core.port.RowSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The canary comparison ({@code airisk canary analyze}'s computation) of two generated prediction logs
 * of ROWS rows each (request id, score, label, one of five regions; the candidate's scores shifted and
 * its rows out of order within windows of 100), joined by request id and segmented by region. Prints
 * the time, the rows per second, the heap limit and the figures of all rows.
 *
 * <pre>src/bench/canary-bench.sh [ROWS]</pre> (arguments: WORK ROWS [--generate: only write the logs])
 *
 * The logs are generated once into {@code WORK/canary-bench/} (delete it to regenerate) and read once
 * before timing so both runs read from the page cache.
 */
public final class CanaryBench {
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench").resolve("canary-bench");
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000L;
        Files.createDirectories(work);
        Path baseline = work.resolve("baseline-" + rows + ".csv");
        Path candidate = work.resolve("candidate-" + rows + ".csv");
        if (!Files.exists(candidate)) {
            generate(baseline, candidate, rows);
        }
        if (args.length > 2 && args[2].equals("--generate")) {
            return;
        }
        TabularFiles files = new TabularFiles();
        long t0 = System.nanoTime();
        Comparison c;
        try (RowSource b = files.rows(baseline); RowSource d = files.rows(candidate)) {
            c = new Comparer().compare(b, d, "request_id", "region", 0.5);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Comparison.Figures f = c.all();
        System.out.printf(Locale.ROOT, "canary comparison of 2 x %d rows (%d MiB): %.2f s (%.0f rows/s), max heap %d MiB%n",
                rows, (Files.size(baseline) + Files.size(candidate)) >> 20, seconds, 2 * rows / seconds,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "  joined %d, ks %.6f (p %.3g, exact at most +%.2g), psi %.6f, agreement %.6f, "
                        + "|diff| mean %.6f p99 %.6f, accuracy %.4f / %.4f, exact %b, segments %d%n",
                f.joined(), f.ks(), f.ksPValue(), f.ksErrorBound(), f.psi(), f.agreement(), f.meanScoreDiff(), f.p99ScoreDiff(),
                f.baselineAccuracy(), f.candidateAccuracy(), f.exact(), c.segments().size());
    }

    private static void generate(Path baseline, Path candidate, long rows) throws IOException {
        Random r = new Random(16);
        String[] regions = {"eu", "us", "apac", "latam", "mea"};
        String[] window = new String[100];
        try (BufferedWriter b = Files.newBufferedWriter(baseline, StandardCharsets.UTF_8);
             BufferedWriter c = Files.newBufferedWriter(candidate, StandardCharsets.UTF_8)) {
            b.write("request_id,score,label,region\n");
            c.write("request_id,score,label,region\n");
            int filled = 0;
            for (long i = 0; i < rows; i++) {
                double s = Math.min(1, Math.max(0, 0.5 + 0.18 * r.nextGaussian()));
                double t = Math.min(1, Math.max(0, s + 0.02 + 0.03 * r.nextGaussian()));
                int label = r.nextDouble() < s ? 1 : 0;
                String region = regions[r.nextInt(regions.length)];
                b.write("q" + i + "," + s + "," + label + "," + region + "\n");
                window[filled++] = "q" + i + "," + t + "," + label + "," + region + "\n";
                if (filled == window.length || i == rows - 1) {
                    for (int k = filled - 1; k > 0; k--) {
                        int j = r.nextInt(k + 1);
                        String x = window[k];
                        window[k] = window[j];
                        window[j] = x;
                    }
                    for (int k = 0; k < filled; k++) {
                        c.write(window[k]);
                    }
                    filled = 0;
                }
            }
        }
    }
}
