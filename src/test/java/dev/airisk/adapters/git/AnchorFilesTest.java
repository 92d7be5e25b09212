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
