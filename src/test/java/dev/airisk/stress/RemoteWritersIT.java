package dev.airisk.stress;

import dev.airisk.adapters.git.GitDaemon;
import dev.airisk.it.SharedClassData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConcurrentWritersIT}'s check on a registry at a URL: four OS processes write through a
 * {@code git daemon} on loopback, sharing one AIRISK_HOME and so one local copy of the registry, and
 * lose nothing. Its writers spend much of their time waiting on the daemon and backing off after lost
 * races, so this class runs beside the other integration classes rather than alone.
 */
class RemoteWritersIT {
    @RegisterExtension
    static final GitDaemon.PerClass SERVED = new GitDaemon.PerClass();

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainTheSharedArchive() {
        SharedClassData.start();
    }

    @Test
    void fourProcesses_fiftyOperationsEach_onARegistryServedByGitDaemon_loseNothing() throws Exception {
        GitDaemon daemon = SERVED.daemon();
        Path served = daemon.bare("team.git");
        ConcurrentWritersIT.writeTogether(tmp, daemon.url("team.git"), served, 4, 50);
        try (var copies = Files.list(tmp.resolve("home/cache/registries"))) {
            for (Path copy : copies.filter(Files::isDirectory).toList()) {
                Invariants.gitFsckClean(copy);
            }
        }
    }
}
