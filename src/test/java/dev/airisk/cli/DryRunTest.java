package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run of a signing command unlocks the key and checks its role exactly as the real run does
 * (the same message and exit code), and writes nothing; a dry run that would succeed changes nothing.
 */
class DryRunTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() throws IOException {
        h = ApprovalRulesTest.withRiskCommittee(tmp, "1.0.0", "1.1.0", "1.2.0");
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            h.ok("promote", "churn@" + v, "--to", "dev");
            h.ok("promote", "churn@" + v, "--to", "staging");
            if (!v.equals("1.2.0")) {
                as("bob", "approve", "churn@" + v, "--for", "prod", "--role", "risk-committee");
                h.ok("promote", "churn@" + v, "--to", "prod");
            }
        }
        as("bob", "approve", "churn@1.2.0", "--for", "prod", "--role", "risk-committee");
    }

    Harness.Result as(String key, String... args) {
        Harness.Result r = run(key, Harness.PASS, args);
        assertEquals(0, r.code(), () -> key + ": airisk " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r;
    }

    Harness.Result run(String key, String passphrase, String... args) {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.KEY, key);
        env.put(Context.PASSPHRASE, passphrase);
        return h.run(env, args);
    }

    static String[] with(String[] args, String... more) {
        return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
    }

    /** The real run fails as it should; the dry run fails with the same line and code; neither changes anything. */
    void sameFailure(String key, String passphrase, String[] real) {
        String main = h.state().get("registry.git/refs/heads/main");
        Harness.Result r = run(key, passphrase, real);
        assertTrue(r.code() != 0, () -> "the real run succeeded: airisk " + String.join(" ", real));
        assertEquals(main, h.state().get("registry.git/refs/heads/main"), "the real run moved main");
        Map<String, String> before = h.state();
        Harness.Result dry = run(key, passphrase, with(real, "--dry-run"));
        assertEquals(r.firstErrLine(), dry.firstErrLine(), () -> "airisk " + String.join(" ", real) + " --dry-run");
        assertEquals(r.code(), dry.code(), () -> "airisk " + String.join(" ", real) + " --dry-run");
        unchanged(before, String.join(" ", real) + " --dry-run");
    }

    /** Every file of the registry and the store as it was. */
    void unchanged(Map<String, String> before, String command) {
        Map<String, String> after = h.state();
        List<String> differ = new ArrayList<>();
        before.forEach((f, hash) -> {
            if (!hash.equals(after.get(f))) {
                differ.add(f);
            }
        });
        after.keySet().stream().filter(f -> !before.containsKey(f)).forEach(differ::add);
        assertEquals(List.of(), differ, () -> "airisk " + command + " changed the registry or the store");
    }

    /** A good dry run: exit 0, says what it would do, and changes nothing. */
    JsonNode dryRun(String key, String... real) {
        Map<String, String> before = h.state();
        Harness.Result text = as(key, with(real, "--dry-run"));
        assertTrue(text.out().startsWith("Would "), text.out());
        JsonNode json = as(key, with(real, "--dry-run", "--format", "json")).json();
        assertEquals(true, json.get("dry_run").asBoolean(), json::toString);
        assertEquals(true, json.get("changed").asBoolean(), json::toString);
        assertTrue(json.get("commit").isNull(), json::toString);
        unchanged(before, String.join(" ", real) + " --dry-run");
        return json;
    }

    List<String[]> releaserCommands() {
        String retire = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"promote", "churn@1.2.0", "--to", "prod"});
        out.add(new String[] {"canary", "start", "churn@1.2.0", "--env", "prod", "--weight", "10"});
        out.add(new String[] {"rollback", "churn", "--env", "prod", "--reason", "INC-1", "--yes"});
        out.add(new String[] {"deprecate", "churn@1.0.0", "--retire-on", retire, "--reason", "superseded"});
        return out;
    }

    List<String[]> canaryCommands() {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"canary", "set-weight", "churn", "--env", "prod", "--weight", "50"});
        out.add(new String[] {"canary", "promote", "churn", "--env", "prod"});
        out.add(new String[] {"canary", "abort", "churn", "--env", "prod", "--reason", "errors up"});
        return out;
    }

    @Test
    void everyDryRun_failsAsTheRealRun_onAWrongPassphraseAMissingRoleAndFailingGates() {
        Map<String, String> before = h.state();
        Harness.Result dry = run("alice", "not the passphrase", "rollback", "churn", "--env", "prod", "--reason", "INC-1", "--dry-run");
        assertEquals(2, dry.code(), dry.out());
        assertEquals("airisk: error: wrong passphrase for key 'alice' (check AIRISK_KEY_PASSPHRASE)", dry.firstErrLine());
        assertEquals("", dry.out());
        unchanged(before, "rollback --dry-run");

        for (String[] c : releaserCommands()) {
            sameFailure("alice", "not the passphrase", c);
            sameFailure("bob", Harness.PASS, c);
        }
        String[] approve = {"approve", "churn@1.2.0", "--for", "staging", "--role", "risk-committee"};
        String[] reject = {"reject", "churn@1.2.0", "--for", "staging", "--role", "risk-committee"};
        for (String[] c : List.of(approve, reject)) {
            sameFailure("bob", "not the passphrase", c);
            sameFailure("alice", Harness.PASS, c);
        }
        as("alice", "canary", "start", "churn@1.2.0", "--env", "prod", "--weight", "10");
        for (String[] c : canaryCommands()) {
            sameFailure("alice", "not the passphrase", c);
            sameFailure("bob", Harness.PASS, c);
        }
        // gates deny: churn@2.0.0 has no prod approval
        h.ok("register", h.model("m2", "weights 2").toString(), "--model", "churn", "--version", "2.0.0",
                "--meta", h.releasableMeta().toString());
        h.ok("promote", "churn@2.0.0", "--to", "dev");
        h.ok("promote", "churn@2.0.0", "--to", "staging");
        sameFailure("alice", Harness.PASS, new String[] {"promote", "churn@2.0.0", "--to", "prod"});
    }

    @Test
    void goodDryRuns_changeNothing() {
        for (String[] c : releaserCommands()) {
            dryRun("alice", c);
        }
        JsonNode approval = dryRun("bob", "approve", "churn@1.2.0", "--for", "staging", "--role", "risk-committee");
        assertTrue(approval.get("file").asText().startsWith("models/churn/versions/1.2.0/approvals/staging-risk-committee-"));
        dryRun("bob", "reject", "churn@1.2.0", "--for", "staging", "--role", "risk-committee");
        as("alice", "canary", "start", "churn@1.2.0", "--env", "prod", "--weight", "10");
        for (String[] c : canaryCommands()) {
            dryRun("alice", c);
        }
    }

    @Test
    void gcDryRun_withAWrongPassphrase_failsAsTheRealRun() {
        Instant now = Instant.now();
        h.ok("deprecate", "churn@1.0.0", "--retire-on", LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).toString(), "--reason", "old");
        h.clock = Clock.fixed(now.plus(Duration.ofDays(400)), ZoneOffset.UTC);
        sameFailure("alice", "not the passphrase", new String[] {"gc"});
        sameFailure("bob", Harness.PASS, new String[] {"gc"});
        assertEquals(1, as("alice", "gc", "--dry-run", "--format", "json").json().get("versions").size());
    }
}
