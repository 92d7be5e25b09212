package dev.airisk.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.tabular.TabularFiles;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Metadata.Field;
import dev.airisk.core.model.Metadata.FieldType;
import dev.airisk.core.model.Metadata.InputSchema;
import dev.airisk.core.policy.MonitoringRules;
import dev.airisk.core.port.MetricsSnapshot;
import dev.airisk.core.port.RowSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles and evaluations on generated data with known drift: each check fires on what it measures, and only then. */
class EvaluatorTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final InputSchema SCHEMA = new InputSchema(List.of("age", "income", "country"), Map.of(
            "age", new Field(FieldType.INTEGER, 18.0, 100.0, null),
            "country", new Field(FieldType.STRING, null, null, countries(60))));

    @TempDir
    Path tmp;
    final TabularFiles files = new TabularFiles();
    Profile baseline;

    static List<String> countries(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("C" + i);
        }
        return out;
    }

    /** How generated rows differ from the baseline's distribution. */
    record Drift(int ageShiftAfter, int lowConfidenceFrom, int lowConfidenceTo, double nullIncomeShare, boolean badAges) {
        static final Drift NONE = new Drift(Integer.MAX_VALUE, -1, -1, 0, false);
    }

    /** Rows like a serving log: one a minute from T0, with an 'ethnicity' column when asked. */
    Path generate(String name, int rows, long seed, Drift drift, boolean ethnicity) throws IOException {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("timestamp,age,income,country,score,confidence,label" + (ethnicity ? ",Ethnicity" : "") + "\n");
        for (int i = 0; i < rows; i++) {
            int age = 18 + r.nextInt(60) + (i >= drift.ageShiftAfter() ? 20 : 0);
            if (drift.badAges() && i % 10 == 0) {
                age = 130;
            }
            String income = r.nextDouble() < drift.nullIncomeShare() ? "" : String.format(Locale.ROOT, "%.2f", 20_000 + r.nextGaussian() * 5_000);
            String country = "C" + (int) Math.min(59, Math.abs(r.nextGaussian()) * 20);
            boolean positive = r.nextDouble() < 0.3;
            double score = Math.max(0, Math.min(1, (positive ? 0.7 : 0.3) + r.nextGaussian() * 0.15));
            boolean low = i >= drift.lowConfidenceFrom() && i < drift.lowConfidenceTo();
            double confidence = low ? 0.2 + r.nextDouble() * 0.3 : 0.6 + r.nextDouble() * 0.4;
            b.append(T0.plusSeconds(60L * i)).append(',').append(age).append(',').append(income).append(',').append(country).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", score)).append(',').append(String.format(Locale.ROOT, "%.4f", confidence))
                    .append(',').append(positive ? 1 : 0).append(ethnicity ? ",x" : "").append('\n');
        }
        return Files.writeString(tmp.resolve(name), b);
    }

    @BeforeEach
    void profileTheBaseline() throws IOException {
        Path sample = generate("sample.csv", 5_000, 1, Drift.NONE, false);
        baseline = new Profiler().profile("credit", "1.0.0", () -> files.rows(sample),
                new Columns(List.of("age", "income", "country"), "score", "confidence", "label", "timestamp"), SCHEMA);
    }

    static MonitoringRules rules(int minRows) {
        return new MonitoringRules(minRows, 0.2, 0.2, 0.5, 0.05, 0.1, 0.01, 0.02, Duration.ofMillis(500), 0.7, 0.75, null, null);
    }

    Evaluation evaluate(Path predictions, MetricsSnapshot metrics, MonitoringRules rules) {
        try (RowSource rows = files.rows(predictions)) {
            return new Evaluator().evaluate(baseline, rows, metrics, rules, List.of("ethnicity", "religion"), SCHEMA);
        }
    }

    @Test
    void psi_isTheDocumentedSum_withSharesFlooredAtOneTenThousandth() {
        double expected = (0.75 - 0.5) * Math.log(0.75 / 0.5) + (0.25 - 0.3) * Math.log(0.25 / 0.3) + (0.0001 - 0.2) * Math.log(0.0001 / 0.2);
        assertEquals(expected, Psi.of(List.of(0.5, 0.3, 0.2), new long[] {3, 1, 0}), 1e-15);
        assertEquals(0.0, Psi.of(List.of(0.5, 0.5), new long[] {7, 7}), 0.0);
        assertNull(Psi.of(List.of(0.5, 0.5), new long[] {0, 0}));
    }

    @Test
    void bins_holdTheValuesAboveTheirLowerEdgeUpToTheirUpperEdge() {
        double[] edges = {1, 2, 3};
        assertEquals(List.of(0, 0, 1, 1, 2, 3), List.of(Psi.bin(edges, -5), Psi.bin(edges, 1), Psi.bin(edges, 1.5), Psi.bin(edges, 2),
                Psi.bin(edges, 3), Psi.bin(edges, 3.01)));
    }

    @Test
    void deciles_areExactOrderStatistics_andRepeatedEdgesCollapse() {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertEquals(List.of(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0), Profiler.deciles(hundred, 100));
        assertEquals(List.of(2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0), Profiler.deciles(hundred, 11)); // ceil(k * 11 / 10)
        double[] mostlyZero = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2};
        assertEquals(List.of(0.0, 1.0), Profiler.deciles(mostlyZero, 10));
    }

    @Test
    void theProfile_holdsEachColumnsKindNullsRangeAndBins() {
        assertEquals(5_000, baseline.rows());
        ColumnProfile age = baseline.column("age").orElseThrow();
        assertEquals(ColumnKind.NUMERIC, age.kind());
        assertEquals(18.0, age.min());
        assertEquals(77.0, age.max());
        assertEquals(9, age.edges().size());
        assertEquals(1.0, age.shares().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        ColumnProfile country = baseline.column("country").orElseThrow();
        assertEquals(ColumnKind.CATEGORICAL, country.kind());
        assertTrue(country.categories().size() <= Profile.TOP_CATEGORIES);
        assertEquals(country.categories().size() + 1, country.shares().size());
        for (int i = 1; i < country.categories().size(); i++) {
            assertTrue(country.shares().get(i) <= country.shares().get(i - 1), "most frequent first");
        }
        assertEquals(Profile.TOP_CATEGORIES, country.categories().size());
        assertTrue(country.shares().get(Profile.TOP_CATEGORIES) > 0, "the other countries share the last bin");
        assertEquals(ColumnRole.SCORE, baseline.one(ColumnRole.SCORE).orElseThrow().role());
        ColumnProfile time = baseline.one(ColumnRole.TIMESTAMP).orElseThrow();
        assertEquals((double) T0.getEpochSecond(), time.min());
        assertEquals(ColumnKind.CATEGORICAL, baseline.one(ColumnRole.LABEL).orElseThrow().kind());
    }

    @Test
    void predictionsLikeTheBaseline_areHealthy() throws IOException {
        Evaluation e = evaluate(generate("p.csv", 4_000, 2, Drift.NONE, false), null, rules(1_000));
        assertEquals(List.of(), e.breaches());
        assertTrue(e.healthy());
        assertEquals(4_000, e.rows());
        assertTrue(e.feature("age").psi() < 0.05, e.toString());
        assertTrue(e.scorePsi() < 0.05);
        assertEquals(0.0, e.belowFloor());
        assertEquals(0.0, e.schemaViolationShare());
        assertTrue(e.accuracy() > 0.75, e.toString());
        assertTrue(e.auc() > 0.9, e.toString());
        assertEquals(T0, e.first());
        assertEquals(T0.plusSeconds(60L * 3_999), e.last());
        assertNull(e.errorRate());
    }

    @Test
    void aFeatureShiftedAfterRowN_breachesItsPsiOnly() throws IOException {
        Evaluation e = evaluate(generate("p.csv", 4_000, 3, new Drift(1_000, -1, -1, 0, false), false), null, rules(1_000));
        assertEquals(List.of("feature-psi:age"), e.breaches().stream().map(b -> b.check() + ":" + b.feature()).toList());
        Breach b = e.breaches().get(0);
        assertEquals(e.feature("age").psi(), b.value());
        assertEquals(0.2, b.limit());
        assertTrue(b.value() > 0.5, b.toString());
    }

    @Test
    void confidencesLoweredForAnHour_breachTheFloor() throws IOException {
        Evaluation e = evaluate(generate("p.csv", 600, 4, new Drift(Integer.MAX_VALUE, 100, 160, 0, false), false), null, rules(100));
        assertEquals(List.of("below-confidence-floor"), e.breaches().stream().map(Breach::check).toList());
        assertEquals(0.1, e.belowFloor(), 1e-12); // 60 of 600, every one below 0.5
    }

    @Test
    void nullsSchemaViolationsAndProhibitedColumns_areEachABreach() throws IOException {
        Evaluation e = evaluate(generate("p.jsonl.csv", 2_000, 5, new Drift(Integer.MAX_VALUE, -1, -1, 0.3, true), true), null, rules(100));
        List<String> checks = e.breaches().stream().map(b -> b.check() + ":" + b.feature()).toList();
        assertTrue(checks.contains("null-rate:income"), checks.toString());
        assertTrue(checks.contains("schema:null"), checks.toString());
        assertTrue(checks.contains("prohibited-attribute:Ethnicity"), checks.toString());
        assertEquals(200, e.feature("age").schemaViolations());
        assertEquals(0.1, e.schemaViolationShare(), 1e-12);
        assertEquals(List.of("Ethnicity"), e.prohibitedPresent());
    }

    @Test
    void tooFewRows_isTheMinRowsBreach_andTheDataIsNotJudged() throws IOException {
        Evaluation e = evaluate(generate("p.csv", 50, 6, new Drift(0, 0, 50, 0, false), false), null, rules(100));
        assertEquals(List.of(new Breach("min-rows", null, 50, 100)), e.breaches());
    }

    @Test
    void theAuc_isBinned_withinHalfTheShareOfPairsSharingABin() throws IOException {
        Path p = generate("p.csv", 3_000, 7, Drift.NONE, false);
        Evaluation e = evaluate(p, null, rules(100));
        List<double[]> pairs = new ArrayList<>();
        try (RowSource rows = files.rows(p)) {
            rows.select(List.of("score", "label"));
            while (rows.next()) {
                pairs.add(new double[] {rows.number(0), rows.number(1)});
            }
        }
        double wins = 0;
        long pos = 0;
        long neg = 0;
        for (double[] a : pairs) {
            if (a[1] == 1) {
                pos++;
                for (double[] b : pairs) {
                    if (b[1] == 0) {
                        wins += a[0] > b[0] ? 1 : a[0] == b[0] ? 0.5 : 0;
                    }
                }
            } else {
                neg++;
            }
        }
        double exact = wins / ((double) pos * neg);
        assertEquals(exact, e.auc(), 0.001);
    }

    @Test
    void theMetrics_giveErrorRateLatencyAndThroughput() throws IOException {
        Path p = generate("p.csv", 500, 8, Drift.NONE, false);
        MetricsSnapshot m = files.metrics(Files.writeString(tmp.resolve("metrics.prom"), """
                http_requests_total{code="200"} 9500
                http_requests_total{code="503"} 500
                predict_request_duration_seconds_bucket{le="0.1"} 9000
                predict_request_duration_seconds_bucket{le="1"} 9950
                predict_request_duration_seconds_bucket{le="+Inf"} 10000
                predict_request_duration_seconds_count 10000
                process_start_time_seconds 0
                """));
        MetricsSnapshot at = new MetricsSnapshot(m.name(), m.sha256(), Instant.ofEpochSecond(1_000), m.samples());
        Evaluation e = evaluate(p, at, rules(100));
        assertEquals(0.05, e.errorRate(), 1e-12);
        assertEquals(0.1 + 0.9 * (9900 - 9000) / 950.0, e.latencyP99(), 1e-12);
        assertEquals(10.0, e.throughput(), 1e-12);
        assertEquals(List.of("error-rate", "latency-p99"), e.breaches().stream().map(Breach::check).toList());
    }

    @Test
    void aSampleOfMoreThanAMillionRows_isRefused() {
        Columns one = new Columns(List.of("x"), null, null, null, null);
        InvalidInput e = assertThrows(InvalidInput.class, () -> new Profiler().profile("credit", "1.0.0",
                () -> new CountingRows(Profiler.MAX_ROWS + 1L), one, null));
        assertEquals("big.csv has more than 1000000 rows (profile a random sample of at most 1000000 rows)", e.oneLine());
    }

    /** A fake of the rows port: {@code rows} rows of one column 'x' holding the row's number. */
    static final class CountingRows implements RowSource {
        final long rows;
        long at;

        CountingRows(long rows) {
            this.rows = rows;
        }

        @Override public String name() { return "big.csv"; }
        @Override public List<String> header() { return List.of("x"); }
        @Override public void select(List<String> columns) { }
        @Override public boolean next() { return at++ < rows; }
        @Override public long line() { return at + 1; }
        @Override public boolean isNull(int i) { return false; }
        @Override public boolean isNumber(int i) { return true; }
        @Override public double number(int i) { return at; }
        @Override public String text(int i) { return Long.toString(at); }
        @Override public String sha256() { return at > rows ? "00".repeat(32) : null; }
        @Override public void close() { }
    }

    @Test
    void predictionsWithoutAProfiledColumn_orWithTextForANumber_areRefused() throws IOException {
        Path noScore = Files.writeString(tmp.resolve("predictions.csv"), "timestamp,age,income,country,confidence\n");
        assertEquals("predictions.csv has no column 'score'",
                assertThrows(InvalidInput.class, () -> evaluate(noScore, null, rules(1))).getMessage());
        Path text = Files.writeString(tmp.resolve("predictions.csv"),
                "age,income,country,score,confidence\n30,1,C1,0.5,0.9\n31,x,C1,0.5,0.9\n");
        assertEquals("predictions.csv line 3: column 'income' is 'x', not a number",
                assertThrows(InvalidInput.class, () -> evaluate(text, null, rules(1))).getMessage());
    }
}
