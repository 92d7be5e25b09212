package dev.airisk.adapters.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Delivery.Outcome;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Endpoint.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLinesChannelTest {
    private static final int EACH = 150;

    private final Channel file = new NotifyChannels(Map.of()).of(Kind.FILE);

    @Test
    void appends_fromTwoThreadsAndAnotherProcess_neverInterleaveLines(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("notices.jsonl");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FileAppender.class.getName(), out.toString(), Integer.toString(EACH), "process")
                .redirectErrorStream(true).start();
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (String prefix : new String[] {"thread1", "thread2"}) {
            threads.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < EACH; i++) {
                    Delivery d = file.deliver(new Endpoint(Kind.FILE, out.toString(), null), Events.deprecated(prefix + "-" + i));
                    assertEquals(Outcome.SENT, d.outcome(), d.detail());
                }
            }));
        }
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, other.exitValue(), new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        List<String> lines = text.lines().toList();
        assertEquals(3 * EACH, lines.size());
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            JsonNode node = JsonMapper.builder().build().readTree(line); // throws on a torn line
            assertEquals("1.0", node.get("specversion").asText());
            ids.add(node.get("id").asText());
            assertEquals(line, new String(CloudEvents.json(Events.deprecated(node.get("id").asText())), StandardCharsets.UTF_8));
        }
        assertEquals(3 * EACH, ids.size());
    }

    @Test
    void append_createsTheFileReadableByOthers_andOneLinePerEvent(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("notices.jsonl");

        Delivery d = file.deliver(new Endpoint(Kind.FILE, out.toString(), null), Events.deprecated("a"));

        assertEquals(new Delivery(Outcome.SENT, "appended to " + out, null), d);
        assertEquals(new String(CloudEvents.json(Events.deprecated("a")), StandardCharsets.UTF_8) + "\n", Files.readString(out));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void append_afterATornLastLine_startsOnANewLine(@TempDir Path dir) throws Exception {
        Path out = Files.writeString(dir.resolve("notices.jsonl"), "{\"specversion\":\"1.0\",\"id\":\"cut");

        file.deliver(new Endpoint(Kind.FILE, out.toString(), null), Events.deprecated("b"));

        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        assertEquals(new String(CloudEvents.json(Events.deprecated("b")), StandardCharsets.UTF_8), lines.get(1));
    }

    @Test
    void append_intoAMissingFolder_waitsForIt_andCreatesNothing(@TempDir Path dir) {
        Path out = dir.resolve("no-such-folder").resolve("notices.jsonl");

        Delivery d = file.deliver(new Endpoint(Kind.FILE, out.toString(), null), Events.deprecated("c"));

        assertEquals(Outcome.SETUP, d.outcome());
        assertEquals("folder " + out.getParent() + " does not exist (create it, or correct the file endpoint)", d.detail());
        assertTrue(Files.notExists(out.getParent()));
    }

    @Test
    void append_toAFolder_waitsForAFix(@TempDir Path dir) {
        Delivery d = file.deliver(new Endpoint(Kind.FILE, dir.toString(), null), Events.deprecated("d"));

        assertEquals(Outcome.SETUP, d.outcome());
        assertTrue(d.detail().contains("is a folder"), d.detail());
    }
}
