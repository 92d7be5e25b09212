package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.git.GitDaemon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Team mode end to end: init --remote, clone, and commands with --registry URL against a git daemon on loopback. */
class RemoteRegistryCliTest {
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

    /** A harness whose registry is the URL of a new empty repository served by the daemon, and a key 'alice'. */
    private Harness team(String who, String url) {
        Harness h = new Harness(tmp.resolve(who));
        h.env.put(Context.REGISTRY, url);
        h.ok("keys", "generate", "--name", who);
        return h;
    }

    private String emptyRepository(String name) throws Exception {
        daemon.bare(name);
        return daemon.url(name);
    }

    private String initialised(Harness h, String url) {
        Harness.Result r = h.ok("init", "--remote", url, "--store", tmp.resolve("shared-store").toString());
        assertEquals("Initialised registry " + url + " (pushed)", r.out().lines().findFirst().orElse(""));
        return url;
    }

    private String remoteMain(String name) throws Exception {
        return GitDaemon.git(served.resolve(name), "rev-parse", "refs/heads/main").strip();
    }

    @Test
    void initRemote_thenCloneElsewhere_andBothWorkOnTheRegistryThroughItsUrl() throws Exception {
        String url = emptyRepository("team.git");
        Harness alice = team("alice", url);
        initialised(alice, url);

        Harness bob = new Harness(tmp.resolve("bob"));
        bob.env.remove(Context.REGISTRY);
        JsonNode cloned = bob.ok("clone", url, "--format", "json").json();
        assertEquals(url, cloned.get("registry").asText());
        assertEquals(remoteMain("team.git"), cloned.get("commit").asText());
        assertEquals("dev", cloned.get("environments").get(0).asText());
        assertEquals(tmp.resolve("shared-store").toString(), cloned.get("store").asText());
        assertEquals(0, cloned.get("models").asInt());
        assertEquals(60, cloned.get("fetch_interval_seconds").asInt());
        assertTrue(Files.isDirectory(Path.of(cloned.get("cache").asText())));
        assertTrue(cloned.get("cache").asText().startsWith(bob.home.resolve("cache").toString()));
        String text = bob.ok("clone", url).out();
        assertTrue(text.startsWith("Cloned registry " + url + "\n"), text);

        Path model = alice.model("churn", "weights-1");
        assertEquals(0, alice.register(model, "churn", "1.0.0").code());

        JsonNode stale = bob.ok("list", "--registry", url, "--format", "json").json();
        assertEquals(0, stale.size(), "within fetch_interval bob reads his local copy");
        JsonNode fresh = bob.ok("list", "--registry", url, "--refresh", "--format", "json").json();
        assertEquals("churn", fresh.get(0).get("name").asText());
        assertEquals(0, bob.ok("status", "--registry", url, "--offline").code());
        assertEquals(0, bob.ok("audit", "verify", "--registry", url).code());
        GitDaemon.git(served.resolve("team.git"), "fsck", "--strict");
    }

    @Test
    void initRemote_intoARepositoryThatHasAMainBranch_exits6_andChangesNothing() throws Exception {
        String url = emptyRepository("taken.git");
        initialised(team("alice", url), url);
        String before = remoteMain("taken.git");
        Harness mallory = team("mallory", url);
        Harness.Result r = mallory.run("init", "--remote", url, "--store", tmp.resolve("other-store").toString());
        assertEquals(6, r.code());
        assertEquals("airisk: error: " + url + " already has a main branch; nothing was changed (to work with the registry there, run 'airisk clone "
                + url + "'; init needs a repository without a main branch)", r.firstErrLine());
        assertEquals(before, remoteMain("taken.git"));
        assertFalse(Files.exists(tmp.resolve("other-store")));
    }

    @Test
    void aWrite_whoseRemoteMovesBeforeEveryPush_exits6_sayingItKeptMoving_andWritesNothing() throws Exception {
        String url = emptyRepository("busy.git");
        Harness alice = team("alice", url);
        initialised(alice, url);
        // Another writer's 16 signed commits, made first and kept aside on the server; the registry is put back before them,
        // and this host forgets having seen them (its anchor and local copy).
        Path bare = served.resolve("busy.git");
        String start = GitDaemon.git(bare, "rev-parse", "refs/heads/main").strip();
        for (int i = 0; i < 16; i++) {
            assertEquals(0, alice.register(alice.model("other-" + i, "w" + i), "other-" + i, "1.0.0").code());
        }
        GitDaemon.git(bare, "update-ref", "refs/heads/other", "refs/heads/main");
        GitDaemon.git(bare, "update-ref", "refs/heads/main", start);
        deleteTree(alice.home.resolve("anchors"));
        deleteTree(alice.home.resolve("cache"));
        // Another writer, played by the server: before each push lands it moves main on by one of those commits.
        GitDaemon.hook(bare, "pre-receive", """
                #!/bin/sh
                unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
                old=$(git rev-parse refs/heads/main)
                new=$(git rev-list --reverse --ancestry-path "$old..refs/heads/other" | head -n 1)
                git update-ref refs/heads/main "$new" "$old"
                """);
        Harness.Result r = alice.register(alice.model("churn", "w"), "churn", "1.0.0");
        assertEquals(6, r.code(), r.err());
        assertEquals("airisk: error: the registry at " + url + " kept moving: other writers pushed first 15 times in a row, "
                + "so nothing was written (try again in a moment)", r.firstErrLine());
        Files.delete(served.resolve("busy.git/hooks/pre-receive"));
        JsonNode listed = alice.ok("list", "--refresh", "--format", "json").json();
        assertEquals(15, listed.size());
        assertFalse(listed.toString().contains("\"churn\""), listed.toString());
        assertEquals("15", GitDaemon.git(bare, "rev-list", "--count", start + "..main").strip());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aServerThatRewindsMain_isRefused_andNoWriteIsPushedOntoTheTruncatedHistory() throws Exception {
        String url = emptyRepository("rewound.git");
        Harness alice = team("alice", url);
        initialised(alice, url);
        assertEquals(0, alice.register(alice.model("churn", "w"), "churn", "1.0.0", AuditTest.LINEAGE).code());
        alice.ok("promote", "churn@1.0.0", "--to", "dev");
        Path bare = served.resolve("rewound.git");
        String seen = remoteMain("rewound.git");
        GitDaemon.git(bare, "update-ref", "refs/heads/main", seen + "~2");
        String rewound = remoteMain("rewound.git");
        String why = "airisk: error: the main branch of " + url + " was rewound or rewritten: it is at " + rewound
                + ", which does not contain " + seen + " that this machine saw there before; nothing was read or written";
        Path meta = alice.writeMeta("owner: team@example.com\nrisk_tier: limited\n");
        for (String[] args : new String[][] {{"status", "--refresh"}, {"promote", "churn@1.0.0", "--to", "staging"},
            {"register", alice.model("churn2", "w2").toString(), "--model", "churn", "--version", "1.1.0", "--meta", meta.toString()}}) {
            Harness.Result r = alice.run(args);
            assertEquals(4, r.code(), r.err());
            assertTrue(r.firstErrLine().startsWith(why), r.firstErrLine());
            assertEquals(rewound, remoteMain("rewound.git"), "a write was pushed onto the rewound history");
        }
    }

    @Test
    void anUnreachableRemote_exits7_withOneClearLine_andNothingChanged() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "git://127.0.0.1:" + closed + "/registry.git";
        Harness alice = team("alice", url);
        Harness.Result list = alice.run("list");
        assertEquals(7, list.code());
        assertTrue(list.firstErrLine().startsWith("airisk: error: cannot reach the registry at " + url + ": "), list.firstErrLine());
        assertEquals(1, list.err().lines().count());
        Harness.Result init = alice.run("init", "--remote", url, "--store", tmp.resolve("s").toString());
        assertEquals(7, init.code());
        assertFalse(Files.exists(tmp.resolve("s")));
        assertFalse(Files.exists(alice.home.resolve("cache/registries")) && alice.home.resolve("cache/registries").toFile().list().length > 0);
    }

    @Test
    void offlineAndRefresh_badCombinations_areClearErrors() throws Exception {
        String url = emptyRepository("modes.git");
        Harness alice = team("alice", url);
        Harness.Result noCopy = alice.run("list", "--offline");
        assertEquals(7, noCopy.code());
        assertEquals("airisk: error: there is no local copy of the registry at " + url + " to read offline (run the command without "
                + "--offline, or 'airisk clone " + url + "' while the remote is reachable)", noCopy.firstErrLine());
        initialised(alice, url);
        String before = remoteMain("modes.git");
        Harness.Result write = alice.register(alice.model("churn", "w"), "churn", "1.0.0", "--offline");
        assertEquals(2, write.code());
        assertEquals("airisk: error: --offline cannot write to the registry at " + url
                + ": a write fetches from the remote and pushes to it (run the command without --offline)", write.firstErrLine());
        assertEquals(before, remoteMain("modes.git"));
        Harness.Result both = alice.run("list", "--offline", "--refresh");
        assertEquals(2, both.code());
        assertEquals("airisk: error: --refresh and --offline contradict each other (give one of them)", both.firstErrLine());
    }

    @Test
    void initAndClone_refuseWhatIsNotWhatTheyTake() throws Exception {
        String url = emptyRepository("args.git");
        Harness alice = team("alice", url);
        Harness.Result path = alice.run("init", "--remote", tmp.resolve("x.git").toString());
        assertEquals(2, path.code());
        assertTrue(path.firstErrLine().startsWith("airisk: error: --remote needs a Git URL"), path.firstErrLine());
        Harness.Result both = alice.run("init", "--remote", url, "--registry", tmp.resolve("x.git").toString());
        assertEquals(2, both.code());
        assertEquals("airisk: error: --remote and --registry name different registries (give only --remote URL)", both.firstErrLine());
        Harness.Result noStore = alice.run("init", "--registry", url);
        assertEquals(2, noStore.code());
        assertEquals("airisk: error: a registry at a URL is shared, so it needs a store everyone can reach "
                + "(pass --store with an S3 URL (s3://BUCKET/PREFIX) or a shared folder)", noStore.firstErrLine());
        Harness.Result clonePath = alice.run("clone", tmp.toString());
        assertEquals(2, clonePath.code());
        Harness.Result cloneEmpty = alice.run("clone", url);
        assertEquals(5, cloneEmpty.code());
        assertFalse(Files.exists(tmp.resolve("x.git")));
    }
}
