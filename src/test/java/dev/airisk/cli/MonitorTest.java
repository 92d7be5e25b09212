package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.core.release.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor evaluate} end to end on generated prediction logs with known drift: a healthy log
 * changes nothing but the recorded evaluation; a drifted one rolls the stable version back once, with
 * one incident and one notice per subscribed consumer, under cron and under two runs at once; a halt
 * in staging blocks promotion until a healthy evaluation or an override; bad files record nothing.
 */
class MonitorTest {
    static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    static final String POLICY = """
            tiers:
              limited:
                monitoring:
                  min_rows: 200
                  max_feature_psi: 0.25
                  max_score_psi: 0.25
                  confidence_floor: 0.5
                  max_below_floor: 0.1
                  max_null_rate: 0.05
                  on_breach: {staging: halt, prod: rollback}
            """;
    static final String META = """
            owner: team@example.com
            risk_tier: limited
            datasets:
              - {name: customers, version: 2026-09, sha256: 9f2b5c0e7d4a1f38c6b2e9d07a5f4c3b1e8d2a6f0c9b7e5d3a1f4c2b8e6d0a97}
            code_commit: 3f2c9d41
            input_schema:
              features: [age, plan]
            """;

    /** The registry every test starts from, made once: see {@link #setUp()}. */
    @TempDir
    static Path shared;
    static Path template;

    @TempDir
    Path tmp;
    Harness h;
    MutableClock clock;

    /**
     * Keys alice (admin), cron (responder) and officer (risk-officer); the policy above; churn 1.0.0 stable
     * in dev, staging and prod, 1.1.0 (with a baseline profile) stable in dev and staging; all at START.
     */
    @BeforeAll
    static void template() throws IOException {
        template = shared.resolve("template");
        MonitorTest t = new MonitorTest();
        t.tmp = template;
        t.h = new Harness(template);
        t.clock = new MutableClock(START);
        t.h.clock = t.clock;
        t.h.ok("keys", "generate", "--name", "alice");
        t.h.ok("init");
        for (String k : List.of("cron", "officer")) {
            t.h.ok("keys", "generate", "--name", k);
            Files.writeString(template.resolve(k + ".pub.pem"), t.h.ok("keys", "export-public", "--name", k).out());
        }
        t.policy(POLICY);
        t.as("alice", "keys", "trust", template.resolve("cron.pub.pem").toString(), "--role", "responder");
        t.as("alice", "keys", "trust", template.resolve("officer.pub.pem").toString(), "--role", "risk-officer");
        for (String v : List.of("1.0.0", "1.1.0")) {
            Path dir = t.h.model("m-" + v, "weights " + v);
            t.as("alice", "register", dir.toString(), "--model", "churn", "--version", v, "--meta", t.h.writeMeta(META).toString());
        }
        Path sample = t.write("baseline.csv", log(2000, 1, START.minus(Duration.ofDays(30)), -1, null));
        t.as("alice", "profile", "churn@1.1.0", "--from", sample.toString(), "--score-column", "score",
                "--confidence-column", "confidence", "--timestamp-column", "ts");
        for (String env : List.of("dev", "staging", "prod")) {
            t.as("alice", "promote", "churn@1.0.0", "--to", env);
        }
        t.as("alice", "promote", "churn@1.1.0", "--to", "dev");
        t.as("alice", "promote", "churn@1.1.0", "--to", "staging");
    }

    /** A copy of the template (its keys, registry and store) for this test. */
    @BeforeEach
    void setUp() throws IOException {
        copy(template, tmp);
        h = new Harness(tmp);
        clock = new MutableClock(START);
        h.clock = clock;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    void policy(String yaml) throws IOException {
        Path file = tmp.resolve("policy.yaml");
        Files.writeString(file, yaml);
        as("alice", "policy", "set", file.toString());
    }

    Harness.Result as(String key, String... args) {
        return h.okAs(key, args);
    }

    Harness.Result run(String key, String... args) {
        return h.runAs(key, args);
    }

    /**
     * A prediction log of {@code rows} rows from {@code from}, one a second: age ~ N(40, 10), plan
     * basic/plus/pro, score and confidence uniform (confidence from 0.6). From row {@code shiftAfter} on
     * (-1: never) age is 30 years higher; rows in the hour starting at {@code lowHour} (null: none) have
     * confidence 0.2.
     */
    static String log(int rows, long seed, Instant from, int shiftAfter, Instant lowHour) {
        Random r = new Random(seed);
        String[] plans = {"basic", "plus", "pro"};
        StringBuilder b = new StringBuilder("ts,age,plan,score,confidence\n");
        for (int i = 0; i < rows; i++) {
            Instant ts = from.plusSeconds(i * 10L);
            double age = 40 + 10 * r.nextGaussian() + (shiftAfter >= 0 && i >= shiftAfter ? 30 : 0);
            double confidence = lowHour != null && !ts.isBefore(lowHour) && ts.isBefore(lowHour.plus(Duration.ofHours(1)))
                    ? 0.2 : 0.6 + 0.4 * r.nextDouble();
            b.append(ts).append(',').append(String.format(Locale.ROOT, "%.3f", age)).append(',').append(plans[r.nextInt(3)])
                    .append(',').append(String.format(Locale.ROOT, "%.4f", r.nextDouble()))
                    .append(',').append(String.format(Locale.ROOT, "%.4f", confidence)).append('\n');
        }
        return b.toString();
    }

    Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** 1000 healthy rows during the last hours. */
    Path healthy(String name, long seed) throws IOException {
        return write(name, log(1000, seed, START.plus(Duration.ofHours(1)), -1, null));
    }

    /** 1000 rows whose age shifts after row 300, with an hour of low confidences. */
    Path drifted(String name, long seed) throws IOException {
        return write(name, log(1000, seed, START.plus(Duration.ofHours(1)), 300, START.plus(Duration.ofHours(2))));
    }

    String audit() {
        Harness.Result r = run("alice", "audit", "verify", "--format", "json");
        return r.code() == 0 && r.json().get("ok").asBoolean() ? "clean" : r.out() + r.err();
    }

    List<String> log() {
        List<String> ops = new ArrayList<>();
        as("alice", "log", "--format", "json").json().get("operations").forEach(e -> ops.add(e.get("op").asText()));
        return ops;
    }

    /** 1.1.0 stable in prod from 00:30, the predictions from 01:00; the evaluations run at 06:00. */
    void inProd() {
        clock.set(START.plus(Duration.ofMinutes(30)));
        as("alice", "promote", "churn@1.1.0", "--to", "prod");
        clock.set(START.plus(Duration.ofHours(6)));
    }

    @Test
    void healthyLog_exitsZero_andChangesNothingButTheRecordedEvaluation() throws IOException {
        inProd();
        Map<String, String> before = h.state();
        Harness.Result r = as("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", healthy("day.csv", 7).toString(),
                "--format", "json");
        JsonNode j = r.json();
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("model", "env", "version", "rows", "healthy", "breaches", "action", "incident", "evaluation", "file", "recorded",
                "rolled_back_to", "fallback", "dry_run", "commit", "figures", "warnings").stream().sorted().toList(), keys,
                "the keys docs/json.md lists (printed in key order)");
        assertEquals("churn", j.get("model").asText());
        assertEquals("prod", j.get("env").asText());
        assertEquals("1.1.0", j.get("version").asText());
        assertEquals(1000, j.get("rows").asLong());
        assertTrue(j.get("healthy").asBoolean());
        assertEquals(0, j.get("breaches").size());
        assertEquals("none", j.get("action").asText());
        assertTrue(j.get("incident").isNull());
        assertEquals(64, j.get("evaluation").asText().length());
        String file = j.get("file").asText();
        assertTrue(file.startsWith("models/churn/versions/1.1.0/evaluations/prod/"), file);
        // the state is as it was; the registry gained the evaluation and nothing else
        JsonNode prod = as("alice", "status", "churn", "--format", "json").json().get("models").get(0).get("environments").get("prod");
        assertEquals("1.1.0", prod.get("stable").get("version").asText());
        assertEquals(List.of("monitor-evaluate"), log().subList(0, 1));
        assertFalse(h.state().keySet().stream().anyMatch(p -> p.contains("outbox") && !before.containsKey(p)));

        // the same log again (cron ran twice): nothing new is recorded
        Map<String, String> once = h.state();
        Harness.Result again = as("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", tmp.resolve("day.csv").toString(),
                "--format", "json");
        assertFalse(again.json().get("recorded").asBoolean());
        assertEquals(file, again.json().get("file").asText());
        assertEquals(once, h.state());
        assertEquals("clean", audit());
    }

    @Test
    void driftedLog_withRollback_rollsBackOnce_opensOneIncident_andNotifiesEachConsumerOnce() throws IOException {
        inProd();
        Path billing = tmp.resolve("billing.jsonl");
        Path ops = tmp.resolve("ops.jsonl");
        as("alice", "consumers", "add", "billing", "--model", "churn", "--events", "rolled-back", "--file", billing.toString());
        as("alice", "consumers", "add", "ops", "--model", "churn", "--events", "rolled-back,incident-opened", "--file", ops.toString());
        Harness.Result r = run("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", drifted("day.csv", 7).toString(),
                "--format", "json");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: error: churn@1.1.0 breached its monitoring thresholds in prod: feature-psi age "),
                r.err());
        JsonNode j = r.json();
        assertFalse(j.get("healthy").asBoolean());
        List<String> checks = new ArrayList<>();
        j.get("breaches").forEach(b -> checks.add(b.get("check").asText() + ":" + b.get("feature").asText(null)));
        assertEquals(List.of("feature-psi:age", "below-confidence-floor:null"), checks);
        assertTrue(j.get("breaches").get(0).get("value").asDouble() > 0.25);
        assertEquals(0.25, j.get("breaches").get(0).get("limit").asDouble());
        assertEquals("rollback", j.get("action").asText());
        assertEquals("1.0.0", j.get("rolled_back_to").asText());
        String incident = j.get("incident").asText();
        assertTrue(incident.startsWith("INC-20261201-"), incident);

        JsonNode prod = as("alice", "status", "churn", "--format", "json").json().get("models").get(0).get("environments").get("prod");
        assertEquals("1.0.0", prod.get("stable").get("version").asText());
        // one commit did it all, signed by the responder's key
        assertEquals("monitor-rollback", log().get(0));
        JsonNode shown = as("alice", "incident", "show", incident, "--format", "json").json();
        assertNotNull(shown);

        // cron runs again on the same log, and on a later drifted one: no second rollback, no second incident
        Map<String, String> after = h.state();
        Harness.Result same = run("cron", "monitor", "evaluate", "churn", "--env", "prod", "--version", "1.1.0", "--predictions",
                tmp.resolve("day.csv").toString(), "--format", "json");
        assertEquals(3, same.code());
        assertFalse(same.json().get("recorded").asBoolean());
        assertEquals(incident, same.json().get("incident").asText());
        assertEquals(after, h.state());
        Harness.Result later = run("cron", "monitor", "evaluate", "churn", "--env", "prod", "--version", "1.1.0", "--predictions",
                drifted("later.csv", 8).toString(), "--format", "json");
        assertEquals(3, later.code());
        assertTrue(later.json().get("rolled_back_to").isNull());
        assertTrue(later.err().contains("airisk: warning: not rolled back: churn@1.1.0 is not the stable version in prod"), later.err());
        assertEquals(1, log().stream().filter("monitor-rollback"::equals).count());

        // every consumer hears once of each event it asked for
        as("alice", "notify");
        assertEquals(List.of("dev.airisk.model.rolled-back"), types(billing));
        assertEquals(List.of("dev.airisk.model.incident-opened", "dev.airisk.model.rolled-back"), types(ops).stream().sorted().toList());
        assertEquals("clean", audit());
    }

    List<String> types(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(Json.mapper().readTree(line).get("type").asText());
        }
        return out;
    }

    @Test
    void twoEvaluationsAtOnce_rollBackOnce() throws Exception {
        inProd();
        Path a = drifted("a.csv", 7);
        Path b = drifted("b.csv", 8);
        // two cron hosts (each its own AIRISK_HOME, as two processes on one host would be) evaluate at once
        Path otherHome = tmp.resolve("home2");
        copy(h.home, otherHome);
        Map<String, String> other = new HashMap<>(h.env);
        other.put(Context.HOME, otherHome.toString());
        other.put(Context.KEY, "cron");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Harness.Result>> runs = List.of(
                    () -> run("cron", "monitor", "evaluate", "churn", "--env", "prod", "--version", "1.1.0", "--predictions", a.toString(),
                            "--format", "json", "--stacktrace"),
                    () -> h.run(other, "monitor", "evaluate", "churn", "--env", "prod", "--version", "1.1.0", "--predictions", b.toString(),
                            "--format", "json", "--stacktrace"));
            List<Harness.Result> results = new ArrayList<>();
            for (Future<Harness.Result> f : pool.invokeAll(runs)) {
                results.add(f.get());
            }
            results.forEach(r -> assertEquals(3, r.code(), r.err()));
            assertEquals(1, results.stream().filter(r -> !r.json().get("rolled_back_to").isNull()).count());
        } finally {
            pool.shutdownNow();
        }
        List<String> ops = log();
        assertEquals(1, ops.stream().filter("monitor-rollback"::equals).count());
        assertEquals(1, ops.stream().filter("monitor-evaluate"::equals).count());
        assertEquals("clean", audit());
    }

    @Test
    void predictionsOlderThanTheStablePeriod_doNotRollBack() throws IOException {
        inProd();
        Path old = write("old.csv", log(1000, 7, START.minus(Duration.ofDays(1)), 300, null));
        Harness.Result r = run("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", old.toString(), "--format", "json");
        assertEquals(3, r.code());
        assertTrue(r.json().get("rolled_back_to").isNull());
        assertTrue(r.firstErrLine().startsWith("airisk: warning: not rolled back: the latest prediction"), r.err());
        assertEquals("monitor-evaluate", log().get(0));
    }

    @Test
    void aRollbackTargetThatDoesNotVerify_isNotRolledBackTo_andTheEvaluationIsRecordedAllTheSame() throws IOException {
        inProd();
        String weights = Harness.hash(tmp.resolve("m-1.0.0/weights.bin"));
        Files.delete(h.store.resolve("sha256/" + weights.substring(0, 2) + "/" + weights.substring(2)));
        Harness.Result r = run("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", drifted("day.csv", 7).toString(),
                "--format", "json");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: warning: not rolled back: rollback target churn@1.0.0: weights.bin: blob "), r.err());
        assertTrue(r.json().get("rolled_back_to").isNull());
        assertTrue(r.json().get("recorded").asBoolean());
        assertEquals("monitor-evaluate", log().get(0));
        JsonNode prod = as("alice", "status", "churn", "--format", "json").json().get("models").get(0).get("environments").get("prod");
        assertEquals("1.1.0", prod.get("stable").get("version").asText());
    }

    @Test
    void haltInStaging_notifiesOnce_blocksPromotion_untilAnOverrideByTheOverrideRole_andRequiresEvaluationNeedsAHealthyOne() throws IOException {
        clock.set(START.plus(Duration.ofHours(6)));
        Path risk = tmp.resolve("risk.jsonl");
        Path billing = tmp.resolve("billing.jsonl");
        as("alice", "consumers", "add", "risk", "--model", "churn", "--events", "monitoring-breached", "--file", risk.toString());
        as("alice", "consumers", "add", "billing", "--model", "churn", "--events", "rolled-back", "--file", billing.toString());
        Harness.Result r = run("cron", "monitor", "evaluate", "churn", "--env", "staging", "--predictions",
                drifted("day.csv", 7).toString(), "--format", "json");
        assertEquals(3, r.code());
        assertEquals("halt", r.json().get("action").asText());
        // the breach is news for who asked for it, once however often cron evaluates the same log
        run("cron", "monitor", "evaluate", "churn", "--env", "staging", "--predictions", tmp.resolve("day.csv").toString());
        as("alice", "notify");
        assertEquals(List.of("dev.airisk.model.monitoring-breached"), types(risk));
        JsonNode notice = Json.mapper().readTree(Files.readAllLines(risk).get(0));
        assertEquals("staging", notice.at("/data/environment").asText());
        assertEquals("halt", notice.at("/data/action").asText());
        assertEquals(r.json().get("evaluation").asText(), notice.at("/data/evaluation").asText());
        assertTrue(notice.at("/data/breaches").asText().startsWith("feature-psi age "), notice.toString());
        assertFalse(Files.exists(billing), "no rollback, no rolled-back notice");
        Harness.Result check = run("alice", "check", "churn@1.1.0", "--to", "prod", "--format", "json");
        assertEquals(3, check.code());
        assertEquals("fail", gate(check.json(), "halt").get("result").asText());
        assertEquals("pass", gate(check.json(), "evaluation").get("result").asText());
        assertEquals(3, run("alice", "promote", "churn@1.1.0", "--to", "prod").code());

        h.refused(3, "airisk: error: key 'alice' does not hold the risk-officer role needed to override a monitoring halt as risk-officer "
                        + "(ask an admin to run 'airisk keys trust KEY.pub.pem --role risk-officer')",
                "monitor", "override", "churn@1.1.0", "--env", "staging", "--reason", "RISK-212", "--key", "alice");
        h.refused(2, "airisk: error: churn@1.1.0 is not halted in prod (it has no monitoring evaluation there)",
                "monitor", "override", "churn@1.1.0", "--env", "prod", "--reason", "RISK-212", "--key", "officer");
        clock.advance(Duration.ofMinutes(5));
        as("officer", "monitor", "override", "churn@1.1.0", "--env", "staging", "--reason", "RISK-212: drift explained by a campaign");
        assertEquals("pass", gate(as("alice", "check", "churn@1.1.0", "--to", "prod", "--format", "json").json(), "halt")
                .get("result").asText());

        // prod now requires a healthy evaluation in staging from the last day
        policy(POLICY + "environments:\n  prod:\n    requires_evaluation: 24h\n");
        Harness.Result denied = run("alice", "check", "churn@1.1.0", "--to", "prod", "--format", "json");
        assertEquals(3, denied.code());
        assertTrue(gate(denied.json(), "evaluation").get("message").asText().startsWith(
                "no healthy evaluation of churn@1.1.0 in staging in the last 24h; the latest, at 2026-12-01T06:00:00Z, breached"));
        clock.advance(Duration.ofMinutes(5));
        as("cron", "monitor", "evaluate", "churn", "--env", "staging", "--predictions", healthy("ok.csv", 9).toString());
        as("alice", "promote", "churn@1.1.0", "--to", "prod");
        clock.advance(Duration.ofDays(2));
        assertEquals("fail", gate(run("alice", "check", "churn@1.1.0", "--to", "prod", "--format", "json").json(), "evaluation")
                .get("result").asText(), "the evaluation is older than 24h now");
        assertEquals("clean", audit());
    }

    static JsonNode gate(JsonNode check, String id) {
        for (JsonNode g : check.get("gates")) {
            if (g.get("gate").asText().equals(id)) {
                return g;
            }
        }
        throw new AssertionError("no gate " + id + " in " + check);
    }

    @Test
    void badInputFiles_areOneLineErrors_andRecordNothing() throws IOException {
        inProd();
        Path missing = write("missing.csv", "ts,plan,score,confidence\n2026-12-01T01:00:00Z,basic,0.5,0.9\n");
        Path wrongType = write("wrong.csv", log(5, 1, START, -1, null).replaceFirst("\n([^,]*),[^,]*,", "\n$1,abc,"));
        Path empty = write("empty.csv", "");
        Path truncated = tmp.resolve("truncated.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(truncated))) {
            out.write(log(500, 1, START, -1, null).getBytes(StandardCharsets.UTF_8));
        }
        byte[] gz = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(gz, gz.length / 2));
        Path longLine = write("long.csv", "ts,age,plan,score,confidence\n" + "9".repeat((1 << 20) + 10) + "\n");
        String[][] cases = {
                {missing.toString(), "airisk: error: missing.csv has no column 'age' (its columns are ts, plan, score, confidence)"},
                {wrongType.toString(), "airisk: error: wrong.csv line 2: column 'age' is 'abc', not a number"},
                {empty.toString(), "airisk: error: empty.csv is empty (give a file with a header and at least one row)"},
                {truncated.toString(), "airisk: error: truncated.csv.gz is a truncated gzip file (copy the whole file again)"},
                {longLine.toString(), "airisk: error: long.csv line 2 is longer than 1 MiB"},
        };
        for (String[] c : cases) {
            Map<String, String> before = h.state();
            Harness.Result r = run("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", c[0]);
            assertTrue(r.firstErrLine().startsWith(c[1]), c[0] + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertEquals(2, r.code(), r.err());
            assertEquals(before, h.state(), c[0]);
        }
        h.refused(2, "airisk: error: --on-breach 'revert' is not one of notify, halt, rollback "
                        + "(give notify, halt or rollback, or leave it out to apply the policy's on_breach)",
                "monitor", "evaluate", "churn", "--env", "prod", "--predictions", healthy("day.csv", 7).toString(), "--on-breach", "revert",
                "--key", "cron");
        h.refused(5, "airisk: error: churn@1.0.0 has no baseline profile (make one with 'airisk profile churn@1.0.0 --from SAMPLE')",
                "monitor", "evaluate", "churn", "--env", "prod", "--version", "1.0.0", "--predictions", tmp.resolve("day.csv").toString(),
                "--key", "cron");
    }

    @Test
    void audit_findsAnEvaluationCommitWhoseVerdictTrailerHidesTheBreach() throws IOException {
        clock.set(START.plus(Duration.ofHours(6)));
        JsonNode j = run("cron", "monitor", "evaluate", "churn", "--env", "staging", "--predictions", drifted("day.csv", 7).toString(),
                "--format", "json").json();
        String file = j.get("file").asText();
        String copy = file.replace(".json", "0.json");
        String text = GitTamper.git(tmp, "--git-dir", h.registry.toString(), "show", "main:" + file);
        Map<String, String> trailers = AuditTest.trailers("monitor-evaluate", "1.1.0", "staging", AuditTest.keyId(h, "cron"));
        trailers.remove("Airisk-Actor");
        trailers.put("Airisk-Verdict", "healthy");
        trailers.put("Airisk-Evaluation", j.get("evaluation").asText());
        trailers.put("Airisk-Actor", AuditTest.keyId(h, "cron"));
        AuditTest.signedCommit(h.home, h.registry, "cron", "Evaluate churn@1.1.0 in staging: healthy", trailers,
                Map.of(copy, old -> text), clock);
        Harness.Result audit = run("alice", "audit", "verify");
        assertEquals(4, audit.code(), audit.err());
        assertTrue(audit.err().contains("records " + copy + " (breached, "), audit.err());
        assertTrue(audit.err().contains(") but its trailers say healthy, "), audit.err());
    }

    @Test
    void dryRun_saysWhatABreachWouldDo_andWritesNothing() throws IOException {
        inProd();
        Map<String, String> before = h.state();
        Harness.Result r = run("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", drifted("day.csv", 7).toString(),
                "--dry-run", "--format", "json");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.json().get("dry_run").asBoolean());
        assertEquals("1.0.0", r.json().get("rolled_back_to").asText());
        assertFalse(r.json().get("recorded").asBoolean());
        assertEquals(before, h.state());
        Harness.Result text = run("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", tmp.resolve("day.csv").toString(),
                "--dry-run");
        List<String> lines = text.out().lines().toList();
        assertEquals("churn@1.1.0 in prod: 1000 rows, breached (2 breaches, action rollback)", lines.get(0));
        // the figures, then the breaches
        assertTrue(lines.get(1).matches("FEATURE +PSI +NULLS +SCHEMA"), lines.get(1));
        assertTrue(lines.get(2).matches("age +[0-9.]+ +0% +0"), lines.get(2));
        assertTrue(lines.get(3).matches("plan +[0-9.]+ +0% +0"), lines.get(3));
        assertTrue(lines.get(4).matches("score PSI [0-9.]+; below confidence floor [0-9.]+%"), lines.get(4));
        assertTrue(lines.get(5).matches("CHECK +FEATURE +VALUE +LIMIT"), lines.get(5));
        assertTrue(lines.get(6).matches("feature-psi +age +[0-9.]+ +0\\.25"), lines.get(6));
        assertTrue(lines.get(7).matches("below-confidence-floor +- +0\\.3[0-9]* +0\\.1"), lines.get(7));
        assertTrue(lines.get(8).startsWith("Would roll back churn in prod from 1.1.0 to 1.0.0 and open incident INC-20261201-1"), lines.get(8));
        assertTrue(lines.get(9).startsWith("Would record the evaluation at models/churn/versions/1.1.0/evaluations/prod/"), lines.get(9));
        assertEquals(before, h.state());
    }
}
