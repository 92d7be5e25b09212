package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What killed or failed commands leave behind is removed: temporary files in the store, partial pulls. */
class LeftoversTest {
    @TempDir Path tmp;
    Harness h;
    Path model;

    @BeforeEach
    void setUp() {
        h = Harness.initialised(tmp);
        model = h.model("model", "weights-v1");
    }

    /** A {@code put-*.part} as a killed register leaves it, last modified {@code age} ago. */
    private Path part(String name, Duration age) throws IOException {
        Path part = Files.createDirectories(h.store.resolve("tmp")).resolve("put-" + name + ".part");
        Files.writeString(part, "half a model");
        Files.setLastModifiedTime(part, FileTime.from(Instant.now().minus(age)));
        return part;
    }

    @Test
    void register_removesTheStaleTemporaryFilesOfAKilledRegister_andKeepsFreshOnes() throws IOException {
        Path old = part("old", Duration.ofHours(2));
        Path fresh = part("fresh", Duration.ofMinutes(5));
        h.register(model, "churn", "1.0.0");
        assertFalse(Files.exists(old), "a part untouched for two hours was left");
        assertTrue(Files.exists(fresh), "a part that may still be written was removed");
    }

    @Test
    void gc_removesStaleTemporaryFiles_andSaysHowMany() throws IOException {
        Path old = part("old", Duration.ofHours(2));
        Path older = part("older", Duration.ofDays(3));
        Path fresh = part("fresh", Duration.ofMinutes(59));
        JsonNode dry = h.ok("gc", "--dry-run", "--format", "json").json();
        assertEquals(2, dry.get("temporaries_removed").asInt());
        assertTrue(Files.exists(old) && Files.exists(older), "a dry run removed something");

        JsonNode done = h.ok("gc", "--format", "json").json();
        assertEquals(2, done.get("temporaries_removed").asInt());
        assertFalse(Files.exists(old) || Files.exists(older));
        assertTrue(Files.exists(fresh));

        part("again", Duration.ofHours(1).plusMinutes(1));
        assertEquals("Nothing to collect.\nRemoved 1 temporary file(s) left in the store by interrupted uploads\n",
                h.ok("gc").out().replace("\r\n", "\n"));
    }

    @Test
    void pull_withACorruptBlob_leavesNoFolder() throws IOException {
        String hex = h.register(model, "churn", "1.0.0").json().get("files").findValues("sha256").stream()
                .filter(n -> true).findFirst().orElseThrow().asText();
        Path blob = h.store.resolve("sha256/" + hex.substring(0, 2) + "/" + hex.substring(2));
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob, "damaged");
        Path to = tmp.resolve("out/nested/model");

        Harness.Result r = h.run("pull", "churn@1.0.0", "--to", to.toString());
        assertEquals(4, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: error: the stored blob for " + to + "/"), r.err());
        assertFalse(Files.exists(tmp.resolve("out")), "pull left folders behind");
        assertEquals(0, hiddenLeftovers(tmp));
    }

    @Test
    void pull_withAMissingBlob_intoAnExistingEmptyFolder_leavesItEmpty() throws IOException {
        JsonNode files = h.register(model, "churn", "1.0.0").json().get("files");
        String hex = files.get(files.size() - 1).get("sha256").asText();
        Files.delete(h.store.resolve("sha256/" + hex.substring(0, 2) + "/" + hex.substring(2)));
        Path to = Files.createDirectories(tmp.resolve("mine"));
        Path beside = Files.writeString(tmp.resolve("mine.txt"), "the user's");

        Harness.Result r = h.run("pull", "churn@1.0.0", "--to", to.toString());
        assertEquals(4, r.code(), r.err());
        assertTrue(Files.isDirectory(to));
        try (Stream<Path> s = Files.list(to)) {
            assertEquals(0, s.count(), "pull left files in --to");
        }
        assertEquals("the user's", Files.readString(beside));
        assertEquals(0, hiddenLeftovers(tmp));
    }

    @Test
    void pull_intoAnExistingEmptyFolder_fillsIt() throws IOException {
        h.register(model, "churn", "1.0.0");
        Path to = Files.createDirectories(tmp.resolve("mine"));
        h.ok("pull", "churn@1.0.0", "--to", to.toString());
        assertEquals("a\nb\nc\n", Files.readString(to.resolve("tokenizer/vocab.txt")));
        assertEquals(0, hiddenLeftovers(tmp));
    }

    /** Staging folders of pulls (hidden names with "staged") anywhere under {@code dir}. */
    private static long hiddenLeftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".staged-")).count();
        }
    }
}
