package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.tabular.ProfileJson;
import dev.airisk.core.monitor.ColumnKind;
import dev.airisk.core.monitor.ColumnRole;
import dev.airisk.core.monitor.Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airisk profile}: a sample's profile attached, signed, as the version's baseline-profile; bad samples change nothing. */
class ProfileCommandTest {
    static final String META = """
            owner: risk-models@example.com
            risk_tier: high
            input_schema:
              features: [age, income, segment]
              fields:
                age: {type: integer, min: 18, max: 100}
                segment: {type: string, values: [retail, business]}
            """;

    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = Harness.initialised(tmp);
        h.env.put(Context.KEY, "alice");
        h.ok("register", h.model("m", "weights").toString(), "--model", "credit", "--version", "1.0.0", "--meta",
                h.writeMeta(META).toString());
    }

    static String sample(int rows) {
        Random r = new Random(3);
        StringBuilder b = new StringBuilder("id,age,income,segment,p,conf,ts\n");
        for (int i = 0; i < rows; i++) {
            b.append(i).append(',').append(18 + r.nextInt(60)).append(',')
                    .append(i % 50 == 0 ? "" : String.format(Locale.ROOT, "%.2f", 30_000 + r.nextGaussian() * 8_000)).append(',')
                    .append(r.nextInt(3) == 0 ? "business" : "retail").append(',')
                    .append(String.format(Locale.ROOT, "%.4f", r.nextDouble())).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", 0.5 + r.nextDouble() / 2)).append(',')
                    .append("2026-11-0").append(1 + i % 9).append("T12:00:00Z\n");
        }
        return b.toString();
    }

    @Test
    void profile_attachesTheSamplesProfileSigned_asTheVersionsBaseline() throws IOException {
        Path sample = Files.writeString(tmp.resolve("validation.csv"), sample(500));
        JsonNode j = h.ok("profile", "credit@1.0.0", "--from", sample.toString(), "--score-column", "p", "--confidence-column", "conf",
                "--timestamp-column", "ts", "--format", "json").json();
        assertEquals("credit", j.get("model").asText());
        assertEquals(500, j.get("rows").asInt());
        assertEquals(Profile.KIND, j.get("kind").asText());
        assertTrue(j.get("changed").asBoolean());
        assertEquals(Harness.hash(sample), j.get("source_sha256").asText());
        assertEquals(List.of("age:feature:numeric", "income:feature:numeric", "segment:feature:categorical", "p:score:numeric",
                        "conf:confidence:numeric", "ts:timestamp:timestamp"),
                j.get("columns").findValuesAsText("name").stream().map(n -> {
                    JsonNode c = column(j, n);
                    return n + ":" + c.get("role").asText() + ":" + c.get("kind").asText();
                }).toList());
        assertEquals(0.02, column(j, "income").get("null_rate").asDouble(), 1e-12);

        String sha = j.get("sha256").asText();
        Profile stored = new ProfileJson().read(Files.readAllBytes(h.store.resolve("sha256").resolve(sha.substring(0, 2))
                .resolve(sha.substring(2))), "stored profile");
        assertEquals("1.0.0", stored.version());
        assertEquals(ColumnKind.CATEGORICAL, stored.column("segment").orElseThrow().kind());
        assertEquals(ColumnRole.CONFIDENCE, stored.column("conf").orElseThrow().role());

        JsonNode evidence = h.ok("evidence", "credit@1.0.0", "--format", "json").json();
        assertEquals(List.of(Profile.KIND), evidence.get("attachments").findValuesAsText("kind"));
        h.ok("audit", "verify");

        String again = h.ok("profile", "credit@1.0.0", "--from", sample.toString(), "--score-column", "p", "--confidence-column", "conf",
                "--timestamp-column", "ts").out();
        assertTrue(again.contains("credit@1.0.0 already has this baseline-profile; nothing changed"), again);
        assertTrue(again.lines().allMatch(l -> l.length() <= 100), "two timestamps in a row fit 100 columns: " + again);
        assertTrue(again.lines().anyMatch(l -> l.matches("ts\\s+timestamp\\s+timestamp\\s+\\S+\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+\\S+Z")),
                again);
    }

    @Test
    void theDefaultColumns_areScoreConfidenceLabelAndTimestamp_whenTheSampleHasThem() throws IOException {
        Path sample = Files.writeString(tmp.resolve("s.jsonl"), """
                {"age": 30, "income": 1000.5, "segment": "retail", "score": 0.2, "label": 0, "extra": "x"}
                {"age": 40, "income": null, "segment": "business", "score": 0.9, "label": 1, "extra": "y"}
                """);
        String text = h.ok("profile", "credit@1.0.0", "--from", sample.toString()).out();
        assertTrue(text.contains("Profiled 2 rows of s.jsonl and attached it to credit@1.0.0 as baseline-profile"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("score\\s+score\\s+numeric\\s+0\\.00%\\s+0\\.2\\s+0\\.9")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("income\\s+feature\\s+numeric\\s+50\\.00%\\s+1000\\.5\\s+1000\\.5")),
                "numbers in six significant digits, no trailing zeros: " + text);
        assertTrue(text.lines().anyMatch(l -> l.matches("label\\s+label\\s+categorical.*")), text);
        assertFalse(text.contains("extra"), "only the version's features are profiled");
    }

    @Test
    void badSamples_areRefusedInOneLine_andChangeNothing() throws IOException {
        Path sample = Files.writeString(tmp.resolve("sample.csv"), sample(20));
        h.refused(2, "airisk: error: sample.csv has no column 'score' (check --score-column; its columns are id, age, income, segment, p, conf, ts)",
                "profile", "credit@1.0.0", "--from", sample.toString(), "--score-column", "score");
        Path noFeature = Files.writeString(tmp.resolve("nofeature.csv"), "age,income\n30,1\n");
        h.refused(2, "airisk: error: nofeature.csv has no column 'segment' (its columns are age, income)",
                "profile", "credit@1.0.0", "--from", noFeature.toString());
        Path text = Files.writeString(tmp.resolve("text.csv"), "age,income,segment\n30,1,retail\nthirty,2,retail\n");
        h.refused(2, "airisk: error: text.csv line 3: column 'age' is 'thirty', not a number "
                        + "(give numbers as decimals like 42 or -0.5e3, or leave the value empty for a missing one)",
                "profile", "credit@1.0.0", "--from", text.toString());
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
        h.refused(2, "airisk: error: empty.csv is empty (give a file with a header and at least one row)",
                "profile", "credit@1.0.0", "--from", empty.toString());
        Path headerOnly = Files.writeString(tmp.resolve("header.csv"), "age,income,segment\n");
        h.refused(2, "airisk: error: header.csv has no rows (profile a sample with rows)",
                "profile", "credit@1.0.0", "--from", headerOnly.toString());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(sample(2_000).getBytes(StandardCharsets.UTF_8));
        }
        Path cut = Files.write(tmp.resolve("sample.csv.gz"), Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
        h.refused(2, "airisk: error: sample.csv.gz is a truncated gzip file (copy the whole file again)",
                "profile", "credit@1.0.0", "--from", cut.toString());
        h.refused(2, "airisk: error: missing.csv does not exist (check the path)",
                "profile", "credit@1.0.0", "--from", tmp.resolve("missing.csv").toString());
        h.refused(5, "airisk: error: credit@9.9.9 is not registered (run 'airisk list credit' to see its versions)",
                "profile", "credit@9.9.9", "--from", sample.toString());
    }

    @Test
    void policyShow_givesEachTiersMonitoringRules() throws IOException {
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), """
                tiers:
                  high:
                    monitoring:
                      min_rows: 500
                      max_feature_psi: 0.2
                      confidence_floor: 0.6
                      max_below_floor: 0.1
                      max_latency_p99: 250ms
                      on_breach: {staging: halt, prod: rollback}
                """);
        h.ok("policy", "set", policy.toString());
        JsonNode m = h.ok("policy", "show", "--format", "json").json().get("tiers").get("high").get("monitoring");
        assertEquals(500, m.get("min_rows").asInt());
        assertEquals(0.25, m.get("max_latency_p99_seconds").asDouble());
        assertEquals("rollback", m.get("on_breach").get("prod").asText());
        assertEquals("risk-officer", m.get("override_role").asText());
        assertTrue(m.get("min_auc").isNull());
        String text = h.ok("policy", "show").out().replace("\n#   ", " ");
        assertTrue(text.contains("# monitoring of high: at least 500 rows; a breach does halt in staging, rollback in prod, notify elsewhere;"
                + " a halt is overridden by risk-officer"), text);
    }

    private static JsonNode column(JsonNode j, String name) {
        for (JsonNode c : j.get("columns")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError(name);
    }
}
