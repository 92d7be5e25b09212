package dev.airisk.adapters.git;

import static dev.airisk.adapters.git.Fixtures.text;
import static dev.airisk.adapters.git.Fixtures.writes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.crypto.TestSigner;
import dev.airisk.adapters.git.RemoteAccess.Freshness;
import dev.airisk.core.AiriskException;
import dev.airisk.core.Layout;
import dev.airisk.core.port.History.Commit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Registries at URLs: a real git daemon on loopback (pushes enabled) and file:// remotes. */
class RemoteRegistryTest {
    @RegisterExtension
    static final GitDaemon.PerClass SERVED = new GitDaemon.PerClass();

    @TempDir
    Path tmp;

    private GitDaemon daemon;
    private Path served;

    @BeforeEach
    void daemon() {
        daemon = SERVED.daemon();
        served = SERVED.served();
    }

    private GitRegistryProvider provider(String home, Freshness freshness, Duration interval) {
        return new GitRegistryProvider(Clock.systemUTC(), new RemoteAccess(tmp.resolve(home), freshness, bytes -> interval));
    }

    private GitRegistryProvider provider(String home) {
        return provider(home, Freshness.CACHED, Duration.ofHours(1));
    }

    private static GitRegistry create(GitRegistryProvider provider, String url, String signer) {
        return provider.create(url, TestSigner.ecdsa(signer),
                Map.of(Layout.SETTINGS, Fixtures.bytes(Fixtures.SETTINGS), Layout.POLICY, Fixtures.bytes("# policy\n")), Fixtures.init());
    }

    private String daemonRegistry(String name) throws Exception {
        daemon.bare(name);
        String url = daemon.url(name);
        create(provider("setup-" + name), url, "setup").close();
        return url;
    }

    private static String remoteMain(Path bare) throws Exception {
        return GitDaemon.git(bare, "rev-parse", "refs/heads/main").strip();
    }

    @Test
    void fileUrl_createdByOne_isSeenByAnotherMachine_andTheRemoteHoldsTheCommit() throws Exception {
        Path bare = tmp.resolve("remote.git");
        GitDaemon.git(tmp, "init", "-q", "--bare", "-b", "main", bare.toString());
        String url = bare.toUri().toString();
        String created;
        try (GitRegistry a = create(provider("home-a"), url, "alice")) {
            created = a.head().commitId();
            assertEquals(url, a.location());
        }
        assertEquals(created, remoteMain(bare));
        try (GitRegistry b = provider("home-b").open(url, TestSigner.ecdsa("bob"))) {
            assertEquals(created, b.head().commitId());
            b.update(s -> writes("bob", "bob.txt", "hello"));
        }
        try (GitRegistry a = provider("home-a", Freshness.REFRESH, Duration.ofHours(1)).open(url, null)) {
            assertEquals("hello", text(a.head().read("bob.txt").orElseThrow()));
            assertEquals(remoteMain(bare), a.head().commitId());
        }
        GitDaemon.git(bare, "fsck", "--strict");
    }

    @Test
    void cachedCopyWithUnreadableRegistryYaml_isThatError_notAnIntervalOfZero() throws Exception {
        Path bare = tmp.resolve("remote.git");
        GitDaemon.git(tmp, "init", "-q", "--bare", "-b", "main", bare.toString());
        String url = bare.toUri().toString();
        create(provider("home-a"), url, "alice").close();
        provider("home-a").open(url, null).close(); // fetched: the next open asks the copy's registry.yaml how fresh it is
        AiriskException.InvalidInput unreadable = new AiriskException.InvalidInput(
                "registry.yaml: line 2: fetch_interval 'soon' is not a duration", "give e.g. 10m");
        GitRegistryProvider reading = new GitRegistryProvider(Clock.systemUTC(), new RemoteAccess(tmp.resolve("home-a"),
                Freshness.CACHED, bytes -> {
                    throw unreadable;
                }));

        AiriskException.InvalidInput e = assertThrows(AiriskException.InvalidInput.class, () -> reading.open(url, null).close());

        assertEquals(unreadable.oneLine(), e.oneLine());
    }

    @Test
    void twoWritersRacingOverGitDaemon_bothLand_andTheLoserRanItsOperationAgainOnTheNewHead() throws Exception {
        String url = daemonRegistry("race.git");
        try (GitRegistry alice = provider("home-a").open(url, TestSigner.ecdsa("alice"));
             GitRegistry bob = provider("home-b").open(url, TestSigner.ecdsa("bob"))) {
            AtomicInteger runs = new AtomicInteger();
            List<Boolean> sawBob = new ArrayList<>();
            alice.update(s -> {
                sawBob.add(s.exists("bob.txt"));
                if (runs.incrementAndGet() == 1) {
                    bob.update(o -> writes("bob was first", "bob.txt", "b"));
                }
                return writes("alice", "alice.txt", s.exists("bob.txt") ? "after bob" : "alone");
            });
            assertEquals(2, runs.get());
            assertEquals(List.of(false, true), sawBob);
            assertEquals("after bob", text(alice.head().read("alice.txt").orElseThrow()));
            List<Commit> history = alice.history().commits();
            assertEquals(List.of("Create the registry", "bob was first", "alice"), history.stream().map(Commit::subject).toList());
            assertEquals(List.of(history.get(1).id()), history.get(2).parents());
            assertEquals(history.get(2).id(), remoteMain(served.resolve("race.git")));
        }
    }

    @Test
    void retriesRunOut_whenAnotherWriterPushesBeforeEveryPush_conflictSaysTheRemoteKeptMoving() throws Exception {
        String url = daemonRegistry("busy.git");
        try (GitRegistry alice = provider("home-a").open(url, TestSigner.ecdsa("alice"));
             GitRegistry bob = provider("home-b").open(url, TestSigner.ecdsa("bob"))) {
            AtomicInteger runs = new AtomicInteger();
            AiriskException.Conflict e = assertThrows(AiriskException.Conflict.class, () -> alice.update(s -> {
                int n = runs.incrementAndGet();
                bob.update(o -> writes("bob " + n, "bob.txt", "b" + n));
                return writes("alice", "alice.txt", "a");
            }));
            assertEquals("the registry at " + url + " kept moving: other writers pushed first 15 times in a row, so nothing was written",
                    e.getMessage());
            assertEquals(15, runs.get());
        }
        try (GitRegistry fresh = provider("home-c").open(url, null)) {
            assertFalse(fresh.head().exists("alice.txt"));
            assertEquals("b15", text(fresh.head().read("bob.txt").orElseThrow()));
        }
    }

    @Test
    void reads_useTheLocalCopyWithinFetchInterval_refreshFetches_offlineReadsTheCopy() throws Exception {
        String url = daemonRegistry("fresh.git");
        String first;
        try (GitRegistry reader = provider("reader").open(url, null)) {
            first = reader.head().commitId();
        }
        try (GitRegistry writer = provider("writer").open(url, TestSigner.ecdsa("w"))) {
            writer.update(s -> writes("new", "new.txt", "n"));
        }
        try (GitRegistry cached = provider("reader").open(url, null)) {
            assertEquals(first, cached.head().commitId(), "within fetch_interval the local copy is read");
        }
        try (GitRegistry offline = provider("reader", Freshness.OFFLINE, Duration.ZERO).open(url, null)) {
            assertEquals(first, offline.head().commitId(), "offline never fetches, whatever the interval");
        }
        try (GitRegistry stale = provider("reader", Freshness.CACHED, Duration.ZERO).open(url, null)) {
            assertTrue(stale.head().exists("new.txt"), "a copy older than fetch_interval is fetched");
        }
        try (GitRegistry writer = provider("writer").open(url, TestSigner.ecdsa("w"))) {
            writer.update(s -> writes("newer", "newer.txt", "n"));
        }
        try (GitRegistry refreshed = provider("reader", Freshness.REFRESH, Duration.ofHours(1)).open(url, null)) {
            assertTrue(refreshed.head().exists("newer.txt"), "--refresh fetches however recent the copy");
        }
        try (GitRegistry offline = provider("reader", Freshness.OFFLINE, Duration.ZERO).open(url, null)) {
            assertTrue(offline.head().exists("newer.txt"));
        }
    }

    @Test
    void offline_refusesWrites_andNeedsALocalCopy() throws Exception {
        String url = daemonRegistry("offline.git");
        GitRegistryProvider offline = provider("never-fetched", Freshness.OFFLINE, Duration.ZERO);
        AiriskException.InvalidInput write = assertThrows(AiriskException.InvalidInput.class, () -> offline.open(url, TestSigner.ecdsa("a")));
        assertTrue(write.getMessage().startsWith("--offline cannot write to the registry at " + url), write.getMessage());
        AiriskException.Unavailable read = assertThrows(AiriskException.Unavailable.class, () -> offline.open(url, null));
        assertEquals("there is no local copy of the registry at " + url + " to read offline", read.getMessage());
        assertFalse(Files.exists(tmp.resolve("never-fetched")));
    }

    @Test
    void unreachableRemote_isUnavailable_andLeavesNoLocalCopy() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "git://127.0.0.1:" + closed + "/registry.git";
        AiriskException.Unavailable e = assertThrows(AiriskException.Unavailable.class, () -> provider("home").open(url, null));
        assertTrue(e.getMessage().startsWith("cannot reach the registry at " + url + ": "), e.getMessage());
        assertEquals(0, entries(tmp.resolve("home")), "no local copy is left behind");
        assertThrows(AiriskException.Unavailable.class, () -> create(provider("home"), url, "alice"));
        assertEquals(0, entries(tmp.resolve("home")));
    }

    @Test
    void missingRepository_isUnavailable_andAnEmptyOne_isNotARegistry() throws Exception {
        assertThrows(AiriskException.Unavailable.class, () -> provider("home").open(daemon.url("nothing-here.git"), null));
        daemon.bare("empty.git");
        AiriskException.NotFound e = assertThrows(AiriskException.NotFound.class, () -> provider("home").open(daemon.url("empty.git"), null));
        assertEquals(daemon.url("empty.git") + " has no main branch, so it is not an airisk registry", e.getMessage());
    }

    @Test
    void createOnARemoteThatHasAMainBranch_isAConflict_andChangesNothing() throws Exception {
        String url = daemonRegistry("taken.git");
        String before = remoteMain(served.resolve("taken.git"));
        AiriskException.Conflict e = assertThrows(AiriskException.Conflict.class, () -> create(provider("other"), url, "mallory"));
        assertEquals(url + " already has a main branch; nothing was changed", e.getMessage());
        assertEquals(before, remoteMain(served.resolve("taken.git")));
    }

    @Test
    void pushRefusedByAServerHook_isNotARace_andSaysSo() throws Exception {
        String url = daemonRegistry("hooked.git");
        GitDaemon.hook(served.resolve("hooked.git"), "pre-receive", "#!/bin/sh\necho 'registry frozen' >&2\nexit 1\n");
        String before = remoteMain(served.resolve("hooked.git"));
        try (GitRegistry alice = provider("home").open(url, TestSigner.ecdsa("alice"))) {
            AtomicInteger runs = new AtomicInteger();
            AiriskException.PolicyDenied e = assertThrows(AiriskException.PolicyDenied.class, () -> alice.update(s -> {
                runs.incrementAndGet();
                return writes("alice", "alice.txt", "a");
            }));
            assertTrue(e.getMessage().startsWith("the server of " + url + " refused the push: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(not a race with another writer; nothing was written)"), e.getMessage());
            assertEquals(1, runs.get(), "a refusal is not retried");
            assertFalse(alice.head().exists("alice.txt"), "the local copy did not move");
        }
        assertEquals(before, remoteMain(served.resolve("hooked.git")));
    }

    @Test
    void rewrittenRemoteHistory_isAnIntegrityFailure_andTheCopyKeepsWhatItSaw() throws Exception {
        String url = daemonRegistry("rewritten.git");
        Path bare = served.resolve("rewritten.git");
        String seen;
        try (GitRegistry alice = provider("home").open(url, TestSigner.ecdsa("alice"))) {
            seen = alice.update(s -> writes("alice", "alice.txt", "a")).commitId();
        }
        String root = GitDaemon.git(bare, "rev-list", "--max-parents=0", "main").strip();
        String other = GitDaemon.git(bare, "commit-tree", root + "^{tree}", "-p", root, "-m", "rewritten").strip();
        GitDaemon.git(bare, "update-ref", "refs/heads/main", other);
        AiriskException.IntegrityFailure e = assertThrows(AiriskException.IntegrityFailure.class,
                () -> provider("home", Freshness.REFRESH, Duration.ZERO).open(url, null));
        assertTrue(e.getMessage().startsWith("the main branch of " + url + " was rewound or rewritten: it is at " + other), e.getMessage());
        try (GitRegistry copy = provider("home", Freshness.OFFLINE, Duration.ZERO).open(url, null)) {
            assertEquals(seen, copy.head().commitId());
        }
    }

    @Test
    void credentialsInAUrl_appearInNoMessageAndNoFileName() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "http://deploy:s3cr3t-token@127.0.0.1:" + closed + "/team/registry.git";
        AiriskException.Unavailable e = assertThrows(AiriskException.Unavailable.class, () -> provider("home").open(url, null));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertFalse(e.getMessage().contains("deploy"), e.getMessage());
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + closed + "/team/registry.git"), e.getMessage());
        RemoteUrl parsed = RemoteUrl.parse(url);
        assertFalse(parsed.cacheName().contains("s3cr3t") || parsed.cacheName().contains("deploy"), parsed.cacheName());
        assertEquals(RemoteUrl.parse("http://127.0.0.1:" + closed + "/team/registry.git").cacheName(), parsed.cacheName());
        assertNotEquals(RemoteUrl.parse("http://127.0.0.1:" + closed + "/team/other.git").cacheName(), parsed.cacheName());
        assertTrue(RemoteUrl.isUrl("git@example.com:team/registry.git"));
        assertFalse(RemoteUrl.isUrl("/srv/registry.git"));
        assertFalse(RemoteUrl.isUrl("registry.git"));
    }

    private static long entries(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".git")).count();
        }
    }
}
