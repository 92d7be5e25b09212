package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release flow end to end through the command line: gates, approvals by several keys, canaries, rollbacks, audit. */
class ReleaseFlowTest {
    static final String POLICY = """
            environments:
              prod:
                allowed_regions: [eu-west-1]
            tiers:
              high:
                metadata: [owner, intended_use, datasets, metrics, risk_rating]
                metrics:
                  accuracy: ">= 0.90"
                attachments:
                  - bias-audit
                  - kind: privacy-impact-assessment
                    when: processes_pii
                checklist: true
                approvals:
                  staging: {peer-review: 1}
                  prod: {risk-committee: 1, peer-review: 1}
                rollback_sla: 15m
            checklist:
              - id: risk-management
                text: A risk management system is in place (Art. 9).
              - id: human-oversight
                text: Human oversight measures are designed in (Art. 14).
            """;
    static final String HIGH_META = """
            owner: risk-models@example.com
            risk_tier: high
            intended_use: Credit limit recommendations reviewed by an analyst.
            datasets:
              - name: applications
                version: 2026-10
                sha256: 9f2b5c0e7d4a1f38c6b2e9d07a5f4c3b1e8d2a6f0c9b7e5d3a1f4c2b8e6d0a97
            metrics:
              accuracy: 0.93
            code_commit: 3f2c9d41b7e8a6c5d4f3e2a1b0c9d8e7f6a5b4c3
            regions: [eu-west-1]
            processes_pii: true
            """;

    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() throws IOException {
        h = Harness.initialised(tmp);
        for (String k : List.of("bob", "carol", "dave", "rel")) {
            h.ok("keys", "generate", "--name", k);
            Files.writeString(tmp.resolve(k + ".pub.pem"), h.ok("keys", "export-public", "--name", k).out());
        }
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        as("alice", "policy", "set", policy.toString());
        as("alice", "keys", "trust", tmp.resolve("bob.pub.pem").toString(), "--role", "risk-committee");
        as("alice", "keys", "trust", tmp.resolve("carol.pub.pem").toString(), "--role", "peer-review");
        as("alice", "keys", "trust", tmp.resolve("dave.pub.pem").toString(), "--role", "peer-review,risk-committee");
        as("alice", "keys", "trust", tmp.resolve("rel.pub.pem").toString(), "--role", "releaser");
    }

    Harness.Result as(String key, String... args) {
        Harness.Result r = run(key, args);
        assertEquals(0, r.code(), () -> key + ": airisk " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r;
    }

    Harness.Result run(String key, String... args) {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.KEY, key);
        return h.run(env, args);
    }

    void registerHigh(String version) {
        Path dir = h.model("m-" + version, "weights " + version);
        Path meta = h.writeMeta(HIGH_META);
        as("alice", "register", dir.toString(), "--model", "credit", "--version", version, "--meta", meta.toString());
    }

    void evidence(String version) throws IOException {
        Path doc = tmp.resolve("bias.pdf");
        Files.writeString(doc, "bias audit report " + version);
        as("alice", "attach", "credit@" + version, "--kind", "bias-audit", doc.toString());
        Path pia = tmp.resolve("pia.pdf");
        Files.writeString(pia, "privacy impact assessment");
        as("alice", "attach", "credit@" + version, "--kind", "privacy-impact-assessment", pia.toString());
        as("alice", "checklist", "credit@" + version, "--answer", "risk-management=yes", "--evidence", "RMS-7",
                "--answer", "human-oversight=yes", "--evidence", "HO-2");
    }

    /** Registered with evidence, promoted to staging, and approved for prod by the risk committee and a peer. */
    void readyForProd(String version) throws IOException {
        registerHigh(version);
        evidence(version);
        String ref = "credit@" + version;
        as("rel", "promote", ref, "--to", "dev");
        as("carol", "approve", ref, "--for", "staging", "--role", "peer-review");
        as("rel", "promote", ref, "--to", "staging");
        as("bob", "approve", ref, "--for", "prod", "--role", "risk-committee", "--comment", "Committee 2026-11");
        as("dave", "approve", ref, "--for", "prod", "--role", "peer-review");
    }

    void inProd(String version) throws IOException {
        readyForProd(version);
        as("rel", "promote", "credit@" + version, "--to", "prod");
    }

    JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text);
    }

    @Test
    void fullFlow_devStagingProd_withApprovalsFromThreeKeys() throws IOException {
        registerHigh("1.0.0");
        evidence("1.0.0");
        Harness.Result early = run("rel", "check", "credit@1.0.0", "--to", "prod", "--format", "json");
        assertEquals(3, early.code());
        assertEquals(false, json(early.out()).get("allowed").asBoolean());

        String ref = "credit@1.0.0";
        as("rel", "promote", ref, "--to", "dev");
        as("carol", "approve", ref, "--for", "staging", "--role", "peer-review");
        as("rel", "promote", ref, "--to", "staging");
        as("bob", "approve", ref, "--for", "prod", "--role", "risk-committee", "--comment", "Committee 2026-11");
        assertEquals(3, run("rel", "promote", ref, "--to", "prod").code());
        as("dave", "approve", ref, "--for", "prod", "--role", "peer-review");
        as("rel", "promote", "credit@1.0.0", "--to", "prod");
        JsonNode status = json(as("rel", "status", "credit", "--format", "json").out());
        JsonNode prod = status.get("models").get(0).get("environments").get("prod");
        assertEquals("1.0.0", prod.get("stable").get("version").asText());
        assertTrue(prod.get("canary").isNull());
        assertEquals("clean", audit());
    }

    @Test
    void promote_withoutRiskCommitteeApproval_isDenied_andChangesNothing() throws IOException {
        registerHigh("1.0.0");
        evidence("1.0.0");
        as("rel", "promote", "credit@1.0.0", "--to", "dev");
        as("carol", "approve", "credit@1.0.0", "--for", "staging", "--role", "peer-review");
        as("rel", "promote", "credit@1.0.0", "--to", "staging");
        as("carol", "approve", "credit@1.0.0", "--for", "prod", "--role", "peer-review");
        Map<String, String> before = h.state();
        Harness.Result r = run("rel", "promote", "credit@1.0.0", "--to", "prod");
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith("airisk: error: credit@1.0.0 may not enter prod: denied by approvals"), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void promote_pastAnEnvironment_isDenied() {
        registerHigh("1.0.0");
        Map<String, String> before = h.state();
        Harness.Result r = run("rel", "promote", "credit@1.0.0", "--to", "staging");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("path"), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void unknownEnvironment_isAClearError_andChangesNothing() {
        registerHigh("1.0.0");
        Map<String, String> before = h.state();
        Harness.Result r = run("rel", "promote", "credit@1.0.0", "--to", "qa");
        assertEquals(2, r.code());
        assertEquals("airisk: error: unknown environment 'qa' (environments of this registry are dev, staging, prod)", r.firstErrLine());
        assertEquals(before, h.state());
    }

    @Test
    void registrant_cannotApproveItsOwnVersion() {
        registerHigh("1.0.0");
        as("alice", "keys", "trust", tmp.resolve("carol.pub.pem").toString(), "--role", "peer-review");
        Map<String, String> before = h.state();
        Harness.Result r = run("alice", "approve", "credit@1.0.0", "--for", "staging", "--role", "approver");
        assertEquals(3, r.code());
        assertTrue(r.firstErrLine().contains("registered credit@1.0.0 and cannot approve or reject it"), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void approve_roleNotHeld_isDenied() {
        registerHigh("1.0.0");
        Map<String, String> before = h.state();
        Harness.Result r = run("carol", "approve", "credit@1.0.0", "--for", "prod", "--role", "risk-committee");
        assertEquals(3, r.code());
        assertEquals("airisk: error: key 'carol' does not hold the risk-committee role needed to approve or reject as risk-committee"
                + " (ask an admin to run 'airisk keys trust KEY.pub.pem --role risk-committee')", r.firstErrLine());
        assertEquals(before, h.state());
    }

    @Test
    void promote_withoutReleaserRole_isDenied() {
        registerHigh("1.0.0");
        Map<String, String> before = h.state();
        Harness.Result r = run("bob", "promote", "credit@1.0.0", "--to", "dev");
        assertEquals(3, r.code());
        assertTrue(r.firstErrLine().startsWith("airisk: error: key 'bob' does not hold the releaser role"), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void rejection_blocksUntilALaterApprovalBySameRole() throws IOException {
        registerHigh("1.0.0");
        evidence("1.0.0");
        as("rel", "promote", "credit@1.0.0", "--to", "dev");
        as("carol", "reject", "credit@1.0.0", "--for", "staging", "--role", "peer-review", "--comment", "needs recalibration");
        assertEquals(3, run("rel", "promote", "credit@1.0.0", "--to", "staging").code());
        as("dave", "approve", "credit@1.0.0", "--for", "staging", "--role", "peer-review");
        as("rel", "promote", "credit@1.0.0", "--to", "staging");
    }

    @Test
    void approvalOfAnotherVersion_neverCounts_evenWhenItsFileIsCopied() throws Exception {
        registerHigh("1.0.0");
        registerHigh("1.1.0");
        evidence("1.1.0");
        as("rel", "promote", "credit@1.1.0", "--to", "dev");
        as("carol", "approve", "credit@1.0.0", "--for", "staging", "--role", "peer-review");
        assertEquals(3, run("rel", "check", "credit@1.1.0", "--to", "staging").code());
        // replay: copy the approval file of 1.0.0 into 1.1.0's approvals/ with plain git: refused before any gate runs
        GitTamper t = new GitTamper(h.registry, tmp.resolve("work"));
        String file = t.list("models/credit/versions/1.0.0/approvals").get(0);
        String approval = t.read("models/credit/versions/1.0.0/approvals/" + file);
        t.copy("models/credit/versions/1.0.0/approvals/" + file, "models/credit/versions/1.1.0/approvals/" + file);
        t.commitAndPush("copy approval");
        Harness.Result plain = run("rel", "check", "credit@1.1.0", "--to", "staging");
        assertEquals(4, plain.code());
        assertTrue(plain.firstErrLine().contains("('copy approval') has no Airisk-Op or Airisk-Actor trailer"), plain.err());
        GitTamper.git(h.registry, "update-ref", "refs/heads/main", "refs/heads/main~1");
        assertEquals(0, run("rel", "audit", "verify", "--reset-anchor").code());
        // the same copy in a commit the approver signs, which the history's rules allow: the gate still refuses it
        String carol = AuditTest.keyId(h, "carol");
        Map<String, String> trailers = AuditTest.trailers("approve", "1.1.0", "staging", carol);
        trailers.put("Airisk-Model", "credit");
        trailers.put("Airisk-Role", "peer-review");
        AuditTest.signedCommit(h.home, h.registry, "carol", "Approve credit@1.1.0 for staging", trailers,
                Map.of("models/credit/versions/1.1.0/approvals/" + file, s -> approval));
        Harness.Result r = run("rel", "check", "credit@1.1.0", "--to", "staging", "--format", "json");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("signed for credit@1.0.0"), r.out());
    }

    @Test
    void expiredApproval_doesNotCount() throws IOException {
        registerHigh("1.0.0");
        evidence("1.0.0");
        as("rel", "promote", "credit@1.0.0", "--to", "dev");
        as("carol", "approve", "credit@1.0.0", "--for", "staging", "--role", "peer-review", "--expires", "1s");
        h.clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(1100));
        Harness.Result r = run("rel", "promote", "credit@1.0.0", "--to", "staging");
        assertEquals(3, r.code());
    }

    @Test
    void revokedKey_approvalsStopCounting() throws IOException {
        registerHigh("1.0.0");
        evidence("1.0.0");
        as("rel", "promote", "credit@1.0.0", "--to", "dev");
        as("carol", "approve", "credit@1.0.0", "--for", "staging", "--role", "peer-review");
        as("rel", "check", "credit@1.0.0", "--to", "staging");
        as("alice", "keys", "revoke", carolId(), "--yes");
        Harness.Result r = run("rel", "check", "credit@1.0.0", "--to", "staging", "--format", "json");
        assertEquals(3, r.code());
        assertTrue(r.out().contains("which is not trusted"), r.out());
    }

    String carolId() throws IOException {
        for (JsonNode k : json(h.ok("keys", "list", "--format", "json").out())) {
            if (k.get("name").asText().equals("carol")) {
                return k.get("key_id").asText();
            }
        }
        throw new AssertionError("no key carol");
    }

    @Test
    void canary_startedThenPromoted_andStartedThenAborted() throws IOException {
        inProd("1.0.0");
        readyForProd("1.1.0");
        as("rel", "canary", "start", "credit@1.1.0", "--env", "prod", "--weight", "10");
        Harness.Result second = run("rel", "canary", "start", "credit@1.0.0", "--env", "prod", "--weight", "5");
        assertEquals(2, second.code());
        as("rel", "canary", "set-weight", "credit", "--env", "prod", "50");
        assertEquals(50, prod().get("canary").get("weight").asInt());
        as("rel", "canary", "promote", "credit", "--env", "prod");
        assertEquals("1.1.0", prod().get("stable").get("version").asText());
        assertEquals("1.0.0", prod().get("previous").get(0).get("version").asText());

        readyForProd("1.2.0");
        as("rel", "canary", "start", "credit@1.2.0", "--env", "prod", "--weight", "5");
        as("rel", "canary", "abort", "credit", "--env", "prod", "--reason", "error rate up");
        assertTrue(prod().get("canary").isNull());
        assertEquals("1.1.0", prod().get("stable").get("version").asText());
        assertEquals("clean", audit());
    }

    JsonNode prod() throws IOException {
        return json(as("rel", "status", "credit", "--env", "prod", "--format", "json").out())
                .get("models").get(0).get("environments").get("prod");
    }

    @Test
    void twoRollbacksInARow_thenToCurrentIsANoOp() throws IOException {
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            inProd(v);
        }
        JsonNode r1 = json(as("rel", "rollback", "credit", "--env", "prod", "--reason", "INC-1", "--yes", "--format", "json",
                "--incident-opened-at", Instant.now().minusSeconds(300).toString()).out());
        assertEquals("1.1.0", r1.get("version").asText());
        assertEquals("met", r1.get("incident").get("sla").asText());
        JsonNode r2 = json(as("rel", "rollback", "credit", "--env", "prod", "--reason", "INC-1 again", "--yes", "--format", "json").out());
        assertEquals("1.0.0", r2.get("version").asText());
        Map<String, String> before = h.state();
        JsonNode r3 = json(as("rel", "rollback", "credit", "--env", "prod", "--to", "1.0.0", "--reason", "x", "--yes", "--format", "json").out());
        assertEquals(false, r3.get("changed").asBoolean());
        assertEquals(before, h.state());
        Harness.Result none = run("rel", "rollback", "credit", "--env", "prod", "--reason", "x", "--yes");
        assertEquals(5, none.code());
        assertTrue(as("rel", "history", "credit", "--env", "prod").out().contains("[SLA met]"));
        assertEquals("clean", audit());
    }

    @Test
    void rollback_withoutYesAndWithoutTerminal_failsClearly_andChangesNothing() {
        registerHigh("1.0.0");
        Map<String, String> before = h.state();
        Harness.Result r = run("rel", "rollback", "credit", "--env", "prod", "--reason", "x");
        assertEquals(5, r.code(), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void rollback_dryRun_changesNothing() throws IOException {
        inProd("1.0.0");
        inProd("1.1.0");
        Map<String, String> before = h.state();
        Harness.Result noYes = run("rel", "rollback", "credit", "--env", "prod", "--reason", "x");
        assertEquals(2, noYes.code());
        assertEquals("airisk: error: Roll back credit in prod from 1.1.0 to 1.0.0: confirmation needed and there is no terminal to ask on (pass --yes)",
                noYes.firstErrLine());
        JsonNode dry = json(as("rel", "rollback", "credit", "--env", "prod", "--reason", "x", "--dry-run", "--format", "json").out());
        assertEquals(true, dry.get("dry_run").asBoolean());
        assertEquals("1.0.0", dry.get("version").asText());
        assertNull(dry.get("commit").textValue());
        assertEquals(before, h.state());
    }

    String audit() {
        Harness.Result r = run("rel", "audit", "verify", "--format", "json");
        return r.code() == 0 ? "clean" : r.err();
    }
}
