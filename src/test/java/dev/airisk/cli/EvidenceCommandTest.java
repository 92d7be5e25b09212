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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airisk evidence}: who approved what, until when and whether it still counts; attachments; checklist answers. */
class EvidenceCommandTest {
    @TempDir
    Path tmp;
    Harness h;
    MutableClock clock;
    final Map<String, String> ids = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        h = Harness.initialised(tmp);
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        h.clock = clock;
        h.env.put(Context.KEY, "alice");
        ids.put("alice", h.ok("keys", "export-public", "--name", "alice", "--format", "json").json().get("key_id").asText());
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), ReleaseFlowTest.POLICY);
        h.ok("policy", "set", policy.toString());
        for (String[] k : List.of(new String[] {"bob", "risk-committee"}, new String[] {"carol", "peer-review"},
                new String[] {"dave", "peer-review"})) {
            h.ok("keys", "generate", "--name", k[0]);
            Path pem = Files.writeString(tmp.resolve(k[0] + ".pub.pem"), h.ok("keys", "export-public", "--name", k[0]).out());
            ids.put(k[0], h.ok("keys", "trust", pem.toString(), "--role", k[1], "--format", "json").json().get("key_id").asText());
        }
        h.ok("register", h.model("m", "weights").toString(), "--model", "credit", "--version", "1.0.0", "--meta",
                h.writeMeta(ReleaseFlowTest.HIGH_META).toString());
    }

    Harness.Result as(String key, String... args) {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.KEY, key);
        Harness.Result r = h.run(env, args);
        assertEquals(0, r.code(), () -> key + ": " + String.join(" ", args) + ": " + r.err());
        clock.advance(Duration.ofSeconds(1));
        return r;
    }

    @Test
    void evidence_listsApprovalsWithWhetherTheyCount_attachmentsAndChecklistAnswers() throws IOException {
        Path doc = Files.writeString(tmp.resolve("bias.pdf"), "bias audit report");
        as("alice", "attach", "credit@1.0.0", "--kind", "bias-audit", doc.toString());
        as("alice", "checklist", "credit@1.0.0", "--answer", "risk-management=yes", "--evidence", "RMS-7");
        as("alice", "checklist", "credit@1.0.0", "--answer", "risk-management=partial", "--evidence", "RMS-8",
                "--answer", "human-oversight=yes", "--evidence", "HO-2");
        as("carol", "approve", "credit@1.0.0", "--for", "prod", "--role", "peer-review", "--expires", "1h");
        as("dave", "approve", "credit@1.0.0", "--for", "prod", "--role", "peer-review");
        as("bob", "approve", "credit@1.0.0", "--for", "prod", "--role", "risk-committee", "--comment", "Committee 2026-11");
        as("bob", "reject", "credit@1.0.0", "--for", "prod", "--role", "risk-committee", "--comment", "bias audit is stale");
        clock.advance(Duration.ofHours(2));

        Map<String, String> before = h.state();
        JsonNode j = h.ok("evidence", "credit@1.0.0", "--format", "json").json();
        assertEquals("credit@1.0.0", j.get("ref").asText());
        JsonNode approvals = j.get("approvals");
        assertEquals(4, approvals.size(), approvals.toString());
        // oldest first: carol's (expired), dave's (counts), bob's approval (superseded by his rejection), bob's rejection (stands)
        JsonNode carol = approvals.get(0);
        assertEquals(List.of("prod", "peer-review", "approved", ids.get("carol"), "carol", "false"),
                List.of(carol.get("env").asText(), carol.get("role").asText(), carol.get("decision").asText(),
                        carol.get("key_id").asText(), carol.get("key_name").asText(), carol.get("counts").asText()));
        assertTrue(carol.get("why_not").asText().startsWith("expired "), carol.toString());
        assertEquals(Instant.parse(carol.get("signed_at").asText()).plus(Duration.ofHours(1)), Instant.parse(carol.get("expires_at").asText()));
        JsonNode dave = approvals.get(1);
        assertEquals("dave", dave.get("key_name").asText());
        assertTrue(dave.get("counts").asBoolean(), dave.toString());
        assertTrue(dave.get("why_not").isNull());
        assertTrue(dave.get("expires_at").isNull());
        JsonNode bobApproval = approvals.get(2);
        assertFalse(bobApproval.get("counts").asBoolean());
        assertTrue(bobApproval.get("why_not").asText().startsWith("superseded by the rejected signed at "), bobApproval.toString());
        assertEquals("Committee 2026-11", bobApproval.get("comment").asText());
        JsonNode bobRejection = approvals.get(3);
        assertEquals("rejected", bobRejection.get("decision").asText());
        assertTrue(bobRejection.get("counts").asBoolean());

        JsonNode attachment = j.get("attachments").get(0);
        assertEquals(List.of("bias-audit", "bias.pdf", Harness.hash(doc), ids.get("alice"), "alice"),
                List.of(attachment.get("kind").asText(), attachment.get("name").asText(), attachment.get("sha256").asText(),
                        attachment.get("key_id").asText(), attachment.get("key_name").asText()));
        assertTrue(attachment.hasNonNull("attached_at"));

        JsonNode checklist = j.get("checklist");
        assertEquals(3, checklist.size(), checklist.toString());
        assertEquals(List.of("risk-management yes RMS-7 false", "risk-management partial RMS-8 true", "human-oversight yes HO-2 true"),
                List.of(answer(checklist.get(0)), answer(checklist.get(1)), answer(checklist.get(2))));
        assertEquals("alice", checklist.get(0).get("key_name").asText());

        // The gate agrees: bob's rejection denies, carol's expired approval is ignored.
        Harness.Result check = h.run("check", "credit@1.0.0", "--to", "prod", "--format", "json");
        assertTrue(check.out().contains("rejected by risk-committee key"), check.out());

        String text = h.ok("evidence", "credit@1.0.0").out();
        TextWidthTest.fits(new Harness.Result(0, text, ""));
        String words = text.replaceAll("\\s+", " ");
        for (String expected : List.of("Approvals:", "carol", "(" + ids.get("carol").substring(0, 12) + ")",
                "dave", "(" + ids.get("dave").substring(0, 12) + ")", "does not count: expired", "does not count: superseded by the rejected", "comment: bias audit is stale",
                "no expiry", "Attachments:", "bias-audit bias.pdf", Harness.hash(doc).substring(0, 12), "Checklist answers:",
                "risk-management partial RMS-8", "RMS-7 alice")) {
            assertTrue(words.contains(expected), () -> expected + " not in\n" + text);
        }
        assertEquals(before, h.state(), "evidence changed the registry");
    }

    @Test
    void history_log_andKeysTrusted_nameKeysBesideTheirIds() {
        as("bob", "approve", "credit@1.0.0", "--for", "prod", "--role", "risk-committee");
        String bobLabel = "bob (" + ids.get("bob").substring(0, 12) + ")";
        assertTrue(h.ok("history", "credit").out().contains(bobLabel), h.ok("history", "credit").out());
        assertTrue(h.ok("log").out().contains("alice (" + ids.get("alice").substring(0, 12) + ")"));
        JsonNode newest = h.ok("log", "--format", "json").json().get("operations").get(0);
        assertEquals(List.of(ids.get("bob"), "bob"), List.of(newest.get("actor").asText(), newest.get("actor_name").asText()));
        // keys trusted: bob signed a commit with his name; dave never wrote to the registry, his name is this host's
        Map<String, String> names = new HashMap<>();
        h.ok("keys", "trusted", "--format", "json").json().forEach(k -> names.put(k.get("key_id").asText(), k.get("name").asText()));
        assertEquals(Map.of(ids.get("alice"), "alice", ids.get("bob"), "bob", ids.get("carol"), "carol", ids.get("dave"), "dave"), names);
        String trusted = h.ok("keys", "trusted").out();
        assertTrue(trusted.lines().anyMatch(l -> l.startsWith(ids.get("bob") + "  bob ")), trusted);
    }

    private static String answer(JsonNode a) {
        return a.get("item").asText() + " " + a.get("answer").asText() + " " + a.get("evidence").asText() + " " + a.get("current").asText();
    }

    @Test
    void evidence_anApprovalSignedBeforeARollbackOutOfItsEnvironment_noLongerCounts() throws IOException {
        Harness g = Harness.initialised(tmp.resolve("rollback"));
        g.env.put(Context.KEY, "alice");
        g.ok("policy", "set", Files.writeString(tmp.resolve("dev-approvals.yaml"),
                "tiers:\n  limited:\n    approvals:\n      dev: {approver: 1}\n").toString());
        g.ok("keys", "generate", "--name", "bob");
        Path pem = Files.writeString(tmp.resolve("bob-rollback.pub.pem"), g.ok("keys", "export-public", "--name", "bob").out());
        g.ok("keys", "trust", pem.toString(), "--role", "approver");
        Map<String, String> bob = new HashMap<>(g.env);
        bob.put(Context.KEY, "bob");
        for (String v : List.of("1.0.0", "1.1.0")) {
            g.ok("register", g.model("m" + v, "weights " + v).toString(), "--model", "churn", "--version", v, "--meta",
                    g.releasableMeta().toString());
            assertEquals(0, g.run(bob, "approve", "churn@" + v, "--for", "dev", "--role", "approver").code());
            g.ok("promote", "churn@" + v, "--to", "dev");
        }
        assertTrue(g.ok("evidence", "churn@1.1.0", "--format", "json").json().get("approvals").get(0).get("counts").asBoolean());
        g.ok("rollback", "churn", "--env", "dev", "--reason", "INC-7001", "--yes");

        JsonNode approval = g.ok("evidence", "churn@1.1.0", "--format", "json").json().get("approvals").get(0);
        assertFalse(approval.get("counts").asBoolean(), approval.toString());
        assertTrue(approval.get("why_not").asText().startsWith("signed before the rollback of churn@1.1.0 out of dev at "), approval.toString());
        assertTrue(approval.get("why_not").asText().endsWith(" (INC-7001)"), approval.toString());
        // the same verdict as the gate's
        assertEquals(3, g.run("check", "churn@1.1.0", "--to", "dev").code());
    }

    @Test
    void evidence_ofAVersionWithNone_saysSo() {
        String text = h.ok("evidence", "credit@1.0.0").out();
        assertTrue(text.contains("Approvals: none\n") && text.contains("Attachments: none\n") && text.contains("Checklist answers: none\n"),
                text);
        JsonNode j = h.ok("evidence", "credit@1.0.0", "--format", "json").json();
        assertEquals(0, j.get("approvals").size() + j.get("attachments").size() + j.get("checklist").size());
    }

    @Test
    void evidence_badInput_isRefusedAndChangesNothing() {
        h.refused(5, "airisk: error: credit@9.9.9 is not registered (run 'airisk list credit' to see its versions)",
                "evidence", "credit@9.9.9");
        h.refused(2, "airisk: error: 'credit' is not a model reference (write it as NAME@VERSION, e.g. churn@1.4.0)", "evidence", "credit");
    }
}
