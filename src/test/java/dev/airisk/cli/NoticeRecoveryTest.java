package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.core.Layout;
import dev.airisk.core.release.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries that cannot be lost: a failure on the sending side keeps a delivery pending until it is
 * sent; a delivery given up is re-queued or acknowledged by a signed commit, and notify keeps failing
 * until one of them happens.
 */
class NoticeRecoveryTest {
    static final String SECRET = "hook-secret-of-the-consumers";

    @TempDir
    Path tmp;
    Harness h;
    LoopbackHook hook;
    MutableClock clock;

    @BeforeEach
    void setUp() throws IOException {
        h = Harness.initialised(tmp);
        clock = new MutableClock(Instant.now());
        h.clock = clock;
        hook = new LoopbackHook(SECRET);
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.3.0", "--meta", h.releasableMeta().toString());
        h.ok("consumers", "add", "billing", "--model", "churn", "--events", "deprecated", "--webhook", hook.url("/hook"),
                "--secret-env", "HOOK_SECRET");
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2099-01-01", "--reason", "superseded");
    }

    @AfterEach
    void tearDown() {
        hook.close();
    }

    @Test
    void missingSecretVariable_keepsTheDeliveryPending_untilItIsSet_andCommitsNothing() {
        Map<String, String> before = h.state();
        Harness.Result first = h.run("notify");
        assertEquals(1, first.code(), first.err());
        assertEquals("airisk: failing: billing: 1 delivery not sent (webhook): the webhook secret variable HOOK_SECRET is not set for "
                + hook.url("").replaceAll("^http://|/$", "") + " (set it in the environment of 'airisk notify' to the secret the receiver "
                + "shares); kept pending, the next 'airisk notify' sends it once that is fixed", first.firstErrLine());
        assertTrue(first.out().contains("Not sent 1 due notice(s): a setting of this host is missing"), first.out());
        assertEquals(before, h.state(), "nothing claimed, nothing recorded");
        Harness.Result again = h.run("notify", "--retry-failed", "--format", "json");
        assertEquals(1, again.code(), "still not delivered: " + again.out());
        assertEquals(1, again.json().get("held").size());
        assertEquals(0, hook.requests.get());
        assertEquals("pending", h.ok("notices", "--format", "json").json().get("notices").get(0).get("status").asText());

        h.env.put("HOOK_SECRET", SECRET);
        Harness.Result sent = h.run("notify");
        assertEquals(0, sent.code(), sent.err());
        assertEquals(1, hook.accepted());
        assertEquals(0, hook.badSignatures.get());
    }

    /** notify until the receiver's refusal (404) gives the delivery up; returns its id. */
    String givenUp() {
        h.env.put("HOOK_SECRET", SECRET);
        hook.answer = n -> 404;
        Harness.Result r = h.run("notify");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("Gave up: billing churn@1.3.0 dev.airisk.model.deprecated: refused: HTTP 404 from "), r.out());
        return h.ok("notices", "--failed", "--format", "json").json().get("notices").get(0).get("id").asText();
    }

    static final String GIVEN_UP = "airisk: failing: billing: 1 delivery given up (webhook), last: churn@1.3.0 dev.airisk.model.deprecated: "
            + "refused: HTTP 404 from ";
    static final String HINT = " (run 'airisk notices retry --consumer billing' to send it again, or 'airisk notices ack --consumer billing "
            + "--reason TEXT' to accept the loss)";

    @Test
    void aGivenUpDelivery_failsEveryRun_untilItIsRequeued_andThenIsSent() {
        String id = givenUp();
        hook.answer = n -> 200;
        for (String[] args : new String[][] {{"notify"}, {"notify", "--retry-failed"}, {"notify", "--dry-run"}}) {
            Harness.Result r = h.run(args);
            assertEquals(1, r.code(), String.join(" ", args) + ": " + r.out());
            assertTrue(r.firstErrLine().startsWith(GIVEN_UP) && r.firstErrLine().endsWith(HINT), r.err());
        }
        assertEquals(1, hook.requests.get(), "a given-up delivery is not sent again by itself");

        JsonNode retried = h.ok("notices", "retry", id.substring(0, 12), "--reason", "receiver fixed", "--format", "json").json();
        assertTrue(retried.get("changed").asBoolean());
        JsonNode d = retried.get("deliveries").get(0);
        assertEquals("pending", d.get("status").asText());
        assertEquals("requeued", d.get("decision").get("action").asText());
        assertEquals(AuditTest.keyId(h, "alice"), d.get("decision").get("by").asText());
        assertTrue(h.ok("notices", "--pending").out().contains("pending (re-queued)"));

        Harness.Result sent = h.run("notify");
        assertEquals(0, sent.code(), sent.err());
        assertEquals(1, hook.accepted());
        assertEquals(0, h.run("notify").code());
        Harness.Result audit = h.run("audit", "verify");
        assertEquals(0, audit.code(), audit.err());
    }

    @Test
    void aDeliveryStillFailingAfterMaxAge_isGivenUp_andNotices_retryAll_sendsItAgain() {
        h.env.put("HOOK_SECRET", SECRET);
        hook.answer = n -> 503;
        assertEquals(1, h.run("notify").code());
        clock.advance(Duration.ofDays(8));
        Harness.Result last = h.run("notify");
        assertTrue(last.out().contains("Gave up: billing churn@1.3.0 dev.airisk.model.deprecated: gave up after 2 attempts over 7d: HTTP 503"),
                last.out());
        assertTrue(h.ok("notices", "--failed").out().lines().anyMatch(l -> l.contains("  failed  ") && l.contains("billing")));
        hook.answer = n -> 200;
        Harness.Result r = h.ok("notices", "retry", "--all");
        assertTrue(r.out().startsWith("Re-queued 1 delivery(ies); the next 'airisk notify' sends it:"), r.out());
        assertEquals(0, h.run("notify").code());
        assertEquals(1, hook.accepted());
        assertEquals("Nothing to re-queue: no delivery is given up.", h.ok("notices", "retry", "--all").out().strip());
    }

    @Test
    void anAcknowledgedDelivery_stopsTheAlarm_andTheAuditChecksTheDecision() {
        givenUp();
        Map<String, String> before = h.state();
        h.refused(2, "airisk: error: Missing required option: '--reason=<text>' (see 'airisk notices ack --help')", "notices", "ack", "--consumer", "billing");
        JsonNode acked = h.ok("notices", "ack", "--consumer", "billing", "--reason", "billing retired the hook", "--format", "json").json();
        assertFalse(before.equals(h.state()));
        JsonNode d = acked.get("deliveries").get(0);
        assertEquals("failed", d.get("status").asText());
        assertEquals("acknowledged", d.get("decision").get("action").asText());
        assertEquals("billing retired the hook", d.get("decision").get("reason").asText());
        assertEquals(0, h.run("notify").code(), "acknowledged: no longer failing");
        assertTrue(h.ok("notices", "--failed").out().contains("failed (acknowledged)"));
        assertEquals("Nothing to acknowledge: no delivery is given up for billing.",
                h.ok("notices", "ack", "--consumer", "billing", "--reason", "x").out().strip());
        Harness.Result audit = h.run("audit", "verify");
        assertEquals(0, audit.code(), audit.err());
        String log = GitTamper.git(tmp, "--git-dir", h.registry.toString(), "log", "-1", "--format=%B");
        assertTrue(log.contains("Airisk-Op: notices-ack"), log);
    }

    @Test
    void retryAndAckBadInput_isRefused_andNothingChanges() {
        String id = givenUp();
        h.refused(2, "airisk: error: name the deliveries one way (give delivery ids, or --consumer NAME, or --all)", "notices", "retry");
        h.refused(2, "airisk: error: name the deliveries one way (give delivery ids, or --consumer NAME, or --all)",
                "notices", "retry", id, "--all");
        h.refused(2, "airisk: error: 'xyz' is not a notice delivery id (give the id 'airisk notices --failed' shows "
                + "(6 to 32 lower-case hex characters))", "notices", "retry", "xyz");
        h.refused(5, "airisk: error: there is no notice delivery 'abcdef123456' (run 'airisk notices --failed' to see the deliveries "
                + "that failed)", "notices", "retry", "abcdef123456");
        h.refused(5, "airisk: error: there is no consumer 'nobody' and no delivery given up for one of that name "
                + "(run 'airisk notices --failed' to see the deliveries that failed)", "notices", "ack", "--consumer", "nobody", "--reason", "x");
        h.ok("notices", "retry", id);
        h.refused(6, "airisk: error: notice delivery " + id.substring(0, 12) + " to billing is pending, not failed ('airisk notify' "
                + "retries it; 'airisk notify --retry-failed' does so now)", "notices", "ack", id, "--reason", "x");
    }

    /** A second key, bob, trusted with the notifier role only; alice stays the acting key. */
    void bobAsNotifier() throws IOException {
        h.ok("keys", "generate", "--name", "bob");
        h.env.put(Context.KEY, "alice");
        Files.writeString(tmp.resolve("bob.pub.pem"), h.ok("keys", "export-public", "--name", "bob").out());
        h.ok("keys", "trust", tmp.resolve("bob.pub.pem").toString(), "--role", "notifier");
    }

    @Test
    void retry_withAKeyWithoutTheRole_isRefused() throws IOException {
        String id = givenUp();
        bobAsNotifier();
        h.env.put(Context.KEY, "bob");
        h.refused(3, "airisk: error: key 'bob' does not hold the releaser or admin role needed to re-queue notice deliveries "
                + "(ask an admin to run 'airisk keys trust KEY.pub.pem --role releaser')", "notices", "retry", id);
    }

    /** The audit verdict after a signed commit by {@code key} that rewrites the given-up delivery {@code id} with {@code edit}. */
    Harness.Result forgedDecision(String key, String id, String to, UnaryOperator<String> edit) {
        String failed = Layout.outboxFailed(id);
        String text = GitTamper.git(tmp, "--git-dir", h.registry.toString(), "show", "main:" + failed);
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Airisk-Op", "notices-ack");
        trailers.put("Airisk-Actor", AuditTest.keyId(h, key));
        Map<String, UnaryOperator<String>> edits = new LinkedHashMap<>();
        edits.put(failed, old -> null);
        edits.put(to, old -> edit.apply(text));
        AuditTest.signedCommit(h.home, h.registry, key, "Acknowledge 1 notice delivery", trailers, edits);
        return h.run("audit", "verify");
    }

    String decision(String by) {
        return "decision:\n  action: acknowledged\n  by: " + by + "\n  at: \"2026-12-01T10:00:00Z\"\n  attempts: 1\n";
    }

    @Test
    void audit_findsAnAcknowledgementByAKeyWithoutTheRole_orInAnotherKeysName() throws IOException {
        String id = givenUp();
        bobAsNotifier();
        String bob = AuditTest.keyId(h, "bob");
        Harness.Result byBob = forgedDecision("bob", id, Layout.outboxDone(id), t -> t + decision(bob));
        assertEquals(4, byBob.code(), byBob.err());
        assertTrue(byBob.firstErrLine().contains("which did not hold the releaser or admin role at that moment"), byBob.err());
    }

    @Test
    void audit_findsAnAcknowledgementRecordedInAnotherKeysName() throws IOException {
        String id = givenUp();
        h.ok("keys", "generate", "--name", "bob");
        h.env.put(Context.KEY, "alice");
        String bob = AuditTest.keyId(h, "bob");
        Harness.Result forged = forgedDecision("alice", id, Layout.outboxDone(id), t -> t + decision(bob));
        assertEquals(4, forged.code(), forged.err());
        assertTrue(forged.firstErrLine().contains("the decision it records is not by the key that signed the commit"), forged.err());
    }

    @Test
    void notify_withNothingDue_neverUnlocksTheKey_andWithSomethingDue_aWrongPassphraseChangesNothing() {
        givenUp();
        h.ok("notices", "ack", "--all", "--reason", "accepted");
        h.env.put(Context.PASSPHRASE, "not the passphrase");
        Harness.Result nothing = h.run("notify");
        assertEquals(0, nothing.code(), "nothing due: the key is not unlocked: " + nothing.err());
        assertTrue(nothing.out().contains("Nothing was due."), nothing.out());
        assertEquals(0, h.run("notify", "--dry-run").code(), "nothing due: a dry run does not unlock the key either");
        h.env.put(Context.PASSPHRASE, Harness.PASS);
        h.ok("undeprecate", "churn@1.3.0", "--reason", "still needed");
        h.env.put(Context.PASSPHRASE, "not the passphrase");
        Map<String, String> before = h.state();
        Harness.Result due = h.run("notify");
        assertEquals(2, due.code(), due.err());
        assertEquals(before, h.state());
        Harness.Result dry = h.run("notify", "--dry-run");
        assertEquals(due.firstErrLine(), dry.firstErrLine(), "a dry run unlocks the key as the real run would");
        assertEquals(2, dry.code(), dry.err());
        assertEquals(before, h.state());
    }

    @Test
    void notify_toFile_writesEveryDueNoticeInDueOrder_withoutAKey_andChangesNothing() throws IOException {
        h.ok("consumers", "add", "ops", "--model", "churn", "--events", "deprecated", "--email", "ops@example.com");
        clock.advance(Duration.ofMinutes(1));
        h.ok("undeprecate", "churn@1.3.0", "--reason", "still needed");
        h.env.remove(Context.PASSPHRASE);
        Path file = tmp.resolve("rehearsal.jsonl");
        Map<String, String> before = h.state();
        Harness.Result r = h.run("notify", "--to-file", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(before, h.state(), "a rehearsal writes nothing to the registry");
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("dev.airisk.model.deprecated", "dev.airisk.model.undeprecated", "dev.airisk.model.undeprecated"), lines.stream().map(l -> {
                    try {
                        return Json.mapper().readTree(l).get("type").asText();
                    } catch (IOException e) {
                        throw new AssertionError(l, e);
                    }
                }).toList());
        assertEquals("Registry " + h.registry + " (store " + h.store + ")", r.out().lines().findFirst().orElse(""));
        assertTrue(r.out().contains("Wrote 3 due notice(s) to " + file + " (a rehearsal: nothing was sent or marked sent;"), r.out());
        assertEquals(0, hook.requests.get());
        h.refused(2, "airisk: error: folder " + tmp.resolve("nope") + " of --to-file does not exist (create it, or give another file)",
                "notify", "--to-file", tmp.resolve("nope/x.jsonl").toString());
        h.refused(2, "airisk: error: --to-file and --dry-run contradict each other (give one of them)",
                "notify", "--to-file", file.toString(), "--dry-run");
        h.env.put(Context.PASSPHRASE, Harness.PASS);
        h.env.put("HOOK_SECRET", SECRET);
        h.run("notify");
        assertEquals(2, hook.accepted(), "the real run still delivers what the rehearsal wrote");
    }
}
