package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the release commands: one clear line on stderr, the documented exit code, and nothing changed. */
class ReleaseBadInputTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = Harness.initialised(tmp);
        Path meta = h.releasableMeta();
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());
        h.ok("register", h.model("m2", "two").toString(), "--model", "churn", "--version", "1.1.0", "--meta", meta.toString());
        h.ok("promote", "churn@1.0.0", "--to", "dev");
    }

    void refused(int code, String firstLine, String... args) {
        h.refused(code, firstLine, args);
    }

    Path file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void policyWithAnUnknownGate_isRefused() throws IOException {
        refused(2, "airisk: error: p.yaml: line 2: unknown gate 'pinned-deps' (use one of tier, signature, integrity, scan, metadata, lineage, "
                + "metrics, attachments, model-card, checklist, regions, prohibited-attributes, pinned-dependencies, path, halt, evaluation, canary, freeze, approvals)",
                "policy", "set", file("p.yaml", "gates:\n  pinned-deps: warn\n").toString());
    }

    @Test
    void policyWithAMalformedThreshold_isRefused_byValidateAndSet() throws IOException {
        Path p = file("p.yaml", "tiers:\n  limited:\n    metrics:\n      accuracy: about 0.9\n");
        String line = "airisk: error: p.yaml: line 4: threshold 'about 0.9' for metric 'accuracy' is malformed "
                + "(write an operator and a number, e.g. \">= 0.90\" or \"<= 0.2\")";
        refused(2, line, "policy", "set", p.toString());
        refused(2, line, "policy", "validate", p.toString());
    }

    @Test
    void policyNamingAnUnknownEnvironment_isRefused() throws IOException {
        refused(2, "airisk: error: p.yaml: line 2: unknown environment 'production' "
                        + "(use one of the registry's environments: dev, staging, prod)",
                "policy", "set", file("p.yaml", "environments:\n  production:\n    min_soak: 24h\n").toString());
    }

    @Test
    void trustingSomethingThatIsNotAPublicKey_isRefused() throws IOException {
        Harness.Result r = h.run("keys", "trust", file("k.pem", "not a key\n").toString(), "--role", "approver");
        assertEquals(2, r.code(), r.err());
    }

    @Test
    void trustingWithAnUnknownRole_isRefused() throws IOException {
        h.ok("keys", "generate", "--name", "bob");
        h.env.put(Context.KEY, "alice");
        Path pem = file("bob.pub.pem", h.ok("keys", "export-public", "--name", "bob").out());
        refused(2, "airisk: error: role 'risk-comittee' is neither built in nor named by the policy "
                + "(use one of admin, approver, notifier, publisher, releaser, responder)", "keys", "trust", pem.toString(), "--role", "risk-comittee");
    }

    @Test
    void revokingTheLastAdmin_isRefused() throws IOException {
        String alice = Json.mapper().readTree(h.ok("keys", "list", "--format", "json").out()).get(0).get("key_id").asText();
        refused(6, "airisk: error: key " + alice.substring(0, 12) + " is the registry's last admin "
                + "(trust another admin key first with 'airisk keys trust KEY.pub.pem --role admin')", "keys", "revoke", alice, "--yes");
    }

    @Test
    void approvalForAnUnknownEnvironment_isRefused() {
        refused(2, "airisk: error: unknown environment 'qa' (environments of this registry are dev, staging, prod)",
                "approve", "churn@1.0.0", "--for", "qa", "--role", "approver");
    }

    @Test
    void approvalThatExpiresAtOnce_isRefused() {
        refused(2, "airisk: error: --expires must be a positive duration (give e.g. 30d, 72h or 90m)",
                "approve", "churn@1.0.0", "--for", "prod", "--role", "approver", "--expires", "0d");
    }

    @Test
    void approvalWithAMalformedExpiry_isRefused() {
        refused(2, "airisk: error: duration 'soon' is malformed (write a number and a unit s, m, h, d or w, e.g. 15m, 24h or 30d)",
                "approve", "churn@1.0.0", "--for", "prod", "--role", "approver", "--expires", "soon");
    }

    @Test
    void attachToAnUnregisteredVersion_isRefused() throws IOException {
        refused(5, "airisk: error: churn@9.9.9 is not registered (run 'airisk list churn' to see its versions)",
                "attach", "churn@9.9.9", file("doc.pdf", "x").toString(), "--kind", "bias-audit");
    }

    @Test
    void attachWithAMalformedKind_isRefused() throws IOException {
        refused(2, "airisk: error: attachment kind 'Bias Audit' is not valid (use lower-case letters, digits and '-', "
                + "e.g. bias-audit or model-impact-assessment)", "attach", "churn@1.0.0", file("doc.pdf", "x").toString(), "--kind", "Bias Audit");
    }

    @Test
    void checklistAnswer_forAnItemThePolicyLacks_isRefused() throws IOException {
        h.ok("policy", "set", file("p.yaml", "checklist:\n  - id: risk-management\n    text: Art. 9\n").toString());
        refused(2, "airisk: error: checklist item 'oversight' is not in the policy (items are risk-management)",
                "checklist", "churn@1.0.0", "--answer", "oversight=yes", "--evidence", "E-1");
        refused(2, "airisk: error: checklist item 'risk-management' is answered yes without evidence "
                        + "(give the evidence (a document id or link) with --evidence TEXT)",
                "checklist", "churn@1.0.0", "--answer", "risk-management=yes");
    }

    @Test
    void canaryWeightOutOfRange_isRefused() {
        refused(2, "airisk: error: canary weight 0 is out of range (give a percentage of traffic from 1 to 99; "
                + "to send it all, run 'airisk canary promote')", "canary", "start", "churn@1.1.0", "--env", "dev", "--weight", "0");
    }

    @Test
    void canaryOperations_withoutACanary_areRefused() {
        refused(5, "airisk: error: churn has no active canary in prod "
                        + "(start one with 'airisk canary start churn@VERSION --env prod --weight N')",
                "canary", "abort", "churn", "--env", "prod", "--reason", "x");
    }

    @Test
    void rollbackToAVersionNeverStableThere_isRefused() {
        refused(3, "airisk: error: churn@1.1.0 was never stable in dev, so it is no rollback target (dev has no earlier stable "
                        + "version than 1.0.0; to release churn@1.1.0 there, run 'airisk promote churn@1.1.0 --to dev')",
                "rollback", "churn", "--env", "dev", "--to", "1.1.0", "--reason", "x", "--yes");
        h.ok("promote", "churn@1.1.0", "--to", "dev");
        h.ok("rollback", "churn", "--env", "dev", "--reason", "x", "--yes");
        Map<String, String> before = h.state();
        Harness.Result r = h.run("rollback", "churn", "--env", "dev", "--to", "1.1.0", "--reason", "x", "--yes");
        assertEquals(3, r.code());
        assertTrue(r.firstErrLine().matches("airisk: error: churn@1\\.1\\.0 was rolled back out of dev at \\S+Z \\(x\\); a rollback goes "
                + "back only to an earlier stable version \\(dev has no earlier stable version than 1\\.0\\.0; to release churn@1\\.1\\.0 "
                + "there again, approve it afresh and run 'airisk promote churn@1\\.1\\.0 --to dev'\\)"), r.firstErrLine());
        assertEquals(before, h.state());
    }

    @Test
    void emergencyWithoutReason_isRefused() {
        refused(2, "airisk: error: a reason is required (pass --reason TEXT (an incident or change number helps auditors))",
                "promote", "churn@1.1.0", "--to", "dev", "--emergency");
    }

    @Test
    void rollbackWithAMalformedIncidentTime_isRefused() {
        refused(2, "airisk: error: --incident-opened-at 'yesterday' is not a time (give an ISO-8601 UTC time, e.g. 2026-11-26T09:41:00Z)",
                "rollback", "churn", "--env", "dev", "--reason", "x", "--yes", "--incident-opened-at", "yesterday");
    }

    @Test
    void promotingAnUnacceptableRiskModel_isDenied() {
        Path meta = h.writeMeta("owner: team@example.com\nrisk_tier: unacceptable\n");
        h.ok("register", h.model("m3", "three").toString(), "--model", "scoring", "--version", "1.0.0", "--meta", meta.toString());
        refused(3, "airisk: error: scoring@1.0.0 may not enter dev: denied by tier, lineage (fix what the gates report; "
                + "'airisk check scoring@1.0.0 --to dev' shows them)", "promote", "scoring@1.0.0", "--to", "dev");
    }

    @Test
    void logWithAMalformedSince_isRefused() {
        refused(2, "airisk: error: --since 'last week' is not a time, a date or a duration (give e.g. 2026-11-01, 2026-11-26T09:00:00Z or 7d)",
                "log", "--since", "last week");
    }

    @Test
    void statusOfAnUnknownEnvironment_isRefused() {
        refused(2, "airisk: error: unknown environment 'qa' (environments of this registry are dev, staging, prod)",
                "status", "churn", "--env", "qa");
    }

    @Test
    void attachingAFileThatDoesNotExist_isRefused() {
        Path missing = tmp.resolve("nope.pdf");
        refused(2, "airisk: error: " + missing + " is not a file (give the path of the document to attach)",
                "attach", "churn@1.0.0", missing.toString(), "--kind", "bias-audit");
    }

    @Test
    void checklistAnswers_fromAMissingFile_orWithMoreEvidenceThanAnswers_areRefused() throws IOException {
        h.ok("policy", "set", file("p.yaml", "checklist:\n  - id: risk-management\n    text: Art. 9\n").toString());
        Path missing = tmp.resolve("answers.yaml");
        refused(2, "airisk: error: " + missing + " does not exist (give the path of an answers YAML file)",
                "checklist", "churn@1.0.0", "--file", missing.toString());
        refused(2, "airisk: error: there are more --evidence than --answer options (give each --evidence right after its --answer)",
                "checklist", "churn@1.0.0", "--answer", "risk-management=yes", "--evidence", "E-1", "--evidence", "E-2");
    }

    @Test
    void approvingInARoleThatIsNoApproverRole_isRefused() {
        refused(2, "airisk: error: role 'admin' is not an approver role of this registry's policy (use one of approver)",
                "approve", "churn@1.0.0", "--for", "prod", "--role", "admin");
    }

    @Test
    void policyAndTrustChanges_byAKeyTheRegistryDoesNotTrust_areRefused() throws IOException {
        h.ok("keys", "generate", "--name", "mallory");
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.KEY, "mallory");
        Path policy = file("p.yaml", "gates: {approvals: off}\n");
        Path pem = file("m.pem", h.ok("keys", "export-public", "--name", "mallory").out());
        for (String[] args : new String[][] {{"policy", "set", policy.toString()}, {"keys", "trust", pem.toString(), "--role", "admin"}}) {
            Map<String, String> before = h.state();
            Harness.Result r = h.run(env, args);
            assertEquals(3, r.code(), r.err());
            assertTrue(r.firstErrLine().startsWith("airisk: error: key 'mallory' ("), r.err());
            assertTrue(r.firstErrLine().contains(") is not trusted by this registry"), r.err());
            assertEquals(before, h.state());
        }
    }
}
