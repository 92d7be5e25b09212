package dev.airisk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airisk.adapters.tabular.ProfileJson;
import dev.airisk.adapters.tabular.TabularFiles;
import dev.airisk.core.monitor.Columns;
import dev.airisk.core.monitor.Evaluation;
import dev.airisk.core.monitor.Evaluator;
import dev.airisk.core.monitor.FeatureFigures;
import dev.airisk.core.monitor.Profile;
import dev.airisk.core.monitor.Profiler;
import dev.airisk.core.policy.MonitoringRules;
import dev.airisk.core.port.RowSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Monitoring's PSI computation on a generated 1 GiB prediction log (10 numeric features and a score,
 * the features drifting after the first third) against the plain python3 reference
 * {@code src/bench/psi_reference.py}, on the same file in the same run: the evaluator (readers,
 * parsing, binning, every figure of an evaluation) must be at least 5 times faster, and every PSI
 * must agree to 1e-9.
 *
 * <pre>mvn -q -Pbench test-compile exec:exec -Dbench.main=dev.airisk.bench.MonitorBench -Dbench.args="target 1024"</pre>
 *
 * Arguments: the work folder (default {@code target}) and the log's size in MiB (default 1024); with
 * {@code --generate} first, only the files are generated (for {@code src/bench/monitor-bench.sh}). The
 * log and the 200,000-row baseline sample are generated once and kept in {@code WORK/monitor-bench/}
 * (delete it to regenerate). The page cache is warmed by one read before either side is timed; the
 * python side runs second. Exits 1 when a PSI disagrees or the ratio is under 5.
 */
public final class MonitorBench {
    private static final int FEATURES = 10;
    private static final int SAMPLE_ROWS = 200_000;

    public static void main(String[] args) throws Exception {
        boolean generateOnly = args.length > 0 && args[0].equals("--generate");
        int at = generateOnly ? 1 : 0;
        Path work = Path.of(args.length > at ? args[at] : "target").toAbsolutePath().resolve("monitor-bench");
        long mib = args.length > at + 1 ? Long.parseLong(args[at + 1]) : 1024;
        Files.createDirectories(work);
        Path sample = work.resolve("sample.csv");
        Path log = work.resolve("predictions-" + mib + "m.csv");
        if (!Files.exists(sample)) {
            generate(sample, SAMPLE_ROWS, Long.MAX_VALUE, 1);
        }
        long rows = 0;
        if (!Files.exists(log)) {
            rows = generate(log, Long.MAX_VALUE, mib << 20, 2);
        }
        if (generateOnly) {
            System.out.println(log);
            return;
        }
        System.out.printf(Locale.ROOT, "work %s, %d cores, Java %s, python %s%n", work, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), python("--version").strip());
        System.out.printf(Locale.ROOT, "log %s: %.1f MiB%s%n", log.getFileName(), Files.size(log) / 1048576.0,
                rows > 0 ? ", " + rows + " rows (generated now)" : "");

        List<String> features = new ArrayList<>();
        for (int i = 0; i < FEATURES; i++) {
            features.add("f" + i);
        }
        Profile profile = new Profiler().profile("bench", "1.0.0", () -> new TabularFiles().rows(sample),
                new Columns(features, "score", null, null, null), null);
        Path profileJson = work.resolve("profile.json");
        Files.write(profileJson, new ProfileJson().write(profile));

        warm(log);
        MonitoringRules rules = new MonitoringRules(1, 0.2, 0.2, null, null, 0.05, null, null, null, null, null, null, null);
        long t0 = System.nanoTime();
        Evaluation e;
        try (RowSource rowsOf = new TabularFiles().rows(log)) {
            e = new Evaluator().evaluate(profile, rowsOf, null, rules, List.of(), null);
        }
        double ours = (System.nanoTime() - t0) / 1e9;
        long peak = peakHeap();

        long p0 = System.nanoTime();
        String out = python(Path.of("src/bench/psi_reference.py").toAbsolutePath().toString(), profileJson.toString(), log.toString());
        double reference = (System.nanoTime() - p0) / 1e9;
        JsonNode py = new ObjectMapper().readTree(out);

        Map<String, Double> psi = new LinkedHashMap<>();
        for (FeatureFigures f : e.features()) {
            psi.put(f.name(), f.psi());
        }
        psi.put("score", e.scorePsi());
        double worst = 0;
        boolean agree = py.get("rows").asLong() == e.rows() && py.get("psi").size() == psi.size();
        for (Map.Entry<String, Double> p : psi.entrySet()) {
            double d = Math.abs(p.getValue() - py.get("psi").get(p.getKey()).asDouble());
            worst = Math.max(worst, d);
            agree &= d <= 1e-9;
            System.out.printf(Locale.ROOT, "  psi %-6s airisk %.15f  python %.15f  |diff| %.1e%n", p.getKey(), p.getValue(),
                    py.get("psi").get(p.getKey()).asDouble(), d);
        }
        double size = Files.size(log) / 1048576.0;
        System.out.printf(Locale.ROOT, "evaluate %d rows: airisk %.2f s (%.0f MiB/s, peak heap %d MiB)   python %.2f s (%.0f MiB/s)   "
                        + "ratio %.1fx (target >= 5)   largest |PSI difference| %.1e (target <= 1e-9)   breaches %d%n",
                e.rows(), ours, size / ours, peak >> 20, reference, size / reference, reference / ours, worst, e.breaches().size());
        if (!agree || reference / ours < 5) {
            System.out.println("FAILED: " + (!agree ? "the PSIs disagree" : "less than 5 times faster"));
            System.exit(1);
        }
    }

    /** Writes rows until {@code maxRows} or {@code maxBytes}; the features drift after the first third when seed != 1. */
    private static long generate(Path file, long maxRows, long maxBytes, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        long bytes = 0;
        long rows = 0;
        long driftFrom = seed == 1 ? Long.MAX_VALUE : maxBytes / 3;
        StringBuilder line = new StringBuilder(160);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder head = new StringBuilder();
            for (int i = 0; i < FEATURES; i++) {
                head.append('f').append(i).append(',');
            }
            head.append("score\n");
            w.write(head.toString());
            bytes += head.length();
            while (rows < maxRows && bytes < maxBytes) {
                line.setLength(0);
                double drift = bytes > driftFrom ? 1 : 0;
                double z = 0;
                for (int i = 0; i < FEATURES; i++) {
                    double v = switch (i % 5) {
                        case 0 -> 50 + 10 * gaussian(r) + 4 * drift * (i + 1) / 5.0;
                        case 1 -> r.nextDouble() * (1 + 0.2 * drift);
                        case 2 -> Math.exp(gaussian(r) + 0.3 * drift);
                        case 3 -> r.nextInt(1000) + (drift > 0 ? r.nextInt(100) : 0);
                        default -> -Math.log(1 - r.nextDouble()) * (3 + drift);
                    };
                    z += (i % 2 == 0 ? 1 : -1) * v / 50;
                    if (i % 5 == 3) {
                        line.append((long) v);
                    } else {
                        line.append(String.format(Locale.ROOT, "%.4f", v));
                    }
                    line.append(',');
                }
                if (r.nextInt(200) == 0) {
                    line.setLength(line.indexOf(",") + 1); // keep the first feature; the others of this row are nulls
                    for (int i = 1; i < FEATURES; i++) {
                        line.append(',');
                    }
                }
                line.append(String.format(Locale.ROOT, "%.6f", 1 / (1 + Math.exp(-z + 1)))).append('\n');
                w.write(line.toString());
                bytes += line.length();
                rows++;
            }
        }
        return rows;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static void warm(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            while (in.read(buf) >= 0) {
                // into the page cache
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("python3");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("python3 " + String.join(" ", args) + " failed");
        }
        return out.isBlank() ? "" : out.lines().reduce((a, b) -> b).orElse("");
    }
}
