package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.core.release.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fallback versions: set and cleared by signed commits the audit replays, shown by status, and the
 * target of a rollback (by hand or by monitoring) when the environment has no earlier stable version.
 */
class FallbackTest {
    /** The registry every test starts from, made once: see {@link #template()}. */
    @TempDir
    static Path shared;
    static Path template;

    @TempDir
    Path tmp;
    Harness h;
    MutableClock clock;

    /**
     * Keys alice (admin) and cron (responder); monitoring's policy (a breach in prod rolls back); churn
     * 0.9.0 (a rule-based model) registered, 1.1.0 (with a baseline profile) the first stable version in dev, staging and prod.
     */
    @BeforeAll
    static void template() throws IOException {
        template = shared.resolve("template");
        Harness t = new Harness(template);
        t.clock = new MutableClock(MonitorTest.START);
        t.ok("keys", "generate", "--name", "alice");
        t.ok("init");
        t.ok("keys", "generate", "--name", "cron");
        Files.writeString(template.resolve("cron.pub.pem"), t.ok("keys", "export-public", "--name", "cron").out());
        Files.writeString(template.resolve("policy.yaml"), MonitorTest.POLICY);
        t.okAs("alice", "policy", "set", template.resolve("policy.yaml").toString());
        t.okAs("alice", "keys", "trust", template.resolve("cron.pub.pem").toString(), "--role", "responder");
        for (String v : List.of("0.9.0", "1.1.0")) {
            t.okAs("alice", "register", t.model("m-" + v, "weights " + v).toString(), "--model", "churn", "--version", v,
                    "--meta", t.writeMeta(MonitorTest.META).toString());
        }
        Path sample = template.resolve("baseline.csv");
        Files.writeString(sample, MonitorTest.log(2000, 1, MonitorTest.START.minus(Duration.ofDays(30)), -1, null));
        t.okAs("alice", "profile", "churn@1.1.0", "--from", sample.toString(), "--score-column", "score",
                "--confidence-column", "confidence", "--timestamp-column", "ts");
        t.okAs("alice", "promote", "churn@1.1.0", "--to", "dev");
        t.okAs("alice", "promote", "churn@1.1.0", "--to", "staging");
        t.clock = new MutableClock(MonitorTest.START.plus(Duration.ofMinutes(30)));
        t.okAs("alice", "promote", "churn@1.1.0", "--to", "prod");
    }

    @BeforeEach
    void setUp() throws IOException {
        MonitorTest.copy(template, tmp);
        h = new Harness(tmp);
        clock = new MutableClock(MonitorTest.START.plus(Duration.ofHours(6)));
        h.clock = clock;
        h.env.put(Context.KEY, "alice");
    }

    JsonNode prod() {
        return h.ok("status", "churn", "--env", "prod", "--format", "json").json().get("models").get(0).get("environments").get("prod");
    }

    String audit() {
        Harness.Result r = h.run("audit", "verify", "--format", "json");
        return r.code() == 0 && r.json().get("ok").asBoolean() ? "clean" : r.out() + r.err();
    }

    List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void rollback_withNoEarlierStableVersion_goesToTheFallback_andSaysSoInOutputStatusAndNotice() throws IOException {
        h.refused(5, "airisk: error: churn has no earlier stable version and no other fallback version in prod to roll back to "
                        + "(see 'airisk history churn --env prod'; set a fallback with 'airisk fallback set churn --env prod VERSION')",
                "rollback", "churn", "--env", "prod", "--reason", "INC-1", "--yes");

        JsonNode set = h.ok("fallback", "set", "churn", "--env", "prod", "0.9.0", "--format", "json").json();
        assertEquals("fallback-set", set.get("op").asText());
        assertTrue(set.get("changed").asBoolean());
        JsonNode fallback = prod().get("fallback");
        assertEquals("0.9.0", fallback.get("version").asText());
        assertFalse(fallback.get("serving").asBoolean());
        assertEquals("1.1.0", prod().get("stable").get("version").asText());
        String table = h.ok("status", "churn", "--env", "prod").out();
        assertTrue(table.lines().findFirst().orElseThrow().endsWith("FALLBACK"), table);
        assertTrue(table.lines().skip(1).findFirst().orElseThrow().endsWith("0.9.0"), table);
        // setting it again changes nothing
        assertEquals("churn@0.9.0 is already the fallback in prod; nothing changed\n",
                h.ok("fallback", "set", "churn", "--env", "prod", "0.9.0").out());

        Path billing = tmp.resolve("billing.jsonl");
        h.ok("consumers", "add", "billing", "--model", "churn", "--events", "rolled-back", "--file", billing.toString());
        String plan = h.ok("rollback", "churn", "--env", "prod", "--reason", "INC-1", "--dry-run").out();
        assertEquals("Would roll back churn in prod from 1.1.0 to the fallback version 0.9.0\n", plan);
        JsonNode r = h.ok("rollback", "churn", "--env", "prod", "--reason", "INC-1", "--yes", "--format", "json").json();
        assertEquals("0.9.0", r.get("version").asText());
        assertEquals("1.1.0", r.get("from").asText());
        assertTrue(r.get("fallback").asBoolean());
        assertEquals("0.9.0", prod().get("stable").get("version").asText());
        assertTrue(prod().get("fallback").get("serving").asBoolean());
        assertEquals("1.1.0", prod().get("rolled_back").get(0).get("version").asText());
        assertEquals("Roll back churn in prod from 1.1.0 to fallback 0.9.0: INC-1",
                h.ok("log", "--format", "json").json().get("operations").get(0).get("subject").asText());

        // serving the fallback, there is nothing further back
        h.refused(5, "airisk: error: churn has no earlier stable version and no other fallback version in prod to roll back to "
                        + "(see 'airisk history churn --env prod'; set a fallback with 'airisk fallback set churn --env prod VERSION')",
                "rollback", "churn", "--env", "prod", "--reason", "INC-1", "--yes");

        // a version rolled back out of the environment is no fallback
        h.refused(3, "airisk: error: churn@1.1.0 was rolled back out of prod at 2026-12-01T06:00:00Z, so it is no safe fallback "
                + "(choose another version as the fallback)", "fallback", "set", "churn", "--env", "prod", "1.1.0");

        h.ok("notify");
        List<String> notices = lines(billing);
        assertEquals(1, notices.size());
        JsonNode notice = Json.mapper().readTree(notices.get(0));
        assertEquals("true", notice.get("data").get("fallback").asText(), notices.get(0));
        assertEquals("0.9.0", notice.get("data").get("rolled_back_to").asText());
        assertEquals("clean", audit());
    }

    @Test
    void rollbackForAnIncident_recordsTheFallbackOnItsTimeline() {
        h.ok("fallback", "set", "churn", "--env", "prod", "0.9.0");
        String id = h.ok("incident", "open", "churn@1.1.0", "--env", "prod", "--severity", "high", "--summary", "bad scores",
                "--format", "json").json().get("incident").get("id").asText();
        String out = h.ok("rollback", "churn", "--env", "prod", "--incident", id, "--reason", "bad scores", "--yes").out();
        assertTrue(out.startsWith("Rolled back churn in prod from 1.1.0 to the fallback version 0.9.0"), out);
        JsonNode timeline = h.ok("incident", "show", id, "--format", "json").json().get("timeline");
        JsonNode rolled = timeline.get(timeline.size() - 1);
        assertEquals("rolled-back", rolled.get("kind").asText());
        assertEquals("0.9.0", rolled.get("to").asText());
        assertEquals("bad scores (to fallback version 0.9.0)", rolled.get("text").asText());
        assertEquals("clean", audit());
    }

    @Test
    void monitoringRollback_withNoEarlierStableVersion_usesTheFallback_andTheIncidentSaysSo() throws IOException {
        Path log = tmp.resolve("day.csv");
        Files.writeString(log, MonitorTest.log(1000, 7, MonitorTest.START.plus(Duration.ofHours(1)), 300,
                MonitorTest.START.plus(Duration.ofHours(2))));
        Harness.Result without = h.runAs("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", log.toString(),
                "--format", "json");
        assertEquals(3, without.code(), without.err());
        assertTrue(without.err().contains("airisk: warning: not rolled back: prod has no earlier stable version than churn@1.1.0 "
                + "and no other fallback version to roll back to"), without.err());

        h.ok("fallback", "set", "churn", "--env", "prod", "0.9.0");
        Files.writeString(log, MonitorTest.log(1000, 8, MonitorTest.START.plus(Duration.ofHours(1)), 300,
                MonitorTest.START.plus(Duration.ofHours(2))));
        Harness.Result r = h.runAs("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", log.toString(),
                "--format", "json");
        assertEquals(3, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("0.9.0", j.get("rolled_back_to").asText());
        assertTrue(j.get("fallback").asBoolean());
        assertTrue(r.firstErrLine().endsWith("(rolled back to the fallback version 0.9.0 and opened incident " + j.get("incident").asText()
                + "; see 'airisk incident show " + j.get("incident").asText() + "')"), r.err());
        assertEquals("0.9.0", prod().get("stable").get("version").asText());
        JsonNode timeline = h.ok("incident", "show", j.get("incident").asText(), "--format", "json").json().get("timeline");
        List<String> texts = new ArrayList<>();
        timeline.forEach(e -> texts.add(e.get("kind").asText() + ": " + e.path("text").asText("")));
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("rolled-back: ") && t.endsWith("(to fallback version 0.9.0)")), texts.toString());
        assertEquals("clean", audit());
    }

    @Test
    void monitoringRollback_skipsEarlierVersionsThatBreachedThere_andTakesTheFallbackWhenNoneIsHealthy() throws IOException {
        // 1.1.0 breaches in prod (notify only), then 1.2.0 replaces it there
        Path day = tmp.resolve("day.csv");
        Files.writeString(day, MonitorTest.log(1000, 7, MonitorTest.START.plus(Duration.ofHours(1)), 300, null));
        assertEquals(3, h.runAs("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", day.toString(),
                "--on-breach", "notify").code());
        h.okAs("alice", "register", h.model("m-1.2.0", "weights 1.2.0").toString(), "--model", "churn", "--version", "1.2.0",
                "--meta", h.writeMeta(MonitorTest.META).toString());
        Path sample = Files.writeString(tmp.resolve("baseline.csv"),
                MonitorTest.log(2000, 1, MonitorTest.START.minus(Duration.ofDays(30)), -1, null));
        h.ok("profile", "churn@1.2.0", "--from", sample.toString(), "--score-column", "score", "--confidence-column", "confidence",
                "--timestamp-column", "ts");
        for (String env : List.of("dev", "staging", "prod")) {
            h.ok("promote", "churn@1.2.0", "--to", env);
        }
        h.ok("fallback", "set", "churn", "--env", "prod", "0.9.0");

        clock.set(MonitorTest.START.plus(Duration.ofHours(12)));
        Path later = tmp.resolve("later.csv");
        Files.writeString(later, MonitorTest.log(1000, 8, MonitorTest.START.plus(Duration.ofHours(7)), 300, null));
        Harness.Result r = h.runAs("cron", "monitor", "evaluate", "churn", "--env", "prod", "--predictions", later.toString(),
                "--format", "json");
        assertEquals(3, r.code(), r.err());
        assertEquals("0.9.0", r.json().get("rolled_back_to").asText(), "1.1.0 breached when last evaluated in prod");
        assertTrue(r.json().get("fallback").asBoolean());
        assertEquals("0.9.0", prod().get("stable").get("version").asText());
        assertEquals("clean", audit());
    }

    @Test
    void clear_removesTheFallback_andARollbackNeedsAnEarlierVersionAgain() {
        h.ok("fallback", "set", "churn", "--env", "prod", "0.9.0");
        assertEquals("Cleared fallback churn@0.9.0 in prod\n", h.ok("fallback", "clear", "churn", "--env", "prod").out().replaceAll(" \\[\\w+\\]", ""));
        assertTrue(prod().get("fallback").isNull());
        h.refused(5, "airisk: error: churn has no fallback version in prod (set one with 'airisk fallback set churn --env prod VERSION')",
                "fallback", "clear", "churn", "--env", "prod");
        h.refused(5, "airisk: error: churn has no earlier stable version and no other fallback version in prod to roll back to "
                        + "(see 'airisk history churn --env prod'; set a fallback with 'airisk fallback set churn --env prod VERSION')",
                "rollback", "churn", "--env", "prod", "--reason", "x", "--yes");
        assertEquals("clean", audit());
    }

    @Test
    void badInput_isRefused_andChangesNothing() throws IOException {
        h.refused(5, "airisk: error: churn@9.9.9 is not registered (run 'airisk list churn' to see its versions)",
                "fallback", "set", "churn", "--env", "prod", "9.9.9");
        h.refused(2, "airisk: error: churn@1.1.0 is the stable version in prod, so it cannot be its fallback "
                + "(choose a version to serve when churn@1.1.0 must not, e.g. a rule-based model)", "fallback", "set", "churn", "--env", "prod", "1.1.0");
        h.refused(2, "airisk: error: unknown environment 'production' (environments of this registry are dev, staging, prod)",
                "fallback", "set", "churn", "--env", "production", "0.9.0");
        h.refused(5, "airisk: error: model 'fraud' is not registered (run 'airisk list' to see the registered models)",
                "fallback", "set", "fraud", "--env", "prod", "0.9.0");
        Map<String, String> before = h.state();
        Harness.Result role = h.runAs("cron", "fallback", "set", "churn", "--env", "prod", "0.9.0");
        assertEquals(3, role.code(), role.err());
        assertEquals("airisk: error: key 'cron' does not hold the releaser role needed to set or clear a fallback version "
                + "(ask an admin to run 'airisk keys trust KEY.pub.pem --role releaser')", role.firstErrLine());
        assertEquals(before, h.state());

        // a fallback is verified like a rollback target: every blob re-hashed
        String weights = Harness.hash(tmp.resolve("m-0.9.0/weights.bin"));
        Path blob = h.store.resolve("sha256/" + weights.substring(0, 2) + "/" + weights.substring(2));
        blob.toFile().setWritable(true);
        Files.writeString(blob, "tampered");
        Harness.Result tampered = h.run("fallback", "set", "churn", "--env", "prod", "0.9.0");
        assertEquals(4, tampered.code(), tampered.err());
        assertTrue(tampered.firstErrLine().startsWith("airisk: error: fallback churn@0.9.0: weights.bin: "), tampered.err());
        assertTrue(tampered.firstErrLine().endsWith("(choose another version as the fallback, and investigate with "
                + "'airisk verify churn@0.9.0')"), tampered.err());
        assertTrue(prod().get("fallback").isNull());
    }

    @Test
    void audit_findsAFallbackCommitWhoseStateDoesNotFollow_andAFallbackThatIsNotRegistered() throws IOException {
        String alice = AuditTest.keyId(h, "alice");
        String since = "    fallback:\n      version: %s\n      since: \"2026-12-01T06:00:00Z\"\n      by: " + alice + "\n";
        AuditTest.signedCommit(h.home, h.registry, "alice", "Set fallback of churn in prod to 0.9.0",
                AuditTest.trailers("fallback-set", "0.9.0", "prod", alice),
                Map.of("models/churn/state.yaml", s -> s.replace("  prod:\n", "  prod:\n" + since.formatted("1.1.0"))), clock);
        assertTrue(audit().contains("writes a state.yaml for churn that does not follow from its operation (fallback-set churn@0.9.0 in prod)"),
                audit());

        MonitorTest.copy(template, tmp.resolve("other"));
        Harness other = new Harness(tmp.resolve("other"));
        other.env.put(Context.KEY, "alice");
        AuditTest.signedCommit(other.home, other.registry, "alice", "Set fallback of churn in prod to 7.0.0",
                AuditTest.trailers("fallback-set", "7.0.0", "prod", alice),
                Map.of("models/churn/state.yaml", s -> s.replace("  prod:\n", "  prod:\n" + since.formatted("7.0.0"))), clock);
        Harness.Result r = other.run("audit", "verify");
        assertEquals(4, r.code(), r.out() + r.err());
        assertTrue(r.firstErrLine().contains("sets fallback churn@7.0.0, which is not registered"), r.err());
    }
}
