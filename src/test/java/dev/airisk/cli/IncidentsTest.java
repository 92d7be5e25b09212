package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Event;
import dev.airisk.core.release.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incidents end to end through the command line: a responder opens one, rolls back for it, notes the
 * mitigation, keeps the inputs, closes it with the review its tier requires; show measures detection
 * to rollback against the SLA; consumers hear of it; the audit accepts it all and refuses forged records.
 */
class IncidentsTest {
    static final Instant START = Instant.parse("2026-12-04T09:00:00Z");
    static final String ID = "INC-20261204-1";
    static final String POLICY = """
            tiers:
              limited:
                rollback_sla: 20m
                incidents:
                  require_review: true
            """;

    @TempDir
    Path tmp;
    Harness h;
    MutableClock clock;
    final ConcurrentLinkedQueue<Event> received = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setUp() throws IOException {
        h = new Harness(tmp);
        clock = new MutableClock(START);
        h.clock = clock;
        h.ok("keys", "generate", "--name", "alice");
        h.ok("init");
        h.channels = kind -> (endpoint, event) -> {
            received.add(event);
            return Delivery.sent("HTTP 200");
        };
        h.ok("keys", "generate", "--name", "resp");
        Path pub = tmp.resolve("resp.pub.pem");
        Files.writeString(pub, h.ok("keys", "export-public", "--name", "resp").out());
        h.env.put(Context.KEY, "alice");
        h.ok("keys", "trust", pub.toString(), "--role", "responder");
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        h.ok("policy", "set", policy.toString());
        Path meta = h.releasableMeta();
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.3.0", "--meta", meta.toString());
        h.ok("register", h.model("m2", "two").toString(), "--model", "churn", "--version", "1.4.0", "--meta", meta.toString());
        h.ok("promote", "churn@1.3.0", "--to", "dev");
        h.ok("promote", "churn@1.4.0", "--to", "dev");
        h.ok("consumers", "add", "ops", "--model", "churn", "--events", "incident-opened,incident-closed,rolled-back",
                "--webhook", "https://ops.example/airisk");
    }

    Harness.Result as(String key, String... args) {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.KEY, key);
        Harness.Result r = h.run(env, args);
        assertEquals(0, r.code(), () -> key + ": airisk " + String.join(" ", args) + " failed: " + r.err());
        return r;
    }

    void refusedAs(String key, int code, String firstLine, String... args) {
        String before = h.env.put(Context.KEY, key);
        try {
            h.refused(code, firstLine, args);
        } finally {
            h.env.put(Context.KEY, before);
        }
    }

    String open() {
        JsonNode opened = as("resp", "incident", "open", "churn@1.4.0", "--env", "dev", "--severity", "high", "--summary",
                "scores drifted", "--detected-at", "2026-12-04T08:55:00Z", "--detection", "PagerDuty alert 812", "--format", "json")
                .json().get("incident");
        return opened.get("id").asText();
    }

    @Test
    void responder_opensRollsBackDocumentsAndClosesAnIncident_showMeetsTheSla_consumersHear_auditClean() throws IOException {
        assertEquals(ID, open());
        clock.advance(Duration.ofMinutes(10));
        JsonNode rb = as("resp", "rollback", "churn", "--env", "dev", "--incident", ID, "--reason", "score drift", "--yes",
                "--format", "json").json();
        assertEquals("1.3.0", rb.get("version").asText());
        assertEquals(ID, rb.get("incident").get("id").asText());
        assertEquals(900, rb.get("incident").get("seconds_to_rollback").asLong());
        assertEquals("met", rb.get("incident").get("sla").asText());
        clock.advance(Duration.ofMinutes(5));
        as("resp", "incident", "note", ID, "--mitigated", "--text", "traffic back on 1.3.0");
        Path inputs = tmp.resolve("inputs.csv");
        Files.writeString(inputs, "age,score\n41,0.7\n");
        JsonNode attached = as("resp", "incident", "attach", ID, "--inputs", inputs.toString(), "--format", "json").json();
        String sha = attached.get("incident").get("attachments").get(0).get("sha256").asText();
        assertTrue(Files.exists(h.store.resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha.substring(2))), "inputs in the store");

        refusedAs("resp", 3, "airisk: error: incident " + ID + " cannot be closed without a post-incident review (the limited risk "
                + "tier's incident rules) (pass --review FILE, or attach it first with 'airisk incident attach " + ID
                + " --kind post-incident-review FILE')", "incident", "close", ID, "--root-cause", "upstream unit change");
        Path review = tmp.resolve("review.md");
        Files.writeString(review, "# Post-incident review\n");
        as("resp", "incident", "close", ID, "--root-cause", "upstream unit change", "--review", review.toString());

        JsonNode show = h.ok("incident", "show", ID, "--format", "json").json();
        assertEquals("closed", show.get("status").asText());
        assertEquals("high", show.get("severity").asText());
        assertEquals("upstream unit change", show.get("root_cause").asText());
        assertEquals(900, show.get("detection_to_rollback_seconds").asLong());
        assertEquals(1200, show.get("rollback_sla_seconds").asLong());
        assertEquals("met", show.get("rollback_sla").asText());
        assertEquals("[\"1.4.0\",\"1.3.0\"]", show.get("versions").toString());
        List<String> kinds = new ArrayList<>();
        show.get("timeline").forEach(e -> kinds.add(e.get("kind").asText()));
        assertEquals(List.of("detected", "opened", "rolled-back", "mitigated", "attached", "attached", "closed"), kinds);
        assertEquals("PagerDuty alert 812", show.get("timeline").get(0).get("text").asText());
        String text = h.ok("incident", "show", ID).out();
        assertTrue(text.contains("Detection to rollback: 15m (SLA 20m: met)"), text);

        assertTrue(h.ok("incident", "list", "--format", "json").json().get("incidents").isEmpty(), "no open incident");
        assertEquals(ID, h.ok("incident", "list", "--all", "--format", "json").json().get("incidents").get(0).get("id").asText());
        Harness.Result audit = h.run("audit", "verify", "--format", "json");
        assertEquals(0, audit.code(), audit.err() + audit.out());

        h.ok("notify");
        List<String> types = received.stream().map(Event::type).sorted().toList();
        assertEquals(List.of("dev.airisk.model.incident-closed", "dev.airisk.model.incident-opened", "dev.airisk.model.rolled-back"),
                types);
    }

    @Test
    void anIncidentNotRolledBack_missesItsSlaOnceItRunsOut_andTheResponderMayNotPromote() {
        open();
        clock.advance(Duration.ofMinutes(30));
        JsonNode show = h.ok("incident", "show", ID, "--format", "json").json();
        assertTrue(show.get("detection_to_rollback_seconds").isNull());
        assertEquals("missed", show.get("rollback_sla").asText());
        assertFalse(show.get("timeline").get(1).get("by").asText().isEmpty());
        refusedAs("resp", 3, "airisk: error: key 'resp' does not hold the releaser role needed to promote, canary or roll back "
                + "(ask an admin to run 'airisk keys trust KEY.pub.pem --role releaser')", "promote", "churn@1.3.0", "--to", "staging");
        refusedAs("resp", 3, "airisk: error: key 'resp' does not hold the publisher or approver role needed to attach evidence to "
                + "churn@1.4.0 (ask an admin to run 'airisk keys trust KEY.pub.pem --role publisher')",
                "attach", "churn@1.4.0", "--kind", "bias-audit", tmp.resolve("policy.yaml").toString());
    }

    @Test
    void badInput_isRefusedWithOneLine_andChangesNothing() throws IOException {
        refusedAs("resp", 5, "airisk: error: incident INC-20261204-9 does not exist (see 'airisk incident list')",
                "incident", "note", "INC-20261204-9", "--text", "x");
        refusedAs("resp", 5, "airisk: error: incident INC-20261204-9 does not exist (see 'airisk incident list')",
                "incident", "attach", "INC-20261204-9", "--inputs", tmp.resolve("policy.yaml").toString());
        refusedAs("resp", 2, "airisk: error: 'INC-42' is not an incident id (incident ids look like INC-YYYYMMDD-N, e.g. "
                + "INC-20261204-1; see 'airisk incident list')", "incident", "show", "INC-42");
        String[] open = {"incident", "open", "churn@1.4.0", "--env", "dev", "--severity", "high", "--summary", "drift"};
        refusedAs("resp", 2, "airisk: error: severity 'urgent' is not one of low, medium, high, critical (use one of low, medium, "
                + "high, critical)", "incident", "open", "churn@1.4.0", "--env", "dev", "--severity", "urgent", "--summary", "x");
        refusedAs("resp", 2, "airisk: error: the detection time 2026-12-04T10:00:00Z is in the future (give the time the problem "
                + "was seen, e.g. 2026-11-26T09:41:00Z)", with(open, "--detected-at", "2026-12-04T10:00:00Z"));
        refusedAs("resp", 2, "airisk: error: --detected-at 'yesterday' is not a time (give an ISO-8601 UTC time, e.g. "
                + "2026-11-26T09:41:00Z)", with(open, "--detected-at", "yesterday"));
        refusedAs("resp", 2, "airisk: error: unknown environment 'qa' (environments of this registry are dev, staging, prod)",
                "incident", "open", "churn@1.4.0", "--env", "qa", "--severity", "high", "--summary", "x");
        refusedAs("resp", 2, "airisk: error: the summary is empty (pass --summary TEXT: one line saying what happened)",
                "incident", "open", "churn@1.4.0", "--env", "dev", "--severity", "high", "--summary", " ");
        refusedAs("resp", 5, "airisk: error: churn@9.9.9 is not registered (run 'airisk list churn' to see its versions)",
                "incident", "open", "churn@9.9.9", "--env", "dev", "--severity", "high", "--summary", "x");
        refusedAs("resp", 2, "airisk: error: the detection is 4097 characters long; incident text may be at most 4096 characters "
                + "(shorten it; attach the details with 'airisk incident attach')", with(open, "--detection", "x".repeat(4097)));

        open();
        refusedAs("resp", 2, "airisk: error: the note is empty (pass --text TEXT)", "incident", "note", ID);
        refusedAs("resp", 2, "airisk: error: the time 2026-12-04T08:00:00Z is before the incident was detected "
                + "(2026-12-04T08:55:00Z) (give the time it happened, after the detection)",
                "incident", "note", ID, "--mitigated", "--at", "2026-12-04T08:00:00Z");
        refusedAs("resp", 2, "airisk: error: nothing to attach (pass --inputs FILE, or FILE --kind KIND)", "incident", "attach", ID);
        Path doc = tmp.resolve("doc.txt");
        Files.writeString(doc, "doc");
        refusedAs("resp", 2, "airisk: error: the kind of " + doc + " is not given (pass --kind KIND, e.g. --kind post-incident-review)",
                "incident", "attach", ID, doc.toString());
        refusedAs("resp", 2, "airisk: error: " + tmp.resolve("none.csv") + " is not a file (give the path of the document to attach)",
                "incident", "attach", ID, "--inputs", tmp.resolve("none.csv").toString());
        refusedAs("resp", 2, "airisk: error: --incident and --incident-opened-at cannot be given together (give --incident alone: "
                + "the incident's timeline says when the problem was detected)", "rollback", "churn", "--env", "dev", "--incident", ID,
                "--incident-opened-at", "2026-12-04T08:00:00Z", "--reason", "x", "--yes");
        refusedAs("resp", 3, "airisk: error: incident " + ID + " cannot be closed without a root cause (the limited risk tier's "
                + "incident rules) (pass --root-cause TEXT)", "incident", "close", ID, "--review", doc.toString());

        h.ok("register", h.model("f1", "fraud").toString(), "--model", "fraud", "--version", "1.0.0", "--meta",
                h.releasableMeta().toString());
        refusedAs("resp", 3, "airisk: error: incident " + ID + " is about churn@1.4.0, not about fraud (link the rollback to an "
                + "incident of fraud; see 'airisk incident list --model fraud')",
                "rollback", "fraud", "--env", "dev", "--incident", ID, "--reason", "x", "--yes");
        as("resp", "incident", "close", ID, "--root-cause", "bad join", "--review", doc.toString());
        refusedAs("resp", 6, "airisk: error: incident " + ID + " is closed (open a new incident with 'airisk incident open')",
                "incident", "note", ID, "--text", "late");
        refusedAs("resp", 6, "airisk: error: incident " + ID + " is closed (open a new incident with 'airisk incident open')",
                "rollback", "churn", "--env", "dev", "--incident", ID, "--reason", "x", "--yes");
    }

    @Test
    void gc_keepsABlobAnIncidentAttached_whenTheVersionThatHadItIsCollected() {
        open();
        as("resp", "incident", "attach", ID, tmp.resolve("m1/weights.bin").toString(), "--kind", "weights");
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2026-12-05", "--reason", "superseded");
        clock.set(Instant.parse("2027-12-06T00:00:00Z"));
        JsonNode v = h.ok("gc", "--format", "json").json().get("versions").get(0);
        assertEquals("1.3.0", v.get("version").asText());
        assertEquals(0, v.get("deleted").size(), v.toString());
        String blob = v.get("kept_in_use").get(0).asText();
        assertTrue(Files.exists(h.store.resolve("sha256/" + blob.substring(0, 2) + "/" + blob.substring(2))));
    }

    @Test
    void audit_refusesAnIncidentRecordChangedAfterItWasWritten() {
        open();
        String actor = AuditTest.keyId(h, "resp");
        Map<String, String> t = AuditTest.trailers("incident-note", "1.4.0", null, actor);
        t.put("Airisk-Incident", ID);
        String first = "incidents/" + ID + "/0001-opened.json";
        Map<String, String> env = new HashMap<>(h.env);
        AuditTest.signedCommit(h.home, h.registry, "resp", "Note on incident", reorder(t),
                Map.of(first, s -> s.replace("\"payload\"", "\"payload\" ")), clock);
        Harness.Result r = h.run(env, "audit", "verify");
        assertEquals(4, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("changes " + first + ", which may not change once written"), r.err());
    }

    @Test
    void audit_refusesARecordAddedToAClosedIncident_andAClosingWithoutTheReviewItsTierRequires() throws IOException {
        open();
        Path doc = tmp.resolve("review.md");
        Files.writeString(doc, "review");
        as("resp", "incident", "close", ID, "--root-cause", "bad join", "--review", doc.toString());
        Map<String, Object> late = record(3, Map.of(), List.of(Map.of("kind", "note", "at", clock.instant().toString())));
        assertEquals("adds to incident " + ID + ", which was closed", forged("incident-note", "0003-note.json", late));

        clock.advance(Duration.ofMinutes(1));
        JsonNode second = as("resp", "incident", "open", "churn@1.4.0", "--env", "dev", "--severity", "low", "--summary", "slow",
                "--format", "json").json().get("incident");
        assertEquals("INC-20261204-2", second.get("id").asText());
        Map<String, Object> close = record(2, Map.of("root_cause", "bad join"),
                List.of(Map.of("kind", "closed", "at", clock.instant().toString())));
        close.put("incident", "INC-20261204-2");
        assertEquals("closes incident INC-20261204-2 without the root cause and post-incident review its tier requires",
                forged("incident-close", "0002-closed.json", close));
    }

    /** An incident record's predicate, as docs/formats.md describes it. */
    private static Map<String, Object> record(int sequence, Map<String, Object> header, List<Map<String, Object>> entries) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("incident", ID);
        p.put("model", "churn");
        p.put("version", "1.4.0");
        p.put("sequence", sequence);
        p.putAll(header);
        p.put("entries", entries);
        return p;
    }

    /**
     * The problem the audit reports (its offence) after a commit by the responder's key of {@code op}
     * writing the signed record {@code predicate} as {@code name} in its incident's folder; the commit
     * is removed again so that the next one starts from a clean history.
     */
    private String forged(String op, String name, Map<String, Object> predicate) throws IOException {
        String id = predicate.get("incident").toString();
        String root = h.ok("show", "churn@1.4.0", "--format", "json").json().get("root_digest").asText();
        dev.airisk.core.port.Signer resp = new dev.airisk.adapters.crypto.FileKeyring(h.home).unlock("resp", Harness.PASS.toCharArray());
        byte[] envelope = new dev.airisk.adapters.crypto.SigstoreAttestations().signStatement(
                new dev.airisk.core.port.Attestations.Statement("https://airisk.dev/incident/v1", "churn",
                        dev.airisk.core.model.Sha256.parse(root), predicate), resp);
        Map<String, String> t = AuditTest.trailers(op, "1.4.0", null, AuditTest.keyId(h, "resp"));
        t.put("Airisk-Incident", id);
        String head = GitTamper.git(tmp, "--git-dir", h.registry.toString(), "rev-parse", "main").strip();
        AuditTest.signedCommit(h.home, h.registry, "resp", "Forged", reorder(t),
                Map.of("incidents/" + id + "/" + name, x -> new String(envelope, java.nio.charset.StandardCharsets.UTF_8)), clock);
        Harness.Result r = h.run("audit", "verify", "--format", "json");
        GitTamper.git(tmp, "--git-dir", h.registry.toString(), "update-ref", "refs/heads/main", head);
        assertEquals(4, r.code(), r.err());
        return r.json().get("offence").get("problem").asText();
    }

    /** The trailers with the actor last, as airisk writes them. */
    private static Map<String, String> reorder(Map<String, String> t) {
        Map<String, String> out = new java.util.LinkedHashMap<>(t);
        String actor = out.remove("Airisk-Actor");
        out.put("Airisk-Actor", actor);
        return out;
    }

    private static String[] with(String[] base, String... more) {
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }
}
