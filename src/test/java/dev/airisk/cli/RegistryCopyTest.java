package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry copied with its store (a rehearsal) acts on the copies, and write commands say what they act on. */
class RegistryCopyTest {
    @TempDir
    Path tmp;

    /** registry.yaml's store line, read from the registry's main branch. */
    static String recordedStore(Path registry) throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(registry.toFile()).setBare().build();
             RevWalk walk = new RevWalk(repo);
             TreeWalk tw = TreeWalk.forPath(repo, "registry.yaml", walk.parseCommit(repo.resolve("refs/heads/main")).getTree())) {
            String yaml = new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            return yaml.lines().filter(l -> l.startsWith("store:")).findFirst().orElseThrow().substring("store:".length()).strip();
        }
    }

    private static Map<String, String> files(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(f -> out.put(root.relativize(f).toString(), Harness.hash(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void init_recordsAStoreBesideTheRegistry_relativeToIt_andOneElsewhere_absolute() throws Exception {
        Harness h = Harness.initialised(tmp.resolve("prod"));
        assertEquals("../registry.git.store", recordedStore(h.registry));

        Path elsewhere = tmp.resolve("srv/blobs");
        Map<String, String> env = new HashMap<>(h.env);
        Path other = tmp.resolve("team/registry.git");
        env.put(Context.REGISTRY, other.toString());
        assertEquals(0, h.run(env, "init", "--store", elsewhere.toString()).code());
        assertEquals(elsewhere.toString(), recordedStore(other));
        Harness.Result r = h.run(env, "register", h.model("m", "w").toString(), "--model", "churn", "--version", "1.0.0",
                "--meta", h.releasableMeta().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isDirectory(elsewhere.resolve("sha256")));
        assertEquals("airisk: registry " + other + " (store " + elsewhere + ")", r.err().strip());
    }

    @Test
    void aCopyOfRegistryAndStore_writesIntoTheCopiedStore_andSaysSo() throws Exception {
        Harness prod = Harness.initialised(tmp.resolve("prod"));
        assertEquals(0, prod.register(prod.model("m1", "weights-1"), "churn", "1.0.0").code());
        Map<String, String> prodStore = files(prod.store);
        Map<String, String> prodRegistry = files(prod.registry);

        Path rehearsal = tmp.resolve("rehearsal");
        copy(prod.registry, rehearsal.resolve("registry.git"));
        copy(prod.store, rehearsal.resolve("registry.git.store"));
        Map<String, String> env = new HashMap<>(prod.env);
        env.put(Context.REGISTRY, rehearsal.resolve("registry.git").toString());

        Harness.Result r = prod.run(env, "register", prod.model("m2", "weights-2").toString(), "--model", "churn", "--version", "1.1.0",
                "--meta", prod.releasableMeta().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(prodStore, files(prod.store), "the production store is untouched");
        assertEquals(prodRegistry, files(prod.registry), "the production registry is untouched");
        assertTrue(files(rehearsal.resolve("registry.git.store")).size() > prodStore.size(), "the copy's store got the new blobs");
        assertEquals("airisk: registry " + rehearsal.resolve("registry.git") + " (store " + rehearsal.resolve("registry.git.store") + ")",
                r.err().strip());
        Harness.Result notify = prod.run(env, "notify");
        assertEquals(0, notify.code(), notify.err());
        assertEquals("Registry " + rehearsal.resolve("registry.git") + " (store " + rehearsal.resolve("registry.git.store") + ")",
                notify.out().lines().findFirst().orElse(""));
        assertEquals("", notify.err(), "notify names them itself, once");
        assertEquals(0, prod.run(env, "verify", "churn@1.1.0").code());
        assertFalse(prod.run(env, "verify", "churn@1.1.0", "--format", "json").err().contains("airisk: registry"),
                "reads and JSON output name nothing on stderr");
    }
}
