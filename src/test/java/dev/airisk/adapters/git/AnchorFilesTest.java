package dev.airisk.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust anchors as files under AIRISK_HOME/anchors: one per registry, moved only forward unless reset. */
class AnchorFilesTest {
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);

    @TempDir
    Path home;

    @Test
    void anAnchor_isRecordedPerRegistry_andMovesOnlyWhenItSupersedesTheOneRecorded() throws Exception {
        AnchorFiles anchors = new AnchorFiles(home.resolve("anchors"));
        assertEquals(Optional.empty(), anchors.read("/srv/registry.git"));
        anchors.advance("/srv/registry.git", A, recorded -> true);
        assertEquals(Optional.of(A), anchors.read("/srv/registry.git"));
        assertEquals(Optional.empty(), anchors.read("git://host/other.git"));
        anchors.advance("/srv/registry.git", B, recorded -> false);
        assertEquals(Optional.of(A), anchors.read("/srv/registry.git"), "an older head must not move the anchor back");
        anchors.advance("/srv/registry.git", B, recorded -> recorded.equals(A));
        assertEquals(Optional.of(B), anchors.read("/srv/registry.git"));
        anchors.reset("/srv/registry.git", A);
        assertEquals(Optional.of(A), anchors.read("/srv/registry.git"));
        assertEquals("registry /srv/registry.git\ncommit " + A + "\n", Files.readString(anchors.file("/srv/registry.git")));
    }

    @Test
    void factsThatACommitContainsAnother_areKeptPerRegistry_theLatestSixteen_andALineNotAFactIsNone() throws Exception {
        AnchorFiles anchors = new AnchorFiles(home.resolve("anchors"));
        assertFalse(anchors.knownToContain("/srv/registry.git", B, A));
        anchors.rememberContains("/srv/registry.git", B, A);
        assertTrue(anchors.knownToContain("/srv/registry.git", B, A));
        assertFalse(anchors.knownToContain("/srv/registry.git", A, B), "a fact has a direction");
        assertFalse(anchors.knownToContain("git://host/other.git", B, A), "facts are per registry");
        assertEquals(Optional.empty(), anchors.read("/srv/registry.git"), "a fact is no anchor");
        anchors.rememberContains("/srv/registry.git", B, A);
        assertEquals("registry /srv/registry.git\n" + B + " " + A + "\n", Files.readString(anchors.containsFile("/srv/registry.git")));

        List<String> commits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String c = String.format("%040x", i + 1);
            commits.add(c);
            anchors.rememberContains("/srv/registry.git", c, A);
        }
        assertFalse(anchors.knownToContain("/srv/registry.git", B, A), "only the latest 16 are kept");
        assertFalse(anchors.knownToContain("/srv/registry.git", commits.get(3), A));
        assertTrue(anchors.knownToContain("/srv/registry.git", commits.get(4), A));
        assertTrue(anchors.knownToContain("/srv/registry.git", commits.get(19), A));

        Files.writeString(anchors.containsFile("/srv/registry.git"), "registry /srv/registry.git\n" + B + " " + A + " extra\n" + B + "\n");
        assertFalse(anchors.knownToContain("/srv/registry.git", B, A));
        Files.writeString(anchors.containsFile("/srv/registry.git"), "registry /srv/other.git\n" + B + " " + A + "\n");
        assertFalse(anchors.knownToContain("/srv/registry.git", B, A), "the file names its registry");
    }

    @Test
    void aDamagedAnchor_isAnIntegrityFailure_sayingHowToStartAgain() throws Exception {
        AnchorFiles anchors = new AnchorFiles(home.resolve("anchors"));
        anchors.advance("/srv/registry.git", A, recorded -> true);
        Files.writeString(anchors.file("/srv/registry.git"), "registry /srv/registry.git\ncommit nonsense\n");
        AiriskException.IntegrityFailure e = assertThrows(AiriskException.IntegrityFailure.class, () -> anchors.read("/srv/registry.git"));
        assertEquals("the trust anchor " + anchors.file("/srv/registry.git") + " of the registry at /srv/registry.git is damaged", e.getMessage());
    }

    @Test
    void leftoversOfAKilledWriter_areRemovedByTheNextWrite() throws Exception {
        AnchorFiles anchors = new AnchorFiles(home.resolve("anchors"));
        anchors.advance("/srv/registry.git", A, recorded -> true);
        Path leftover = home.resolve("anchors").resolve(anchors.file("/srv/registry.git").getFileName() + ".1234.tmp");
        Files.writeString(leftover, "registry /srv/registry.git\ncommit " + B);
        anchors.advance("/srv/registry.git", B, recorded -> true);
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(anchors.file("/srv/registry.git")));
    }

    @Test
    void threadsOfOneProcess_recordAnchorsAtOnce_withoutTrippingOverTheFileLock() throws Exception {
        Path dir = home.resolve("anchors");
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            // each thread its own instance, as two commands run in one process each open their own
            AnchorFiles anchors = new AnchorFiles(dir);
            String location = "/srv/registry-" + t + ".git";
            writers.add(() -> {
                for (int i = 0; i < 50; i++) {
                    anchors.advance(location, i % 2 == 0 ? A : B, recorded -> true);
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Void> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.of(B), new AnchorFiles(dir).read("/srv/registry-7.git"));
    }
}
