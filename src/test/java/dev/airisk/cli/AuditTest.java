package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.archive.CommonsContainerReader;
import dev.airisk.adapters.archive.FileModelSources;
import dev.airisk.adapters.archive.TarGzArchiveWriter;
import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.adapters.crypto.SigstoreAttestations;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.adapters.store.LocalStoreProvider;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Version;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.Releases;
import dev.airisk.core.release.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airisk audit verify} over a long history (1,000 release operations) passes, and finds each
 * kind of tampering: edits with plain git, and signed commits that break the rules.
 */
class AuditTest {
    static final int OPERATIONS = 1_000;
    static final List<String> VERSIONS = List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0");
    static final String[] LINEAGE = {"--dataset", "customers@2026-09=sha256:" + "ab".repeat(32), "--code-commit", "3f2c9d4"};

    @TempDir
    static Path shared;
    static Harness h;
    static String bobId;

    @TempDir
    Path tmp;

    @BeforeAll
    static void longHistory() throws IOException {
        h = Harness.initialised(shared);
        for (String v : VERSIONS) {
            assertEquals(0, h.register(h.model("m" + v, "weights " + v), "churn", v, LINEAGE).code());
        }
        h.ok("keys", "generate", "--name", "bob");
        h.env.put(Context.KEY, "alice");
        Files.writeString(shared.resolve("bob.pub.pem"), h.ok("keys", "export-public", "--name", "bob").out());
        h.ok("keys", "trust", shared.resolve("bob.pub.pem").toString(), "--role", "approver");
        bobId = keyId("bob");
        Signer alice = new FileKeyring(h.home).unlock("alice", Harness.PASS.toCharArray());
        try (Registry registry = new GitRegistryProvider().open(h.registry.toString(), alice)) {
            Services services = new Services(registry, new YamlRegistryCodec(), new LocalStoreProvider(), new FileModelSources(), new CommonsContainerReader(),
                    new SigstoreAttestations(), new TarGzArchiveWriter(), alice, Clock.systemUTC(), 2);
            Releases r = services.releases();
            int ops = 0;
            for (int i = 0; ops < OPERATIONS; i++) {
                ModelRef v = ModelRef.parse("churn@" + VERSIONS.get(i % VERSIONS.size()));
                for (String env : List.of("dev", "staging", "prod")) {
                    assertTrue(r.promote(v, env, false, null).changed());
                    ops++;
                }
                if (i > 0) {
                    assertTrue(r.rollback("churn", "prod", null, "drill " + i, false, null).changed());
                    assertTrue(r.canaryStart(v, "prod", 10).changed());
                    assertTrue(r.canarySetWeight("churn", "prod", 30).changed());
                    assertTrue(r.canaryPromote("churn", "prod", false, null).changed());
                    ops += 4;
                }
            }
        }
    }

    static String keyId(String name) {
        return keyId(h, name);
    }

    /** The id of the key {@code name} in the harness's home. */
    static String keyId(Harness h, String name) {
        try {
            for (JsonNode k : Json.mapper().readTree(h.ok("keys", "list", "--format", "json").out())) {
                if (k.get("name").asText().equals(name)) {
                    return k.get("key_id").asText();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no key " + name);
    }

    /** A copy of the long registry to tamper with. */
    Path copy() throws IOException {
        Path target = tmp.resolve("registry.git");
        GitTamper.git(tmp, "clone", "-q", "--bare", h.registry.toString(), target.toString());
        // the store beside it, as registry.yaml records it relative to the registry
        try (Stream<Path> files = Files.walk(h.store)) {
            for (Path f : files.toList()) {
                Path to = tmp.resolve("registry.git.store").resolve(h.store.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return target;
    }

    Harness.Result audit(Path registry) {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.REGISTRY, registry.toString());
        return h.run(env, "audit", "verify", "--format", "json");
    }

    /** A commit made with airisk's own writer, signed by {@code key}, that writes what {@code edit} says. */
    void signedCommit(Path registry, String key, String subject, Map<String, String> trailers, Map<String, UnaryOperator<String>> edits) {
        signedCommit(h.home, registry, key, subject, trailers, edits);
    }

    /** As above, with the keys of {@code home}; an edit that gives null deletes the file. Other tests tamper this way too. */
    static void signedCommit(Path home, Path registry, String key, String subject, Map<String, String> trailers,
                             Map<String, UnaryOperator<String>> edits) {
        signedCommit(home, registry, key, subject, trailers, edits, Clock.systemUTC());
    }

    /** As above, the commit dated by {@code clock} (the clock the commands of the test use). */
    static void signedCommit(Path home, Path registry, String key, String subject, Map<String, String> trailers,
                             Map<String, UnaryOperator<String>> edits, Clock clock) {
        Signer signer = new FileKeyring(home).unlock(key, Harness.PASS.toCharArray());
        try (Registry r = new GitRegistryProvider(clock).open(registry.toString(), signer)) {
            r.update(head -> {
                Map<String, byte[]> writes = new LinkedHashMap<>();
                edits.forEach((path, edit) -> {
                    String text = edit.apply(head.read(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(""));
                    writes.put(path, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
                });
                return new Change<>(null, writes, new CommitMessage(subject, null, trailers));
            });
        }
    }

    static Map<String, String> trailers(String op, String version, String env, String actor) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("Airisk-Op", op);
        t.put("Airisk-Model", "churn");
        t.put("Airisk-Version", version);
        if (env != null) {
            t.put("Airisk-Env", env);
        }
        t.put("Airisk-Actor", actor);
        return t;
    }

    @Test
    void longHistory_passes() throws IOException {
        Harness.Result r = audit(h.registry);
        assertEquals(0, r.code(), r.err());
        JsonNode report = Json.mapper().readTree(r.out());
        assertTrue(report.get("ok").asBoolean());
        assertTrue(report.get("commits_checked").asInt() > OPERATIONS, r.out());
        int operations = h.ok("log", "--model", "churn", "--format", "json").json().get("operations").size();
        assertTrue(operations > OPERATIONS, "operations " + operations);
    }

    @Test
    void stateEditedWithPlainGit_isFound() throws IOException {
        Path copy = copy();
        GitTamper t = new GitTamper(copy, tmp.resolve("work"));
        t.write("models/churn/state.yaml", t.read("models/churn/state.yaml").replace("version: 1.", "version: 9."));
        t.commitAndPush("hotfix state");
        Harness.Result r = audit(copy);
        assertEquals(4, r.code());
        assertTrue(r.firstErrLine().matches("airisk: error: commit [0-9a-f]{12} \\('hotfix state'\\) has no Airisk-Op or Airisk-Actor trailer.*"),
                r.err());
    }

    @Test
    void recordEditedWithPlainGit_withForgedTrailers_isFound() throws IOException {
        Path copy = copy();
        GitTamper t = new GitTamper(copy, tmp.resolve("work"));
        t.write("models/churn/versions/1.0.0/record.yaml",
                t.read("models/churn/versions/1.0.0/record.yaml").replace("owner: team@example.com", "owner: mallory@example.com"));
        t.commitAndPush("Register churn@1.0.0\n\nAirisk-Op: register\nAirisk-Actor: " + keyId("alice"));
        Harness.Result r = audit(copy);
        assertEquals(4, r.code());
        assertTrue(r.firstErrLine().contains("is not signed"), r.err());
    }

    @Test
    void signedCommit_changingARecord_isFound() throws IOException {
        Path copy = copy();
        signedCommit(copy, "alice", "Register churn@1.0.0 again", trailers("register", "1.0.0", null, keyId("alice")),
                Map.of("models/churn/versions/1.0.0/record.yaml", s -> s.replace("team@example.com", "other@example.com")));
        Harness.Result r = audit(copy);
        assertEquals(4, r.code());
        assertTrue(r.firstErrLine().contains("changes models/churn/versions/1.0.0/record.yaml, which may not change once written"), r.err());
    }

    @Test
    void signedCommit_byAKeyWithoutTheRole_isFound() throws IOException {
        Path copy = copy();
        signedCommit(copy, "bob", "Promote churn@1.0.0 to prod", trailers("promote", "1.0.0", "prod", bobId),
                Map.of("models/churn/state.yaml", s -> s));
        Harness.Result r = audit(copy);
        assertEquals(4, r.code());
        assertTrue(r.firstErrLine().contains("which did not hold the releaser role at that moment"), r.err());
    }

    @Test
    void signedPromotion_whoseGatesFail_isFound() throws IOException {
        Path copy = copy();
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.REGISTRY, copy.toString());
        Path meta = h.writeMeta("owner: team@example.com\nrisk_tier: limited\n");
        assertEquals(0, h.run(env, "register", h.model("m2", "weights 2").toString(), "--model", "churn", "--version", "2.0.0",
                "--meta", meta.toString(), LINEAGE[0], LINEAGE[1], LINEAGE[2], LINEAGE[3]).code());
        // A promotion straight to prod, with a state.yaml that follows from it: but 2.0.0 was never in staging.
        YamlRegistryCodec codec = new YamlRegistryCodec();
        String alice = keyId("alice");
        signedCommit(copy, "alice", "Promote churn@2.0.0 to prod", trailers("promote", "2.0.0", "prod", alice),
                Map.of("models/churn/state.yaml", s -> {
                    var state = codec.readState(s.getBytes(StandardCharsets.UTF_8), "state.yaml");
                    var prod = state.env("prod").promote(Version.parse("2.0.0"), Instant.now(), alice);
                    return new String(codec.writeState(state.with("prod", prod)), StandardCharsets.UTF_8);
                }));
        Harness.Result r = audit(copy);
        assertEquals(4, r.code());
        assertTrue(r.firstErrLine().contains("promote of churn@2.0.0 to prod did not pass its gates: denied by path"), r.err());
    }

    @Test
    void signedCommit_whoseStateDoesNotFollowFromItsOperation_isFound() throws IOException {
        Path copy = copy();
        signedCommit(copy, "alice", "Set canary weight", trailers("canary-weight", "1.0.0", "prod", keyId("alice")),
                Map.of("models/churn/state.yaml", s -> s + "\n# edited\n"));
        Harness.Result r = audit(copy);
        assertEquals(4, r.code());
        assertTrue(r.firstErrLine().contains("changes the weight of a canary that was not active")
                || r.firstErrLine().contains("does not follow from its operation"), r.err());
    }

    @Test
    void signedCommit_byAnUntrustedKey_isFound() throws IOException {
        Path copy = copy();
        h.ok("keys", "generate", "--name", "eve-" + System.nanoTime() % 100000);
        String eve = h.ok("keys", "list", "--format", "json").out();
        String name = Json.mapper().readTree(eve).findValues("name").stream().map(JsonNode::asText).filter(n -> n.startsWith("eve-"))
                .findFirst().orElseThrow();
        Signer signer = new FileKeyring(h.home).unlock(name, Harness.PASS.toCharArray());
        signedCommit(copy, name, "Rollback churn", trailers("rollback", "1.0.0", "prod", signer.keyId()),
                Map.of("models/churn/state.yaml", s -> s));
        Harness.Result r = audit(copy);
        assertEquals(4, r.code());
        assertTrue(r.firstErrLine().contains("which was not trusted at that moment"), r.err());
    }
}
