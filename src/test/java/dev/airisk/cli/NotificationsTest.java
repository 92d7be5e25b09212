package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.core.Layout;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Event;
import dev.airisk.core.release.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consumers, deprecation, notify, notices and gc end to end through the command line. */
class NotificationsTest {
    static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path tmp;
    Harness h;
    MutableClock clock;
    final ConcurrentLinkedQueue<Event> received = new ConcurrentLinkedQueue<>();
    volatile Function<Event, Delivery> answer = e -> Delivery.sent("HTTP 200");

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
        clock = new MutableClock(START);
        h.clock = clock; // before the first commit: commits carry the time of this clock
        h.ok("keys", "generate", "--name", "alice");
        h.ok("init");
        h.channels = kind -> (endpoint, event) -> {
            received.add(event);
            return answer.apply(event);
        };
        Path meta = h.releasableMeta();
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.3.0", "--meta", meta.toString());
        h.ok("register", h.model("m2", "two").toString(), "--model", "churn", "--version", "1.4.0", "--meta", meta.toString());
        h.ok("consumers", "add", "billing", "--model", "churn", "--events", "deprecated,retired,promoted",
                "--webhook", "https://billing.example/airisk", "--secret-env", "BILLING_HMAC");
    }

    void refused(int code, String firstLine, String... args) {
        h.refused(code, firstLine, args);
    }

    @Test
    void consumers_addListRemove_andConsumersYamlHoldsOnlyTheSecretsVariableName() throws Exception {
        JsonNode list = h.ok("consumers", "list", "--format", "json").json().get("consumers");
        assertEquals(1, list.size());
        assertEquals("webhook", list.get(0).get("channel").asText());
        assertEquals("BILLING_HMAC", list.get(0).get("secret_env").asText());
        assertEquals(List.of("deprecated", "promoted", "retired"), Json.mapper().convertValue(list.get(0).get("events"), List.class));
        String yaml = GitTamper.git(tmp, "--git-dir", h.registry.toString(), "show", "main:consumers.yaml");
        assertTrue(yaml.contains("secret_env: BILLING_HMAC"), yaml);
        h.ok("consumers", "add", "ops", "--model", "churn", "--events", "canary", "--file", tmp.resolve("ops.jsonl").toString());
        assertEquals(0, h.ok("consumers", "add", "ops", "--model", "churn", "--events", "canary", "--file",
                tmp.resolve("ops.jsonl").toString(), "--format", "json").json().get("commit").size(), "the same again is a no-op");
        JsonNode removed = h.ok("consumers", "remove", "ops", "--format", "json").json();
        assertTrue(removed.get("changed").asBoolean());
        assertEquals(1, h.ok("consumers", "list", "--format", "json").json().get("consumers").size());
    }

    @Test
    void slackConsumers_storeOnlyTheUrlsVariable_andAnOldEntryHoldingTheUrl_keepsWorking_withoutShowingIt() throws IOException {
        h.ok("consumers", "add", "ml-ops", "--model", "churn", "--events", "promoted", "--slack", "ML_OPS_SLACK_URL");
        String yaml = GitTamper.git(tmp, "--git-dir", h.registry.toString(), "show", "main:consumers.yaml");
        assertTrue(yaml.contains("slack_url_env: ML_OPS_SLACK_URL"), yaml);
        String secretUrl = "https://hooks.slack.com/services/T0AIRISK/B0HOOK/s3cretT0kenPart";
        refused(2, "airisk: error: the Slack webhook URL is a secret, which consumers.yaml would store "
                + "(put it in an environment variable and pass --slack VAR)",
                "consumers", "add", "x", "--model", "churn", "--events", "promoted", "--slack", secretUrl);
        refused(2, "airisk: error: --secret-env applies only to a webhook (drop --secret-env; --slack takes the variable that holds the Slack URL)",
                "consumers", "add", "x", "--model", "churn", "--events", "promoted", "--slack", "V", "--secret-env", "S");

        // consumers.yaml as it was written before Slack URLs were kept in variables
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Airisk-Op", "consumers-add");
        trailers.put("Airisk-Consumer", "old-slack");
        trailers.put("Airisk-Actor", AuditTest.keyId(h, "alice"));
        AuditTest.signedCommit(h.home, h.registry, "alice", "Add consumer old-slack of churn (slack)", trailers,
                Map.of("consumers.yaml", old -> old + "  old-slack:\n    models: [churn]\n    events: [promoted]\n    slack: " + secretUrl + "\n"), clock);
        String list = h.ok("consumers", "list").out() + h.ok("consumers", "list", "--format", "json").out();
        assertFalse(list.contains("s3cret") || list.contains("/services"), list);
        assertTrue(list.contains("https://hooks.slack.com/... (URL in consumers.yaml)"), list);
        assertTrue(list.contains("$ML_OPS_SLACK_URL"), list);
        Set<String> targets = ConcurrentHashMap.newKeySet();
        h.channels = kind -> (endpoint, event) -> {
            targets.add(endpoint.kind().id() + " " + endpoint.target() + " " + endpoint.secretEnv());
            return Delivery.sent("HTTP 200");
        };
        h.ok("promote", "churn@1.4.0", "--to", "dev");
        Harness.Result run = h.run("notify");
        assertEquals(0, run.code(), run.err());
        assertEquals(Set.of("slack null ML_OPS_SLACK_URL", "slack " + secretUrl + " null", "webhook https://billing.example/airisk BILLING_HMAC"),
                targets);
        assertEquals(0, h.run("audit", "verify").code());
    }

    @Test
    void consumersBadInput_isRefused_andNothingChanges() {
        refused(2, "airisk: error: unknown event 'deprecation' (use some of deprecated,retired,promoted,rolled-back,canary,incident-opened,incident-closed,monitoring-breached)",
                "consumers", "add", "x", "--model", "churn", "--events", "deprecation", "--email", "x@example.com");
        refused(5, "airisk: error: model 'fraud' is not registered (run 'airisk list' to see the registered models)",
                "consumers", "add", "x", "--model", "fraud", "--events", "deprecated", "--email", "x@example.com");
        refused(2, "airisk: error: --secret-env applies only to a webhook (drop --secret-env, or use --webhook URL)",
                "consumers", "add", "x", "--model", "churn", "--events", "deprecated", "--email", "x@example.com", "--secret-env", "S");
        refused(2, "airisk: error: webhook URL has credentials in it, which consumers.yaml would store "
                        + "(put a shared secret in an environment variable and pass --secret-env VAR)",
                "consumers", "add", "x", "--model", "churn", "--events", "deprecated", "--webhook", "https://u:p@example.com/h");
        refused(6, "airisk: error: consumer 'billing' exists with other settings (run 'airisk consumers remove billing' first, or choose another name)",
                "consumers", "add", "billing", "--model", "churn", "--events", "deprecated", "--email", "x@example.com");
        refused(5, "airisk: error: there is no consumer 'nobody' (run 'airisk consumers list')", "consumers", "remove", "nobody");
    }

    @Test
    void deprecate_notifiesOnce_remindsBeforeRetirement_andARetiredVersionIsRefused() throws IOException {
        JsonNode d = h.ok("deprecate", "churn@1.3.0", "--retire-on", "2027-01-15", "--replacement", "churn@1.4.0",
                "--reason", "superseded by 1.4.0", "--format", "json").json();
        assertEquals(5, d.get("queued").asInt(), "the notice, reminders 30, 7 and 1 days before, and the retirement");
        assertEquals(5, h.ok("notices", "--pending", "--format", "json").json().get("notices").size());
        JsonNode dry = h.ok("notify", "--dry-run", "--format", "json").json();
        assertEquals(1, dry.get("due").asInt());
        assertEquals(0, received.size());
        JsonNode run = h.ok("notify", "--format", "json").json();
        assertEquals(1, run.get("sent").asInt());
        assertEquals(0, h.ok("notify", "--format", "json").json().get("sent").asInt(), "a repeated run sends nothing twice");
        Event e = received.peek();
        assertEquals("dev.airisk.model.deprecated", e.type());
        assertEquals("churn@1.3.0", e.subject());
        assertTrue(e.source().startsWith("file:/"), e.source());
        assertEquals(1, h.ok("notices", "--sent", "--format", "json").json().get("notices").size());

        clock.set(Instant.parse("2026-12-16T00:00:00Z"));
        assertEquals(1, h.ok("notify", "--format", "json").json().get("sent").asInt(), "the 30-day reminder");
        assertEquals("dev.airisk.model.retirement-reminder", List.copyOf(received).get(1).type());

        JsonNode show = h.ok("show", "churn@1.3.0", "--format", "json").json().get("lifecycle");
        assertEquals("deprecated", show.get("state").asText());
        assertEquals("2027-01-15", show.get("retire_on").asText());

        clock.set(Instant.parse("2027-01-15T00:00:00Z"));
        String denied = "airisk: error: churn@1.3.0 was retired on 2027-01-15 (use churn@1.4.0) "
                + "(a retired version cannot be promoted, canaried or pulled)";
        refused(3, denied, "promote", "churn@1.3.0", "--to", "dev");
        refused(3, denied, "canary", "start", "churn@1.3.0", "--env", "dev", "--weight", "10");
        refused(3, denied, "pull", "churn@1.3.0", "--to", tmp.resolve("out").toString());
        assertEquals("retired", h.ok("show", "churn@1.3.0", "--format", "json").json().get("lifecycle").get("state").asText());
        String shown = h.ok("show", "churn@1.3.0").out();
        assertTrue(shown.contains("lifecycle:     retired on 2027-01-15 (use churn@1.4.0)\n"), shown);
        assertTrue(shown.contains("reason:        superseded by 1.4.0\n"), shown);
        assertTrue(h.ok("show", "churn").out().replaceAll("\\s+", " ").contains("retired on 2027-01-15"));
        JsonNode run2 = h.ok("notify", "--format", "json").json();
        assertEquals(1, run2.get("sent").asInt(), "the retirement; the 7- and 1-day reminders it overtook are not sent");
        assertEquals("dev.airisk.model.retired", List.copyOf(received).get(received.size() - 1).type());
        assertEquals(2, h.ok("notices", "--format", "json").json().get("notices").findValuesAsText("status").stream()
                .filter("cancelled"::equals).count());
        assertEquals(0, h.run("audit", "verify").code(), "audit verify accepts every operation");
    }

    @Test
    void status_marksAServingVersionThatIsDeprecatedThenRetired() {
        h.ok("promote", "churn@1.3.0", "--to", "dev");
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2026-12-02", "--replacement", "churn@1.4.0", "--reason", "superseded");
        String status = h.ok("status", "churn").out();
        // the cell wraps onto a continuation line within 100 columns
        assertTrue(status.contains("1.3.0 (deprecated, retires on 2026-12-02") && status.contains("churn@1.4.0))"), status);
        clock.set(Instant.parse("2026-12-02T00:00:00Z"));
        String retired = h.ok("status", "churn").out();
        assertTrue(retired.contains("1.3.0 (retired on 2026-12-02") && retired.contains("churn@1.4.0))"), retired);
        JsonNode d = h.ok("status", "churn", "--format", "json").json().get("models").get(0).get("deprecations").get(0);
        assertEquals("retired", d.get("state").asText());
        assertEquals("churn@1.4.0", d.get("replacement").asText());
    }

    @Test
    void deprecateBadInput_isRefused_andNothingChanges() {
        refused(5, "airisk: error: churn@9.9.9 is not registered (run 'airisk list churn' to see its versions)",
                "deprecate", "churn@9.9.9", "--retire-on", "2027-01-15", "--reason", "x");
        refused(2, "airisk: error: retire-on date 2026-11-30 is in the past (give today (2026-12-01) or a later date)",
                "deprecate", "churn@1.3.0", "--retire-on", "2026-11-30", "--reason", "x");
        refused(2, "airisk: error: retire-on date '2027-13-01' is malformed (write a date like 2026-12-01 (retirement starts at 00:00 UTC))",
                "deprecate", "churn@1.3.0", "--retire-on", "2027-13-01", "--reason", "x");
        refused(2, "airisk: error: the replacement of churn@1.3.0 is churn@1.3.0 itself (name another version)",
                "deprecate", "churn@1.3.0", "--retire-on", "2027-01-15", "--replacement", "churn@1.3.0", "--reason", "x");
        refused(5, "airisk: error: replacement churn@2.0.0 is not registered (run 'airisk list churn' to see its versions)",
                "deprecate", "churn@1.3.0", "--retire-on", "2027-01-15", "--replacement", "churn@2.0.0", "--reason", "x");
        refused(2, "airisk: error: a reason is required (pass --reason TEXT (consumers receive it))",
                "deprecate", "churn@1.3.0", "--retire-on", "2027-01-15", "--reason", " ");
        refused(5, "airisk: error: churn@1.3.0 is not deprecated (see 'airisk show churn@1.3.0')",
                "undeprecate", "churn@1.3.0", "--reason", "x");
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2027-01-15", "--reason", "x");
        refused(6, "airisk: error: churn@1.3.0 is already deprecated (retires on 2027-01-15) "
                        + "(run 'airisk undeprecate churn@1.3.0 --reason TEXT' first to change the date or the replacement)",
                "deprecate", "churn@1.3.0", "--retire-on", "2027-02-15", "--reason", "x");
    }

    @Test
    void undeprecate_cancelsPendingReminders_andTellsConsumers() {
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2027-01-15", "--reason", "superseded");
        JsonNode u = h.ok("undeprecate", "churn@1.3.0", "--reason", "customers need more time", "--format", "json").json();
        assertEquals(4, u.get("cancelled").asInt());
        assertEquals("active", h.ok("show", "churn@1.3.0", "--format", "json").json().get("lifecycle").get("state").asText());
        h.ok("notify");
        assertEquals(List.of("dev.airisk.model.deprecated", "dev.airisk.model.undeprecated"),
                received.stream().map(Event::type).sorted().toList());
        clock.set(Instant.parse("2027-02-01T00:00:00Z"));
        h.ok("notify");
        assertEquals(2, received.size(), "no reminder and no retirement after undeprecate");
        h.ok("promote", "churn@1.3.0", "--to", "dev");
    }

    @Test
    void failingDelivery_exitsOne_withOneLinePerConsumer_andIsRetriedAfterTheBackoff() {
        h.ok("consumers", "add", "ops", "--model", "churn", "--events", "promoted", "--email", "ops@example.com");
        h.ok("promote", "churn@1.4.0", "--to", "dev");
        answer = e -> Delivery.retry("HTTP 503", null);
        Harness.Result r = h.run("notify");
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("airisk: failing: billing: 1 delivery failing (webhook), last: churn@1.4.0 "
                + "dev.airisk.model.promoted: failed: HTTP 503; next attempt after 2026-12-01T09:01:00Z"), lines.get(0));
        assertTrue(lines.get(1).startsWith("airisk: failing: ops: "), lines.get(1));
        assertEquals(2, h.ok("notices", "--failed", "--format", "json").json().get("notices").size());
        List<String> table = h.ok("notices", "--failed").out().lines().toList();
        assertTrue(table.get(0).endsWith("  NEXT ATTEMPT"), table.get(0));
        assertTrue(table.get(1).endsWith("  2026-12-01T09:01:00Z"), table.get(1));
        assertTrue(table.get(2).strip().endsWith("1 attempt: failed: HTTP 503"), table.get(2));
        assertEquals(1, h.run("notify").code(), "still failing while it waits");
        assertEquals(2, received.size(), "nothing retried within the backoff");
        clock.advance(Duration.ofMinutes(1));
        answer = e -> Delivery.sent("HTTP 200");
        assertEquals(0, h.run("notify").code());
        assertEquals(4, received.size());
        assertEquals(2, h.ok("notices", "--sent", "--format", "json").json().get("notices").size());
    }

    @Test
    void gc_collectsBlobsOnlyRetiredVersionsUse_keepsTheRecord_andVerifySaysSo() throws IOException {
        Path shared = h.model("m3", "three");
        Path meta = h.writeMeta("owner: team@example.com\nrisk_tier: limited\n");
        h.ok("register", shared.toString(), "--model", "churn", "--version", "1.5.0", "--meta", meta.toString());
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2026-12-02", "--reason", "superseded");
        clock.set(Instant.parse("2027-12-01T23:00:00Z"));
        assertEquals(0, h.ok("gc", "--format", "json").json().get("versions").size(), "not yet 365 days after retirement");
        clock.set(Instant.parse("2027-12-02T00:00:00Z"));
        Map<String, String> before = h.state();
        JsonNode dry = h.ok("gc", "--dry-run", "--format", "json").json();
        assertEquals(before, h.state(), "a dry run changes nothing");
        JsonNode v = dry.get("versions").get(0);
        assertEquals("1.3.0", v.get("version").asText());
        assertEquals(1, v.get("deleted").size(), "weights.bin 'one' only; the other files are shared with 1.4.0 and 1.5.0");
        JsonNode done = h.ok("gc", "--format", "json").json();
        assertEquals(v.get("deleted"), done.get("versions").get(0).get("deleted"));
        String blob = v.get("deleted").get(0).asText();
        assertFalse(Files.exists(h.store.resolve("sha256/" + blob.substring(0, 2) + "/" + blob.substring(2))));
        assertEquals("collected", h.ok("show", "churn@1.3.0", "--format", "json").json().get("lifecycle").get("state").asText());
        Harness.Result verify = h.run("verify", "churn@1.3.0");
        assertEquals(5, verify.code(), verify.err());
        assertTrue(verify.firstErrLine().startsWith("airisk: error: the artifacts of churn@1.3.0 were collected under retention on 2027-12-02T00:00:00Z, retired on 2026-12-02"),
                verify.err());
        assertEquals(0, h.run("verify", "churn@1.5.0").code());
        assertEquals(0, h.ok("gc", "--format", "json").json().get("versions").size(), "collected once");
        Harness.Result audit = h.run("audit", "verify");
        assertEquals(0, audit.code(), audit.err());
    }

    /**
     * The audit verdict after a signed commit by {@code key} that moves the first queued delivery to
     * the receipts (done), rewritten by {@code edit}, as a notify run records a receipt.
     */
    Harness.Result forged(String key, String op, UnaryOperator<String> edit) {
        JsonNode notice = h.ok("notices", "--format", "json").json().get("notices").get(0);
        String pending = Layout.outboxPending(Instant.parse(notice.get("due").asText()), notice.get("id").asText());
        String done = Layout.outboxDone(notice.get("id").asText());
        String text = GitTamper.git(tmp, "--git-dir", h.registry.toString(), "show", "main:" + pending);
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Airisk-Op", op);
        trailers.put("Airisk-Actor", AuditTest.keyId(h, key));
        Map<String, UnaryOperator<String>> edits = new LinkedHashMap<>();
        edits.put(pending, old -> null);
        edits.put(done, old -> edit.apply(text));
        AuditTest.signedCommit(h.home, h.registry, key, "Record 1 notice delivery", trailers, edits, clock);
        return h.run("audit", "verify");
    }

    void deprecatedWithBob() throws IOException {
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2027-01-15", "--reason", "superseded");
        h.ok("keys", "generate", "--name", "bob");
        h.env.put(Context.KEY, "alice");
        Files.writeString(tmp.resolve("bob.pub.pem"), h.ok("keys", "export-public", "--name", "bob").out());
        h.ok("keys", "trust", tmp.resolve("bob.pub.pem").toString(), "--role", "approver");
    }

    @Test
    void audit_acceptsAReceiptRecordedAsNotifyDoes() throws IOException {
        deprecatedWithBob();
        Harness.Result r = forged("alice", "notify-record", text -> text.replace("status: pending", "status: sent").replace("attempts: 0", "attempts: 1"));
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void audit_findsAReceiptForgedByAKeyWithoutTheNotifierRole() throws IOException {
        deprecatedWithBob();
        Harness.Result r = forged("bob", "notify-record", text -> text.replace("status: pending", "status: sent"));
        assertEquals(4, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("which did not hold the notifier or releaser role at that moment"), r.err());
    }

    @Test
    void audit_findsAReceiptThatChangesWhereANoticeGoes() throws IOException {
        deprecatedWithBob();
        Harness.Result r = forged("alice", "notify-record", text -> text.replace("https://billing.example/airisk", "https://evil.example/x")
                .replace("status: pending", "status: sent"));
        assertEquals(4, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("changes what delivery outbox/done/"), r.err());
    }

    @Test
    void audit_findsANoticeCancelledByAnOperationThatMayNot() throws IOException {
        deprecatedWithBob();
        Harness.Result r = forged("alice", "policy-set", text -> text.replace("status: pending", "status: cancelled"));
        assertEquals(4, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("which its operation may not change"), r.err());
    }

    @Test
    void audit_findsAReceiptWrittenBesideThePendingDelivery_insteadOfMovingIt() throws IOException {
        deprecatedWithBob();
        JsonNode notice = h.ok("notices", "--format", "json").json().get("notices").get(0);
        String pending = Layout.outboxPending(Instant.parse(notice.get("due").asText()), notice.get("id").asText());
        String done = Layout.outboxDone(notice.get("id").asText());
        String text = GitTamper.git(tmp, "--git-dir", h.registry.toString(), "show", "main:" + pending);
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Airisk-Op", "notify-record");
        trailers.put("Airisk-Actor", AuditTest.keyId(h, "alice"));
        AuditTest.signedCommit(h.home, h.registry, "alice", "Record 1 notice delivery", trailers,
                Map.of(done, old -> text.replace("status: pending", "status: sent")), clock);
        Harness.Result r = h.run("audit", "verify");
        assertEquals(4, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("changes " + done + ", which its operation may not change"), r.err());
    }
}
