package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What approvals count for: a rollback out of an environment invalidates the approvals signed before
 * it, a repeated approval is a no-op, and rollback targets and canary weights are explained plainly.
 */
class ApprovalRulesTest {
    static final String POLICY = """
            tiers:
              limited:
                approvals:
                  prod: {risk-committee: 1}
            """;

    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() throws IOException {
        h = withRiskCommittee(tmp, "1.0.0", "1.1.0");
    }

    /**
     * A registry whose policy needs one risk-committee approval for prod (limited tier), key 'alice'
     * (admin, publisher, releaser: the registrant) acting, key 'bob' on the risk committee, and
     * churn at {@code versions} registered.
     */
    static Harness withRiskCommittee(Path tmp, String... versions) throws IOException {
        Harness h = Harness.initialised(tmp);
        h.ok("keys", "generate", "--name", "bob");
        Path pem = Files.writeString(tmp.resolve("bob.pub.pem"), h.ok("keys", "export-public", "--name", "bob").out());
        h.env.put(Context.KEY, "alice");
        h.ok("policy", "set", Files.writeString(tmp.resolve("policy.yaml"), POLICY).toString());
        h.ok("keys", "trust", pem.toString(), "--role", "risk-committee");
        Path meta = h.releasableMeta();
        for (String v : versions) {
            h.ok("register", h.model("m" + v, "weights " + v).toString(), "--model", "churn", "--version", v, "--meta", meta.toString());
        }
        return h;
    }

    Harness.Result as(String key, String... args) {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.KEY, key);
        return h.run(env, args);
    }

    Harness.Result ok(String key, String... args) {
        Harness.Result r = as(key, args);
        assertEquals(0, r.code(), () -> key + ": airisk " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r;
    }

    void toProd(String version) {
        String ref = "churn@" + version;
        h.ok("promote", ref, "--to", "dev");
        h.ok("promote", ref, "--to", "staging");
        ok("bob", "approve", ref, "--for", "prod", "--role", "risk-committee");
        h.ok("promote", ref, "--to", "prod");
    }

    JsonNode approvalsGate(Harness.Result check) {
        for (JsonNode g : check.json().get("gates")) {
            if (g.get("gate").asText().equals("approvals")) {
                return g;
            }
        }
        throw new AssertionError("no approvals gate in " + check.out());
    }

    @Test
    void rollback_invalidatesTheApprovalsSignedBeforeIt_untilFreshOnes() {
        toProd("1.0.0");
        toProd("1.1.0");
        h.ok("rollback", "churn", "--env", "prod", "--reason", "INC-7001", "--yes");

        Harness.Result check = h.run("check", "churn@1.1.0", "--to", "prod", "--format", "json");
        assertEquals(3, check.code(), check.out());
        JsonNode gate = approvalsGate(check);
        assertEquals("fail", gate.get("result").asText());
        String message = gate.get("message").asText();
        assertTrue(message.startsWith("approvals missing: risk-committee 0/1; invalidated by the rollback of churn@1.1.0 out of prod at "),
                message);
        assertTrue(message.contains("(INC-7001): risk-committee approval by key " + keyId("bob").substring(0, 12)), message);

        Map<String, String> before = h.state();
        Harness.Result promote = h.run("promote", "churn@1.1.0", "--to", "prod");
        assertEquals(3, promote.code(), promote.err());
        assertEquals("airisk: error: churn@1.1.0 may not enter prod: denied by approvals (fix what the gates report; "
                + "'airisk check churn@1.1.0 --to prod' shows them)", promote.firstErrLine());
        Harness.Result canary = h.run("canary", "start", "churn@1.1.0", "--env", "prod", "--weight", "10");
        assertEquals(3, canary.code(), canary.err());
        assertEquals(before, h.state());

        ok("bob", "approve", "churn@1.1.0", "--for", "prod", "--role", "risk-committee", "--comment", "fixed after INC-7001");
        h.ok("canary", "start", "churn@1.1.0", "--env", "prod", "--weight", "10");
        h.ok("canary", "promote", "churn", "--env", "prod");
        assertEquals(0, h.run("audit", "verify").code());
    }

    @Test
    void rollback_keepsApprovals_whenThePolicySaysSo() throws IOException {
        h.ok("policy", "set", Files.writeString(tmp.resolve("keep.yaml"), POLICY + "approvals:\n  invalidate_on_rollback: false\n").toString());
        toProd("1.0.0");
        toProd("1.1.0");
        h.ok("rollback", "churn", "--env", "prod", "--reason", "INC-7001", "--yes");
        Harness.Result check = h.ok("check", "churn@1.1.0", "--to", "prod", "--format", "json");
        assertEquals("approved: risk-committee 1/1", approvalsGate(check).get("message").asText());
        assertTrue(h.ok("policy", "show").out().contains("# approvals in effect: invalidate_on_rollback false\n"));
        assertEquals(false, h.ok("policy", "show", "--format", "json").json().get("approvals").get("invalidate_on_rollback").asBoolean());
    }

    @Test
    void policy_withAMalformedRollbackSetting_isRefused() throws IOException {
        h.refused(2, "airisk: error: p.yaml: line 2: approvals.invalidate_on_rollback 'sometimes' is not one of true, false",
                "policy", "set", Files.writeString(tmp.resolve("p.yaml"), "approvals:\n  invalidate_on_rollback: sometimes\n").toString());
        h.refused(2, "airisk: error: p.yaml: line 2: unknown key 'invalidate' in approvals, expected one of invalidate_on_rollback",
                "policy", "set", Files.writeString(tmp.resolve("p.yaml"), "approvals:\n  invalidate: true\n").toString());
    }

    @Test
    void rollback_toADeprecatedVersion_warns() {
        toProd("1.0.0");
        toProd("1.1.0");
        String retire = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
        h.ok("deprecate", "churn@1.0.0", "--retire-on", retire, "--replacement", "churn@1.1.0", "--reason", "superseded");
        Harness.Result r = h.ok("rollback", "churn", "--env", "prod", "--reason", "INC-7002", "--yes", "--format", "json");
        String warning = "rolling back to churn@1.0.0, which is deprecated, retires on " + retire + " (use churn@1.1.0)";
        assertEquals("airisk: warning: " + warning, r.firstErrLine());
        assertEquals(warning, r.json().get("warnings").get(0).asText());
        ok("bob", "approve", "churn@1.1.0", "--for", "prod", "--role", "risk-committee");
        Harness.Result promote = h.ok("promote", "churn@1.1.0", "--to", "prod", "--format", "json");
        assertEquals(0, promote.json().get("warnings").size(), promote.out());
    }

    @Test
    void repeatedApproval_isANoOp_whileTheFirstStillCounts() {
        h.ok("promote", "churn@1.0.0", "--to", "dev");
        JsonNode first = ok("bob", "approve", "churn@1.0.0", "--for", "prod", "--role", "risk-committee", "--format", "json").json();
        assertEquals(true, first.get("changed").asBoolean());
        Map<String, String> before = h.state();
        JsonNode again = ok("bob", "approve", "churn@1.0.0", "--for", "prod", "--role", "risk-committee", "--format", "json").json();
        assertEquals(false, again.get("changed").asBoolean());
        assertTrue(again.get("commit").isNull());
        assertEquals(first.get("file").asText(), again.get("file").asText());
        Harness.Result text = ok("bob", "approve", "churn@1.0.0", "--for", "prod", "--role", "risk-committee");
        assertTrue(text.out().startsWith("Nothing to do: key 'bob' already approved churn@1.0.0 for prod as risk-committee at "), text.out());
        assertEquals(before, h.state());
        // a longer-lasting approval than the one that stands is a new one
        JsonNode expiring = ok("bob", "approve", "churn@1.1.0", "--for", "prod", "--role", "risk-committee", "--expires", "1d",
                "--format", "json").json();
        assertEquals(true, expiring.get("changed").asBoolean());
        assertEquals(true, ok("bob", "approve", "churn@1.1.0", "--for", "prod", "--role", "risk-committee", "--format", "json")
                .json().get("changed").asBoolean());
    }

    @Test
    void repeatedApproval_afterARollback_signsAFreshOne() {
        toProd("1.0.0");
        toProd("1.1.0");
        h.ok("rollback", "churn", "--env", "prod", "--reason", "INC-7001", "--yes");
        JsonNode fresh = ok("bob", "approve", "churn@1.1.0", "--for", "prod", "--role", "risk-committee", "--format", "json").json();
        assertEquals(true, fresh.get("changed").asBoolean());
    }

    @Test
    void rollbackTo_explainsEachCase() {
        toProd("1.0.0");
        h.refused(5, "airisk: error: churn@9.9.9 is not registered (run 'airisk list churn' to see its versions)",
                "rollback", "churn", "--env", "prod", "--to", "9.9.9", "--reason", "x", "--yes");
        h.refused(3, "airisk: error: churn@1.1.0 was never stable in prod, so it is no rollback target "
                        + "(prod has no earlier stable version than 1.0.0; to release churn@1.1.0 there, run 'airisk promote churn@1.1.0 --to prod')",
                "rollback", "churn", "--env", "prod", "--to", "1.1.0", "--reason", "x", "--yes");
        Map<String, String> before = h.state();
        Harness.Result current = h.ok("rollback", "churn", "--env", "prod", "--to", "1.0.0", "--reason", "x", "--yes");
        assertEquals("churn@1.0.0 is the current stable version in prod; nothing to roll back", current.out().strip());
        assertEquals(before, h.state());

        toProd("1.1.0");
        h.ok("rollback", "churn", "--env", "prod", "--reason", "INC-7001", "--yes");
        Harness.Result r = h.run("rollback", "churn", "--env", "prod", "--to", "1.1.0", "--reason", "x", "--yes");
        assertEquals(3, r.code());
        assertTrue(r.firstErrLine().matches("airisk: error: churn@1\\.1\\.0 was rolled back out of prod at \\S+Z \\(INC-7001\\); "
                + "a rollback goes back only to an earlier stable version \\(prod has no earlier stable version than 1\\.0\\.0; "
                + "to release churn@1\\.1\\.0 there again, approve it afresh and run 'airisk promote churn@1\\.1\\.0 --to prod'\\)"),
                r.firstErrLine());
    }

    @Test
    void canarySetWeight_acceptsWeightAsAnOptionOrPositionally() {
        toProd("1.0.0");
        h.ok("promote", "churn@1.1.0", "--to", "dev");
        h.ok("promote", "churn@1.1.0", "--to", "staging");
        ok("bob", "approve", "churn@1.1.0", "--for", "prod", "--role", "risk-committee");
        h.ok("canary", "start", "churn@1.1.0", "--env", "prod", "--weight", "10");
        assertEquals(25, h.ok("canary", "set-weight", "churn", "--env", "prod", "--weight", "25", "--format", "json")
                .json().get("state").get("canary").get("weight").asInt());
        assertEquals(30, h.ok("canary", "set-weight", "churn", "--env", "prod", "30", "--format", "json")
                .json().get("state").get("canary").get("weight").asInt());
        h.refused(2, "airisk: error: the weight is given twice, as 40 and --weight 50 (give it once, as --weight N)",
                "canary", "set-weight", "churn", "--env", "prod", "40", "--weight", "50");
        h.refused(2, "airisk: error: no weight was given (give the share of traffic as --weight N, 1 to 99)",
                "canary", "set-weight", "churn", "--env", "prod");
    }

    String keyId(String name) {
        for (JsonNode k : h.ok("keys", "list", "--format", "json").json()) {
            if (k.get("name").asText().equals(name)) {
                return k.get("key_id").asText();
            }
        }
        throw new AssertionError("no key " + name);
    }
}
