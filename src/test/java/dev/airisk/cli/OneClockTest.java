package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands read the time from one clock: the commits they make and the durations they are given agree with the gates. */
class OneClockTest {
    private static final Instant THEN = Instant.parse("2024-03-05T06:07:08Z");

    @Test
    void commit_carriesTheTimeOfTheCommandsClock(@TempDir Path tmp) throws Exception {
        Harness h = new Harness(tmp);
        h.clock = Clock.fixed(THEN, ZoneOffset.UTC);
        h.ok("keys", "generate", "--name", "alice");
        h.ok("init");
        try (Repository repo = new FileRepositoryBuilder().setGitDir(h.registry.toFile()).build();
             RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(repo.resolve("refs/heads/main"));
            assertEquals(THEN, head.getCommitterIdent().getWhenAsInstant());
            assertEquals(THEN, head.getAuthorIdent().getWhenAsInstant());
        }
    }

    @Test
    void logSinceADuration_countsBackFromTheCommandsClock(@TempDir Path tmp) {
        Harness h = new Harness(tmp);
        h.clock = Clock.fixed(THEN, ZoneOffset.UTC);
        h.ok("keys", "generate", "--name", "alice");
        h.ok("init");
        JsonNode operations = h.ok("log", "--since", "1h", "--format", "json").json().get("operations");
        assertEquals(1, operations.size(), operations::toString);
        assertEquals(THEN.toString(), operations.get(0).get("time").asText());
    }
}
