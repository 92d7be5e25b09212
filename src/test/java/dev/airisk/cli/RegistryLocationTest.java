package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistyped registry says what is wrong with it and where the registry is named; it never suggests creating one. */
class RegistryLocationTest {
    @TempDir
    Path tmp;

    private Harness h;

    @BeforeEach
    void setUp() {
        h = Harness.initialised(tmp.resolve("h"));
    }

    private Harness.Result runAt(String registry, String... args) {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.REGISTRY, registry);
        return h.run(env, args);
    }

    private static List<String> tree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aMissingPath_saysItDoesNotExist_andCreatesNothing() throws Exception {
        Path missing = tmp.resolve("registy.git");
        Map<String, String> before = h.state();
        for (String[] args : List.of(new String[] {"status"}, new String[] {"approve", "churn@1.0.0", "--for", "prod", "--role", "risk"})) {
            Harness.Result r = runAt(missing.toString(), args);
            assertEquals("airisk: error: there is no registry at " + missing + ": the path does not exist "
                    + "(check the path given with --registry or AIRISK_REGISTRY)", r.firstErrLine());
            assertEquals(5, r.code());
        }
        assertFalse(Files.exists(missing), "nothing is made at the mistyped path");
        assertEquals(before, h.state());
    }

    @Test
    void anEmptyFolder_holdsNoRegistry_andStaysEmpty() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Harness.Result r = runAt(empty.toString(), "status");
        assertEquals("airisk: error: " + empty + " is not an airisk registry (check the path given with --registry or AIRISK_REGISTRY)",
                r.firstErrLine());
        assertEquals(5, r.code());
        assertEquals(List.of(""), tree(empty));
    }

    @Test
    void aGitRepositoryThatIsNoRegistry_holdsNoRegistry_andIsUnchanged() throws Exception {
        Path work = tmp.resolve("project");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            Files.writeString(work.resolve("README"), "hello\n");
            git.add().addFilepattern("README").call();
            git.commit().setMessage("readme").setSign(false).setAuthor("t", "t@t").setCommitter("t", "t@t").call();
        }
        Path bare = tmp.resolve("other.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        for (Path p : List.of(work, work.resolve(".git"), bare)) {
            List<String> before = tree(p);
            Harness.Result r = runAt(p.toString(), "register", tmp.toString(), "--model", "churn", "--version", "1.0.0");
            assertEquals("airisk: error: " + p + " is not an airisk registry (check the path given with --registry or AIRISK_REGISTRY)",
                    r.firstErrLine());
            assertEquals(5, r.code());
            assertEquals(before, tree(p));
        }
    }

    @Test
    void aUrlWithNoRegistry_saysSo_andSuggestsNoInit() throws Exception {
        Path bare = tmp.resolve("served/empty.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        String url = bare.toUri().toString();
        List<String> before = tree(bare);
        Harness.Result r = runAt(url, "status");
        assertEquals("airisk: error: " + url + " has no main branch, so it is not an airisk registry "
                + "(check the URL given with --registry or AIRISK_REGISTRY)", r.firstErrLine());
        assertEquals(5, r.code());

        String nowhere = tmp.resolve("served/nowhere.git").toUri().toString();
        Harness.Result n = runAt(nowhere, "status");
        assertEquals(7, n.code());
        assertFalse(n.err().contains("init"), n.err());
        assertFalse(Files.exists(tmp.resolve("served/nowhere.git")));
        assertEquals(before, tree(bare));
    }
}
