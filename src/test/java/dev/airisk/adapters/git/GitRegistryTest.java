package dev.airisk.adapters.git;

import static dev.airisk.adapters.git.Fixtures.bytes;
import static dev.airisk.adapters.git.Fixtures.text;
import static dev.airisk.adapters.git.Fixtures.writes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.crypto.TestSigner;
import dev.airisk.core.AiriskException;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.History.Commit;
import dev.airisk.core.port.Registry.Committed;
import dev.airisk.core.port.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRegistryTest {
    private static final TestSigner SIGNER = TestSigner.ecdsa("alice");
    private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

    @TempDir
    Path tmp;

    private Path dir;
    private GitRegistry registry;

    @BeforeEach
    void createRegistry() {
        dir = tmp.resolve("registry.git");
        registry = new GitRegistryProvider(Clock.fixed(NOW, ZoneOffset.UTC)).create(dir.toString(), SIGNER,
                Map.of("registry.yaml", bytes(Fixtures.SETTINGS)), Fixtures.init());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void update_commitsOneSignedCommit_withTheTrailersAndTheActor() {
        String before = registry.head().commitId();
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Airisk-Op", "register");
        trailers.put("Airisk-Model", "churn");
        trailers.put("Airisk-Version", "1.4.0");
        CommitMessage message = new CommitMessage("Register churn@1.4.0", "Three files.", trailers);
        Committed<String> done = registry.update(s -> new Change<>("ok",
                Map.of("models/churn/versions/1.4.0/record.yaml", bytes("model: churn\n")), message));

        assertEquals("ok", done.result());
        assertEquals(done.commitId(), registry.head().commitId());
        List<Commit> history = registry.history().commits();
        assertEquals(2, history.size());
        Commit last = history.get(1);
        assertEquals(done.commitId(), last.id());
        assertEquals(List.of(before), last.parents());
        assertEquals(NOW, last.time());
        assertEquals("Register churn@1.4.0", last.subject());
        Map<String, String> expected = new LinkedHashMap<>(message.trailers());
        expected.put("Airisk-Actor", SIGNER.keyId());
        assertEquals(expected, last.trailers());
        assertEquals(SIGNER.keyId(), last.trailer("Airisk-Actor"));
        assertTrue(last.signature().startsWith("-----BEGIN SSH SIGNATURE-----"));
        assertTrue(SIGNER.signedCommit(last.signature(), last.signedPayload()));
        String payload = text(last.signedPayload());
        assertTrue(payload.contains("\nauthor alice <" + SIGNER.keyId() + "@airisk> " + NOW.getEpochSecond() + " +0000\n"), payload);
        assertTrue(payload.endsWith("\n\nRegister churn@1.4.0\n\nThree files.\n\nAirisk-Op: register\nAirisk-Model: churn\n"
                + "Airisk-Version: 1.4.0\nAirisk-Actor: " + SIGNER.keyId() + "\n"), payload);
        assertFalse(payload.contains("gpgsig"));
    }

    @Test
    void update_actorTrailer_isAlwaysTheSigningKey() {
        registry.update(s -> new Change<>(null, Map.of("a.txt", bytes("a")),
                CommitMessage.of("write a", Map.of("Airisk-Actor", "someone-else", "Airisk-Op", "test"))));
        assertEquals(Map.of("Airisk-Actor", SIGNER.keyId(), "Airisk-Op", "test"), newest().trailers());
    }

    @Test
    void update_withoutWrites_commitsNothing() {
        String before = registry.head().commitId();
        Committed<Integer> done = registry.update(s -> Change.none(42));
        assertEquals(42, done.result());
        assertNull(done.commitId());
        assertEquals(before, registry.head().commitId());
        assertEquals(1, registry.history().commits().size());
    }

    @Test
    void update_writesReplacesAndDeletes_andDropsFoldersLeftEmpty() {
        registry.update(s -> writes("add", "models/a/model.yaml", "a1", "models/b/model.yaml", "b1", "top.txt", "t"));
        registry.update(s -> writes("change", "models/a/model.yaml", "a2", "models/b/model.yaml", null, "top.txt", null));
        Snapshot head = registry.head();
        assertEquals("a2", text(head.read("models/a/model.yaml").orElseThrow()));
        assertEquals(Optional.empty(), head.read("models/b/model.yaml"));
        assertFalse(head.exists("models/b"));
        assertFalse(head.exists("top.txt"));
        assertEquals(List.of("a"), head.children("models"));
    }

    @Test
    void update_deletingAFolder_removesEverythingBelowIt() {
        registry.update(s -> writes("add", "outbox/1.yaml", "1", "outbox/2.yaml", "2", "keep.txt", "k"));
        registry.update(s -> writes("clear", "outbox", null));
        assertFalse(registry.head().exists("outbox"));
        assertTrue(registry.head().exists("keep.txt"));
    }

    @Test
    void update_keepsTheTreesOfEveryFolderItDoesNotTouch() throws Exception {
        registry.update(s -> writes("add", "models/a/model.yaml", "a", "models/b/model.yaml", "b", "models/b/versions/1.0.0/record.yaml", "r"));
        GitSnapshot before = (GitSnapshot) registry.head();
        registry.update(s -> writes("change a", "models/a/model.yaml", "a2"));
        GitSnapshot after = (GitSnapshot) registry.head();
        assertEquals(before.trees().find(before.tree(), "models/b").id(), after.trees().find(after.tree(), "models/b").id());
        assertEquals(before.trees().find(before.tree(), "registry.yaml").id(), after.trees().find(after.tree(), "registry.yaml").id());
        assertNotEquals(before.trees().find(before.tree(), "models/a").id(), after.trees().find(after.tree(), "models/a").id());
    }

    @Test
    void update_writingTheSameBytes_keepsTheTree() {
        GitSnapshot before = (GitSnapshot) registry.head();
        registry.update(s -> writes("rewrite", "registry.yaml", Fixtures.SETTINGS));
        GitSnapshot after = (GitSnapshot) registry.head();
        assertEquals(before.tree(), after.tree());
        assertNotEquals(before.commitId(), after.commitId());
    }

    @Test
    void update_aFileAndAFolderAtTheSamePath_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> registry.update(s -> writes("bad", "x", "file", "x/y", "file below")));
        assertEquals(1, registry.history().commits().size());
    }

    @Test
    void update_aPathThatIsNotRelative_isRefused() {
        for (String bad : List.of("/abs", "a//b", "a/../b", "./a", "")) {
            assertThrows(IllegalArgumentException.class, () -> registry.update(s -> writes("bad", bad, "x")), bad);
        }
    }

    @Test
    void snapshot_children_areSortedNames_andEmptyForAFileOrNothing() {
        registry.update(s -> writes("add", "models/zeta/model.yaml", "z", "models/alpha/model.yaml", "a",
                "models/alpha-2/model.yaml", "a", "models/Beta/model.yaml", "b", "models/alpha.x", "f"));
        Snapshot head = registry.head();
        assertEquals(List.of("Beta", "alpha", "alpha-2", "alpha.x", "zeta"), head.children("models"));
        assertEquals(List.of("Beta", "alpha", "alpha-2", "alpha.x", "zeta"), head.children("models/"));
        assertEquals(List.of(), head.children("models/alpha.x"));
        assertEquals(List.of(), head.children("nothing/here"));
        assertTrue(head.exists("models/alpha"));
        assertTrue(head.exists(""));
        assertEquals(Optional.empty(), head.read("models/alpha"));
        assertEquals(Optional.empty(), head.read("models/alpha.x/below"));
    }

    @Test
    void snapshot_keepsShowingItsCommit_afterLaterWrites() {
        registry.update(s -> writes("v1", "f.txt", "one"));
        Snapshot old = registry.head();
        registry.update(s -> writes("v2", "f.txt", "two", "g.txt", "new"));
        assertEquals("one", text(old.read("f.txt").orElseThrow()));
        assertFalse(old.exists("g.txt"));
        assertEquals("two", text(registry.head().read("f.txt").orElseThrow()));
    }

    @Test
    void readsAndWrites_neverCreateAWorkTreeOrAnIndex() throws Exception {
        registry.update(s -> writes("add", "models/a/model.yaml", "a"));
        registry.head().read("models/a/model.yaml");
        registry.head().children("models");
        Set<String> top;
        try (Stream<Path> s = Files.list(dir)) {
            top = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertFalse(top.contains("index"), top.toString());
        assertFalse(top.contains("registry.yaml"), top.toString());
        assertFalse(top.contains("models"), top.toString());
        assertFalse(top.contains(".git"), top.toString());
        assertTrue(top.containsAll(Set.of("HEAD", "objects", "refs", "config")), top.toString());
    }

    @Test
    void update_rerunsTheOpOnTheNewHead_whenAnotherWriterWins() {
        GitRegistry other = new GitRegistryProvider().open(dir.toString(), TestSigner.ecdsa("bob"));
        try (other) {
            AtomicInteger runs = new AtomicInteger();
            List<String> seen = new ArrayList<>();
            registry.update(s -> {
                seen.add(s.commitId());
                if (runs.incrementAndGet() == 1) {
                    other.update(o -> writes("bob was first", "bob.txt", "b"));
                }
                return writes("alice", "alice.txt", s.exists("bob.txt") ? "after bob" : "alone");
            });
            assertEquals(2, runs.get());
            assertNotEquals(seen.get(0), seen.get(1));
            assertEquals("after bob", text(registry.head().read("alice.txt").orElseThrow()));
            List<Commit> history = registry.history().commits();
            assertEquals(List.of("Create the registry", "bob was first", "alice"),
                    history.stream().map(Commit::subject).toList());
            assertEquals(List.of(history.get(1).id()), history.get(2).parents());
        }
    }

    @Test
    void update_givesUpWithConflict_afterLosingTenRaces() {
        try (GitRegistry other = new GitRegistryProvider().open(dir.toString(), TestSigner.ecdsa("bob"))) {
            AtomicInteger runs = new AtomicInteger();
            AiriskException.Conflict e = assertThrows(AiriskException.Conflict.class, () -> registry.update(s -> {
                int n = runs.incrementAndGet();
                other.update(o -> writes("bob " + n, "bob.txt", "b" + n));
                return writes("alice", "alice.txt", "a");
            }));
            assertEquals("the registry changed 10 times while writing; try again", e.getMessage());
            assertEquals(10, runs.get());
            assertFalse(registry.head().exists("alice.txt"));
        }
    }

    private Commit newest() {
        List<Commit> commits = registry.history().commits();
        return commits.get(commits.size() - 1);
    }
}
