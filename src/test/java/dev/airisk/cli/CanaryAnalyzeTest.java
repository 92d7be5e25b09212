package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.core.release.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow canaries, {@code canary analyze} and the canary gate on {@code canary promote} end to end: the
 * signed analysis, exit 3 on a broken limit, abort-on-fail in the same commit, the gate's denials
 * (no analysis, an earlier canary's, a failed one) and bad inputs that change nothing.
 */
class CanaryAnalyzeTest {
    static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    static final String POLICY = """
            tiers:
              limited:
                canary:
                  min_samples: 300
                  min_duration: 1h
                  min_agreement: 0.9
                  max_ks: 0.2
                  max_psi: 0.2
                  required_label_metrics: [accuracy, auc]
                  environments:
                    prod: {min_samples: 100000}
            """;

    @TempDir
    Path tmp;
    Harness h;
    MutableClock clock;

    @BeforeEach
    void setUp() throws IOException {
        h = new Harness(tmp);
        clock = new MutableClock(START);
        h.clock = clock;
        h.ok("keys", "generate", "--name", "alice");
        h.ok("init");
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        h.ok("policy", "set", policy.toString());
        for (String v : List.of("1.0.0", "1.1.0")) {
            h.ok("register", h.model("m-" + v, "weights " + v).toString(), "--model", "churn", "--version", v,
                    "--meta", h.releasableMeta().toString());
        }
        h.ok("promote", "churn@1.0.0", "--to", "dev");
    }

    /** A log of n requests: scores around {@code centre}, labels drawn from the baseline's scores. */
    private Path log(String name, int n, double shift, long seed) throws IOException {
        Random r = new Random(seed);
        Random labels = new Random(99);
        Random base = new Random(7);
        List<String> lines = new ArrayList<>(List.of("request_id,score,label,region"));
        for (int i = 0; i < n; i++) {
            double s = Math.min(1, Math.max(0, 0.5 + 0.2 * base.nextGaussian()));
            double score = Math.min(1, Math.max(0, s + shift + 0.01 * r.nextGaussian()));
            lines.add("r" + i + "," + score + "," + (labels.nextDouble() < s ? 1 : 0) + "," + (i % 2 == 0 ? "eu" : "us"));
        }
        Path f = tmp.resolve(name);
        Files.write(f, lines);
        return f;
    }

    private Harness.Result analyze(Path baseline, Path candidate, String... extra) {
        List<String> args = new ArrayList<>(List.of("canary", "analyze", "churn", "--env", "dev", "--baseline", baseline.toString(),
                "--candidate", candidate.toString(), "--join", "request_id", "--segment", "region", "--format", "json"));
        args.addAll(List.of(extra));
        return h.run(args.toArray(String[]::new));
    }

    private JsonNode gate(Harness.Result check, String id) {
        for (JsonNode g : check.json().get("gates")) {
            if (g.get("gate").asText().equals(id)) {
                return g;
            }
        }
        throw new AssertionError("no " + id + " gate in " + check.out());
    }

    @Test
    void shadow_startsAtWeightZero_andStatusSaysSo() {
        Harness.Result start = h.ok("canary", "start", "churn@1.1.0", "--env", "dev", "--shadow");
        assertTrue(start.out().startsWith("Started canary churn@1.1.0 in dev as a shadow (mirrored traffic; its answers are not served)"),
                start.out());
        JsonNode canary = h.ok("status", "--format", "json").json().get("models").get(0).get("environments").get("dev").get("canary");
        assertTrue(canary.get("shadow").asBoolean());
        assertEquals(0, canary.get("weight").asInt());
        assertTrue(h.ok("status").out().contains("1.1.0 (shadow)"));
        h.ok("canary", "set-weight", "churn", "--env", "dev", "--weight", "10");
        assertFalse(h.ok("status", "--format", "json").json().get("models").get(0).get("environments").get("dev").get("canary")
                .get("shadow").asBoolean());
        h.ok("audit", "verify");
    }

    @Test
    void shadowAndWeight_together_areRefused() {
        h.refused(2, "airisk: error: Error: --weight=<percent>, --shadow are mutually exclusive (specify only one) "
                + "(see 'airisk canary start --help')",
                "canary", "start", "churn@1.1.0", "--env", "dev", "--shadow", "--weight", "5");
    }

    @Test
    void promote_needsAPassingAnalysisSinceTheCanaryStarted() throws IOException {
        h.ok("canary", "start", "churn@1.1.0", "--env", "dev", "--shadow");
        Harness.Result denied = h.run("canary", "promote", "churn", "--env", "dev", "--format", "json");
        assertEquals(3, denied.code(), denied.err());
        JsonNode g = gate(denied, "canary");
        assertEquals("fail", g.get("result").asText());
        assertEquals("no analysis of canary churn@1.1.0 in dev since it started at 2026-12-01T00:00:00Z", g.get("message").asText());
        assertTrue(g.get("fix").asText().contains("airisk canary analyze churn --env dev --baseline FILE --candidate FILE"), g.toString());

        // too early: the minimum duration is broken, and exit 3 says so
        Path baseline = log("stable.csv", 400, 0, 1);
        Path same = log("shadow.csv", 400, 0.005, 2);
        Harness.Result early = analyze(baseline, same);
        assertEquals(3, early.code(), early.err());
        assertEquals("airisk: error: canary churn@1.1.0 in dev breaks its canary limits: duration 0s (min 1h) (abort it with "
                + "'airisk canary abort churn --env dev --reason TEXT', or let it run longer and analyse again)", early.firstErrLine());
        JsonNode out = early.json();
        assertEquals("failed", out.get("verdict").asText());
        assertEquals(1, early.out().lines().count());

        clock.advance(Duration.ofHours(2));
        Harness.Result ok = analyze(baseline, same);
        assertEquals(0, ok.code(), ok.err());
        JsonNode json = ok.json();
        assertEquals("passed", json.get("verdict").asText());
        JsonNode all = json.get("figures").get("all");
        assertEquals(400, all.get("baseline_rows").asLong());
        assertEquals(400, all.get("joined").asLong());
        assertTrue(all.get("agreement").asDouble() > 0.9);
        assertTrue(all.get("exact").asBoolean());
        // labels drawn from the baseline's scores: both sides rank them better than chance, and alike
        assertTrue(all.get("baseline_auc").asDouble() > 0.6 && all.get("candidate_auc").asDouble() > 0.6, all.toString());
        assertTrue(Math.abs(all.get("baseline_auc").asDouble() - all.get("candidate_auc").asDouble()) < 0.05, all.toString());
        assertEquals(2, json.get("figures").get("segments").size());
        assertEquals(300, json.get("limits").get("min_samples").asLong());
        assertTrue(json.get("file").asText().startsWith("models/churn/versions/1.1.0/canary-analyses/dev/"));

        Harness.Result check = h.run("check", "churn@1.1.0", "--to", "dev", "--format", "json");
        assertEquals("pass", gate(check, "canary").get("result").asText());
        h.ok("canary", "promote", "churn", "--env", "dev");
        h.ok("audit", "verify");
    }

    @Test
    void failedAnalysis_deniesPromote_andAbortOnFailAbortsInTheSameCommit() throws IOException {
        Path events = tmp.resolve("events.jsonl");
        h.ok("consumers", "add", "ops", "--model", "churn", "--events", "canary", "--file", events.toString());
        h.ok("canary", "start", "churn@1.1.0", "--env", "dev", "--weight", "5");
        clock.advance(Duration.ofHours(2));
        Path baseline = log("stable.csv", 400, 0, 1);
        Path drifted = log("canary.csv", 400, 0.3, 2);
        Harness.Result failed = analyze(baseline, drifted);
        assertEquals(3, failed.code(), failed.err());
        assertTrue(failed.firstErrLine().startsWith("airisk: error: canary churn@1.1.0 in dev breaks its canary limits: agreement "),
                failed.firstErrLine());
        Harness.Result denied = h.run("canary", "promote", "churn", "--env", "dev", "--format", "json");
        assertEquals(3, denied.code());
        assertTrue(gate(denied, "canary").get("message").asText().contains("breaks the canary limits: agreement "), denied.out());

        String before = h.ok("history", "churn", "--format", "json").out();
        clock.advance(Duration.ofMinutes(1));
        Harness.Result abort = analyze(baseline, drifted, "--abort-on-fail");
        assertEquals(3, abort.code());
        assertTrue(abort.json().get("aborted").asBoolean());
        assertTrue(h.ok("status", "--format", "json").json().get("models").get(0).get("environments").get("dev").get("canary").isNull());
        assertNotEquals(before, h.ok("history", "churn", "--format", "json").out());
        h.ok("audit", "verify");
        h.ok("notify");
        List<String> sent = Files.readAllLines(events);
        assertEquals(2, sent.size(), sent.toString());
        assertTrue(sent.get(1).contains("\"action\":\"aborted\"") && sent.get(1).contains("canary analysis "), sent.get(1));

        // a new canary of the same version: the earlier analyses are stale
        clock.advance(Duration.ofMinutes(5));
        h.ok("canary", "start", "churn@1.1.0", "--env", "dev", "--weight", "5");
        Harness.Result stale = h.run("canary", "promote", "churn", "--env", "dev", "--format", "json");
        assertEquals(3, stale.code());
        assertTrue(gate(stale, "canary").get("message").asText().endsWith("is of an earlier canary)"), stale.out());
    }

    @Test
    void dryRun_writesNothing() throws IOException {
        h.ok("canary", "start", "churn@1.1.0", "--env", "dev", "--shadow");
        Map<String, String> before = h.state();
        Harness.Result dry = analyze(log("a.csv", 50, 0, 1), log("b.csv", 50, 0, 2), "--dry-run", "--abort-on-fail");
        assertEquals(3, dry.code());
        assertTrue(dry.json().get("dry_run").asBoolean());
        assertEquals(before, h.state());
    }

    @Test
    void badInputs_areRefused_andChangeNothing() throws IOException {
        Path good = log("a.csv", 20, 0, 1);
        h.refused(5, "airisk: error: churn has no active canary in dev (start one with 'airisk canary start churn@VERSION --env dev "
                + "--weight N')", "canary", "analyze", "churn", "--env", "dev",
                "--baseline", good.toString(), "--candidate", good.toString());
        h.ok("canary", "start", "churn@1.1.0", "--env", "dev", "--shadow");
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "request_id,score\nr0,0.5\nr1,1.5\n");
        h.refused(2, "airisk: error: bad.csv line 3: column 'score' is 1.5, not from 0 to 1 (scores are probabilities from 0 to 1)", "canary", "analyze", "churn",
                "--env", "dev", "--baseline", good.toString(), "--candidate", bad.toString(), "--join", "request_id");
        h.refused(2, "airisk: error: --threshold 1.5 is not a score from 0 to 1 (give the score at or above which a prediction is positive)", "canary", "analyze", "churn", "--env", "dev",
                "--baseline", good.toString(), "--candidate", good.toString(), "--threshold", "1.5");
        h.refused(2, "airisk: error: a.csv has no column 'id' (both logs need the columns score, label, id)", "canary", "analyze", "churn", "--env", "dev",
                "--baseline", good.toString(), "--candidate", good.toString(), "--join", "id");
    }

    private void policyRefused(String firstLine, String canarySection) throws IOException {
        Path policy = tmp.resolve("bad-policy.yaml");
        Files.writeString(policy, "tiers:\n  limited:\n    canary:\n" + canarySection);
        h.refused(2, firstLine, "policy", "set", policy.toString());
    }

    @Test
    void policyCanarySection_badValues_areRefusedAtTheirLine() throws IOException {
        policyRefused("airisk: error: bad-policy.yaml: line 4: tiers.limited.canary.max_ks '2' is not a number from 0 to 1", "      max_ks: 2\n");
        policyRefused("airisk: error: bad-policy.yaml: line 4: tiers.limited.canary.required_label_metrics[0] 'f1' is not a label metric (accuracy, auc)", "      required_label_metrics: [f1]\n");
        policyRefused("airisk: error: bad-policy.yaml: line 5: unknown environment 'qa' in tiers.limited.canary.environments "
                + "(use one of the registry's environments: dev, staging, prod)", "      environments:\n        qa: {min_samples: 5}\n");
        policyRefused("airisk: error: bad-policy.yaml: line 4: unknown key 'min_agrement' in tiers.limited.canary, expected one of "
                + "min_samples, min_duration, min_agreement, max_ks, max_psi, max_mean_score_diff, max_p99_score_diff, required_label_metrics, "
                + "max_accuracy_drop, max_auc_drop, environments", "      min_agrement: 0.9\n");
        policyRefused("airisk: error: bad-policy.yaml: line 4: tiers.limited.canary.min_duration 'soon' is not a duration like 90m, 24h, "
                + "7d or PT24H (write a number and a unit s, m, h, d or w, e.g. 15m, 24h or 30d)", "      min_duration: soon\n");
    }

    @Test
    void textOutput_givesTheFiguresPerSegment() throws IOException {
        h.ok("canary", "start", "churn@1.1.0", "--env", "dev", "--shadow");
        clock.advance(Duration.ofHours(2));
        Harness.Result r = h.run("canary", "analyze", "churn", "--env", "dev", "--baseline", log("b.csv", 400, 0, 1).toString(),
                "--candidate", log("c.csv", 400, 0.005, 2).toString(), "--join", "request_id", "--segment", "region");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Canary churn@1.1.0 in dev: passed", lines.get(0));
        assertTrue(lines.get(1).startsWith("SEGMENT"), r.out());
        assertTrue(lines.get(2).startsWith("all ") && lines.get(3).startsWith("eu ") && lines.get(4).startsWith("us "), r.out());
        assertTrue(lines.get(5).matches("SEGMENT +ACC B +ACC C +AUC B +AUC C"), r.out());
        assertTrue(lines.get(6).matches("all( +0\\.\\d+){4}"), r.out());
        assertTrue(lines.subList(0, 11).stream().allMatch(l -> l.length() <= 100), r.out());
        assertTrue(lines.get(11).startsWith("Recorded the analysis at models/churn/versions/1.1.0/canary-analyses/dev/"), r.out());
    }

    @Test
    void policyShow_givesTheCanaryLimitsPerEnvironment() {
        JsonNode tier = h.ok("policy", "show", "--format", "json").json().get("tiers").get("limited").get("canary");
        assertEquals(300, tier.get("min_samples").asLong());
        assertEquals(100000, tier.get("environments").get("prod").get("min_samples").asLong());
        assertEquals(0.9, tier.get("environments").get("prod").get("min_agreement").asDouble());
        assertTrue(h.ok("policy", "show").out().contains("# canary of limited before 'canary promote': {min_samples=300, min_duration=1h, "));
        assertEquals("1h", tier.get("environments").get("prod").get("min_duration").asText());
    }
}
