package dev.airisk.adapters.git;

import static dev.airisk.adapters.git.Fixtures.bytes;
import static dev.airisk.adapters.git.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.crypto.TestSigner;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.History.Commit;
import dev.airisk.core.port.Snapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two writers at once, sharing one registry object or each with its own (as two processes would). */
class ConcurrentWritesTest {
    private static final int WRITES_EACH = 20;

    @TempDir
    Path tmp;

    @Test
    void twoThreadsOnOneRegistry_bothCommitEverything_andNothingIsLost() throws Exception {
        Path dir = tmp.resolve("reg");
        try (GitRegistry registry = Fixtures.create(dir, TestSigner.ecdsa("alice"))) {
            runTogether(registry, registry);
            assertEverythingLanded(registry);
        }
    }

    @Test
    void twoRegistriesOnOnePath_bothCommitEverything_andNothingIsLost() throws Exception {
        Path dir = tmp.resolve("reg");
        Fixtures.create(dir, TestSigner.ecdsa("setup")).close();
        GitRegistryProvider provider = new GitRegistryProvider();
        try (GitRegistry a = provider.open(dir.toString(), TestSigner.ecdsa("alice"));
             GitRegistry b = provider.open(dir.toString(), TestSigner.ecdsa("bob"))) {
            runTogether(a, b);
            assertEverythingLanded(provider.open(dir.toString(), null));
        }
    }

    /** Each writer bumps a shared counter (read-modify-write) and adds a file of its own, WRITES_EACH times. */
    private static void runTogether(GitRegistry first, GitRegistry second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<?> a = pool.submit(() -> write(first, "a", start));
            Future<?> b = pool.submit(() -> write(second, "b", start));
            start.countDown();
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void write(GitRegistry registry, String writer, CountDownLatch start) throws InterruptedException {
        start.await();
        for (int i = 0; i < WRITES_EACH; i++) {
            String name = writer + " " + i;
            registry.update(s -> new Change<>(null, Map.of("counter.txt", bytes(Integer.toString(counter(s) + 1)),
                    "writers/" + name.replace(' ', '/') + ".txt", bytes(name)), Fixtures.message(name, "test")));
        }
        return null;
    }

    private static int counter(Snapshot s) {
        return s.read("counter.txt").map(b -> Integer.parseInt(text(b))).orElse(0);
    }

    private static void assertEverythingLanded(GitRegistry registry) {
        Snapshot head = registry.head();
        assertEquals(2 * WRITES_EACH, counter(head));
        assertEquals(WRITES_EACH, head.children("writers/a").size());
        assertEquals(WRITES_EACH, head.children("writers/b").size());
        List<Commit> history = registry.history().commits();
        assertEquals(2 * WRITES_EACH + 1, history.size());
        assertTrue(history.get(0).parents().isEmpty());
        for (int i = 1; i < history.size(); i++) {
            assertEquals(List.of(history.get(i - 1).id()), history.get(i).parents(), "linear history");
        }
    }
}
