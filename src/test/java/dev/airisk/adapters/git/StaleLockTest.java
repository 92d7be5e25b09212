package dev.airisk.adapters.git;

import static dev.airisk.adapters.git.Fixtures.text;
import static dev.airisk.adapters.git.Fixtures.writes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.crypto.TestSigner;
import dev.airisk.core.AiriskException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed while it held refs/heads/main.lock must not block the registry for good. */
class StaleLockTest {
    @TempDir
    Path tmp;
    Path dir;
    Path lock;
    String head;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() {
        dir = tmp.resolve("reg");
        try (GitRegistry created = Fixtures.create(dir, TestSigner.ecdsa("setup"))) {
            head = created.head().commitId();
        }
        lock = dir.resolve("refs/heads/main.lock");
    }

    private GitRegistry open() {
        return new GitRegistryProvider(Clock.systemUTC(), null, warnings::add).open(dir.toString(), TestSigner.ecdsa("alice"));
    }

    private void leftoverLock(Instant modified) throws Exception {
        Files.writeString(lock, "0123456789012345678901234567890123456789\n");
        Files.setLastModifiedTime(lock, FileTime.from(modified));
    }

    @Test
    void update_removesALockLeftByAKilledWriter_warnsAndCommits() throws Exception {
        leftoverLock(Instant.now().minusSeconds(60));
        try (GitRegistry registry = open()) {
            registry.update(s -> writes("after the crash", "a.txt", "a"));
            assertEquals("a", text(registry.head().read("a.txt").orElseThrow()));
            assertEquals(head, registry.history().commits().get(0).id());
            assertEquals(2, registry.history().commits().size());
        }
        assertFalse(Files.exists(lock));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("removed " + lock + ", left "), warnings.get(0));
    }

    @Test
    void update_leavesAYoungLockAlone_andSaysWhatHoldsMain() throws Exception {
        leftoverLock(Instant.now().minusMillis(200));
        try (GitRegistry registry = open()) {
            AiriskException.Conflict e = assertThrows(AiriskException.Conflict.class,
                    () -> registry.update(s -> writes("blocked", "a.txt", "a")));
            assertTrue(e.getMessage().startsWith("cannot move the main branch of the registry at " + dir + ": " + lock
                    + " has been there for "), e.getMessage());
            assertTrue(e.getMessage().matches(".* has been there for [0-9] s: another writer is committing, or one was killed.*"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("a lock older than 10 s is removed by the next write"), e.getMessage());
            assertEquals(head, registry.head().commitId());
        }
        assertTrue(Files.exists(lock), "a lock that may still belong to a live writer is kept");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }
}
