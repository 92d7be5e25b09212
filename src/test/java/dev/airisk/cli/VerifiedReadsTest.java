package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command verifies the registry's signed history before it reads it: the attacks of someone
 * who can push to the registry's Git repository (and write to the store) but holds no trusted key,
 * or holds a trusted key without the role, each made with plain {@code git}; each is refused with
 * exit 4 naming the commit, and nothing is written or pulled.
 */
class VerifiedReadsTest {
    static final String BROKEN = "airisk: error: the registry at %s holds a commit that breaks its rules, so nothing was read or written: commit ";

    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void registry() {
        h = Harness.initialised(tmp.resolve("a"));
        Path meta = h.writeMeta("owner: team@example.com\nrisk_tier: high\nmetrics:\n  accuracy: 0.81\n");
        assertEquals(0, h.run("register", h.model("m1", "weights 1").toString(), "--model", "churn", "--version", "1.0.0",
                "--meta", meta.toString(), AuditTest.LINEAGE[0], AuditTest.LINEAGE[1], AuditTest.LINEAGE[2], AuditTest.LINEAGE[3]).code());
        h.ok("promote", "churn@1.0.0", "--to", "dev");
    }

    private String main() {
        return GitTamper.git(h.registry, "rev-parse", "refs/heads/main").strip();
    }

    private String brokenAt(String subject) {
        return String.format(BROKEN, h.registry) + "[0-9a-f]{12} \\('" + subject + "'\\) ";
    }

    /** The command fails with exit 4, its first stderr line matching {@code regex}, and neither registry nor store changes. */
    private void refused(String regex, String... args) {
        Map<String, String> before = h.state();
        Harness.Result r = h.run(args);
        assertEquals(4, r.code(), () -> String.join(" ", args) + ": " + r.err());
        assertTrue(r.firstErrLine().matches(regex), () -> "first line: " + r.firstErrLine() + "\nwanted: " + regex);
        assertEquals(before, h.state(), "the registry or the store changed");
    }

    @Test
    void passingSignatureChecks_areRememberedInAPrivateFile_andADamagedOneChangesNoAnswer() throws IOException {
        Path memo = h.home.resolve("cache/signatures/passed");
        assertTrue(Files.size(memo) > 0 && Files.size(memo) % 32 == 0, "whole 32-byte records");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(memo)));
        Harness.Result check = h.run("check", "churn@1.0.0", "--to", "staging", "--format", "json");
        Harness.Result verify = h.ok("verify", "churn@1.0.0");
        Files.write(memo, "not a record of anything, and cut short".getBytes(StandardCharsets.UTF_8));
        assertEquals(check.out(), h.run("check", "churn@1.0.0", "--to", "staging", "--format", "json").out());
        Files.delete(memo);
        Files.createDirectory(memo);
        assertEquals(check.out(), h.run("check", "churn@1.0.0", "--to", "staging", "--format", "json").out());
        assertEquals(verify.out(), h.ok("verify", "churn@1.0.0").out());
    }

    @Test
    void unsignedRecordEdit_isRefusedByVerifyCheckAndPromote_andNothingIsSignedOnTopOfIt() {
        GitTamper t = new GitTamper(h.registry, tmp.resolve("work"));
        String record = "models/churn/versions/1.0.0/record.yaml";
        t.write(record, t.read(record).replace("risk_tier: high", "risk_tier: limited").replace("0.81", "0.99"));
        t.commitAndPush("Lower the tier");
        String tampered = main();
        String why = brokenAt("Lower the tier") + "has no Airisk-Op or Airisk-Actor trailer: it was not written by airisk.*";
        refused(why, "verify", "churn@1.0.0");
        refused(why, "check", "churn@1.0.0", "--to", "staging");
        refused(why, "promote", "churn@1.0.0", "--to", "staging");
        refused(why, "show", "churn");
        assertEquals(tampered, main(), "a write was signed on top of the forged record");
    }

    @Test
    void unsignedCommit_withForgedTrailers_isRefusedAsNotSigned() {
        GitTamper t = new GitTamper(h.registry, tmp.resolve("work"));
        String state = "models/churn/state.yaml";
        t.write(state, t.read(state).replace("dev:", "prod:"));
        t.commitAndPush("Promote churn@1.0.0 to prod\n\nAirisk-Op: promote\nAirisk-Model: churn\nAirisk-Version: 1.0.0\n"
                + "Airisk-Env: prod\nAirisk-Actor: " + AuditTest.keyId(h, "alice"));
        refused(brokenAt("Promote churn@1.0.0 to prod") + "is not signed.*", "status", "churn");
    }

    @Test
    void anotherRegistrysVersion_withItsKeyAndBlobs_isRefusedByVerifyAllAndPull_andNothingIsPulled() throws IOException {
        Harness other = Harness.initialised(tmp.resolve("b"));
        assertEquals(0, other.register(other.model("evil", "evil weights"), "churn", "1.0.0").code());
        GitTamper t = new GitTamper(h.registry, tmp.resolve("work"));
        GitTamper theirs = new GitTamper(other.registry, tmp.resolve("their-work"));
        for (String f : new String[] {"record.yaml", "model.sig"}) {
            t.write("models/churn/versions/1.0.0/" + f, theirs.read("models/churn/versions/1.0.0/" + f));
        }
        for (String key : theirs.list("trust/keys")) {
            t.write("trust/keys/" + key, theirs.read("trust/keys/" + key));
        }
        t.commitAndPush("Replace churn 1.0.0");
        copyTree(other.store, h.store);
        Path to = tmp.resolve("deploy");
        String why = brokenAt("Replace churn 1.0.0") + "has no Airisk-Op.*";
        refused(why, "verify", "churn@1.0.0");
        refused(why, "verify", "--all");
        refused(why, "pull", "churn@1.0.0", "--to", to.toString());
        assertFalse(Files.exists(to), "pull wrote files");
    }

    @Test
    void commitSignedByATrustedKeyWithoutTheRole_isNotShownAsFact() {
        String bob = trustedApprover("bob");
        AuditTest.signedCommit(h.home, h.registry, "bob", "Promote churn@1.0.0 to staging",
                AuditTest.trailers("promote", "1.0.0", "staging", bob),
                Map.of("models/churn/state.yaml", s -> s.replace("dev:", "staging:")));
        String why = brokenAt("Promote churn@1.0.0 to staging") + "is signed by key " + bob.substring(0, 12)
                + ", which did not hold the releaser role at that moment.*";
        refused(why, "status", "churn");
        refused(why, "keys", "trusted");
    }

    @Test
    void commitThatGrantsItsOwnKeyARole_isRefused() {
        String bob = trustedApprover("bob");
        AuditTest.signedCommit(h.home, h.registry, "bob", "Trust bob as admin",
                AuditTest.trailers("trust", "1.0.0", null, bob),
                Map.of("trust/roles.yaml", s -> s.replace("admin:\n", "admin:\n  - " + bob + "\n")));
        refused(brokenAt("Trust bob as admin") + "is signed by key " + bob.substring(0, 12) + ", which did not hold the admin role.*",
                "keys", "trusted");
    }

    @Test
    void mainRewoundLocally_isRefusedByReadsAndWrites() {
        h.ok("promote", "churn@1.0.0", "--to", "staging");
        String seen = main();
        GitTamper.git(h.registry, "update-ref", "refs/heads/main", seen + "~1");
        String why = "airisk: error: the main branch of the registry at " + h.registry + " was rewound or rewritten: it is at [0-9a-f]{12}, "
                + "which does not contain commit " + seen.substring(0, 12) + " that this machine verified before; nothing was read or written.*";
        refused(why, "status", "churn");
        refused(why, "promote", "churn@1.0.0", "--to", "staging");
        refused(why, "audit", "verify");

        // Accepting the rewound history deliberately: a full audit, then commands work from there.
        Harness.Result reset = h.run("audit", "verify", "--reset-anchor");
        assertEquals(0, reset.code(), reset.err());
        h.ok("status", "churn");
    }

    @Test
    void rewriteThatReplacesTheWholeHistory_isRefused() throws IOException {
        Harness other = Harness.initialised(tmp.resolve("b"));
        String theirs = GitTamper.git(other.registry, "rev-parse", "refs/heads/main").strip();
        GitTamper.git(h.registry, "fetch", "-q", other.registry.toString(), "main:refs/heads/theirs");
        GitTamper.git(h.registry, "update-ref", "refs/heads/main", theirs);
        refused("airisk: error: the main branch of the registry at " + h.registry + " was rewound or rewritten.*", "list");
    }

    @Test
    void backDatedCommit_isAnOffence() {
        String alice = AuditTest.keyId(h, "alice");
        Instant past = Instant.now().minus(Duration.ofDays(3));
        signedAt(past, "alice", "Set the policy", Map.of("Airisk-Op", "policy-set", "Airisk-Actor", alice),
                Map.of("policy.yaml", s -> s + "\n"));
        refused(brokenAt("Set the policy") + "is dated " + past.truncatedTo(ChronoUnit.SECONDS)
                + ", before its parent \\(.*\\) by more than 5 minutes: it was back-dated.*", "status", "churn");
    }

    @Test
    void forwardDatedCommit_isAnOffence() {
        String alice = AuditTest.keyId(h, "alice");
        Instant future = Instant.now().plus(Duration.ofDays(3));
        signedAt(future, "alice", "Set the policy", Map.of("Airisk-Op", "policy-set", "Airisk-Actor", alice),
                Map.of("policy.yaml", s -> s + "\n"));
        refused(brokenAt("Set the policy") + "is dated .*, more than 5 minutes after this machine's clock: it was forward-dated.*",
                "status", "churn");
    }

    @Test
    void anchor_isRemembered_soAnUnchangedRegistryIsNotCheckedAgain_andAFreshHostVerifiesFromTheRoot() throws IOException {
        Path anchors = h.home.resolve("anchors");
        try (Stream<Path> files = Files.list(anchors)) {
            String anchor = Files.readString(files.filter(f -> f.toString().endsWith(".anchor")).findFirst().orElseThrow());
            assertEquals("registry " + h.registry.toRealPath() + "\ncommit " + main() + "\n", anchor);
        }
        // A host with no anchor (a fresh CI runner) verifies from the first commit and finds an old forged commit too.
        GitTamper t = new GitTamper(h.registry, tmp.resolve("work"));
        t.write("models/churn/model.yaml", t.read("models/churn/model.yaml") + "# edited\n");
        t.commitAndPush("Edit model");
        Map<String, String> fresh = new HashMap<>(h.env);
        fresh.put(Context.HOME, tmp.resolve("fresh-home").toString());
        Harness.Result r = h.run(fresh, "list");
        assertEquals(4, r.code());
        assertTrue(r.firstErrLine().matches(brokenAt("Edit model") + ".*"), r.err());
    }

    @Test
    void trustAnchor_mustBeOnMain_andStartsAFreshHostsVerificationThere() {
        String first = main();
        h.ok("promote", "churn@1.0.0", "--to", "staging");
        Map<String, String> fresh = new HashMap<>(h.env);
        fresh.put(Context.HOME, tmp.resolve("fresh-home").toString());
        fresh.put(Context.TRUST_ANCHOR, first);
        assertEquals(0, h.run(fresh, "status", "churn").code());

        Map<String, String> other = new HashMap<>(h.env);
        other.put(Context.HOME, tmp.resolve("other-home").toString());
        Harness.Result r = h.run(other, "status", "churn", "--trust-anchor", "0123456789abcdef0123456789abcdef01234567");
        assertEquals(2, r.code());
        assertEquals("airisk: error: the trust anchor '0123456789abcdef0123456789abcdef01234567' is not a commit of the registry at "
                + h.registry + " (give the full id of a commit of its main branch ('airisk log' shows them))", r.firstErrLine());
    }

    @Test
    void aPinnedTrustAnchor_knownToBeOnMain_stillLeavesARewindAndAPinNotOnMainRefused() throws IOException {
        String first = main();
        h.env.put(Context.TRUST_ANCHOR, first);
        h.ok("promote", "churn@1.0.0", "--to", "staging");
        h.ok("status", "churn");
        String seen = main();
        // this host now knows that its anchor contains the pinned one (a fact about two commit ids)
        try (Stream<Path> files = Files.list(h.home.resolve("anchors"))) {
            Path facts = files.filter(f -> f.toString().endsWith(".contains")).findFirst().orElseThrow();
            assertTrue(Files.readString(facts).contains(seen + " " + first + "\n"), Files.readString(facts));
        }

        // a commit of the repository that main does not contain, pinned: refused
        String side = GitTamper.git(h.registry, "-c", "user.name=Side", "-c", "user.email=side@example.com",
                "commit-tree", seen + "^{tree}", "-p", seen + "~1", "-m", "side").strip();
        refused("airisk: error: the main branch of the registry at " + h.registry + " was rewound or rewritten: it is at "
                + seen.substring(0, 12) + ", which does not contain commit " + side.substring(0, 12)
                + " that the trust anchor given names; nothing was read or written.*", "status", "churn", "--trust-anchor", side);

        // main rewound to a commit that still contains the pinned anchor: refused all the same
        GitTamper.git(h.registry, "update-ref", "refs/heads/main", seen + "~1");
        String why = "airisk: error: the main branch of the registry at " + h.registry + " was rewound or rewritten: it is at [0-9a-f]{12}, "
                + "which does not contain commit " + seen.substring(0, 12) + " that this machine verified before; nothing was read or written.*";
        refused(why, "status", "churn");
        refused(why, "promote", "churn@1.0.0", "--to", "staging");
    }

    /** A new key {@code name}, trusted with the approver role only; its key id. */
    private String trustedApprover(String name) {
        h.ok("keys", "generate", "--name", name);
        h.env.put(Context.KEY, "alice");
        Path pem = tmp.resolve(name + ".pub.pem");
        writeString(pem, h.ok("keys", "export-public", "--name", name).out());
        h.ok("keys", "trust", pem.toString(), "--role", "approver");
        return AuditTest.keyId(h, name);
    }

    /** A commit signed by {@code key} with the commit time {@code at}. */
    private void signedAt(Instant at, String key, String subject, Map<String, String> trailers,
                          Map<String, UnaryOperator<String>> edits) {
        Signer signer = new FileKeyring(h.home).unlock(key, Harness.PASS.toCharArray());
        try (Registry r = new GitRegistryProvider(Clock.fixed(at, ZoneOffset.UTC)).open(h.registry.toString(), signer)) {
            r.update(head -> {
                Map<String, byte[]> writes = new LinkedHashMap<>();
                edits.forEach((path, edit) -> writes.put(path,
                        edit.apply(head.read(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("")).getBytes(StandardCharsets.UTF_8)));
                return new Change<>(null, writes, new CommitMessage(subject, null, new LinkedHashMap<>(trailers)));
            });
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.createDirectories(target.getParent());
                if (!Files.exists(target)) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void writeString(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
