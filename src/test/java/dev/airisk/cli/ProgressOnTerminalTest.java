package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress bars as a person sees them: the commands run in a JVM on a pseudo-terminal made by
 * util-linux's {@code script}. Register, verify, pull and export draw a bar on the terminal and
 * erase it; with stderr not a terminal, or with --format json, nothing of a bar is written.
 */
class ProgressOnTerminalTest {
    private static final String BAR = " [";

    @TempDir Path tmp;

    @Test
    void longLocalWork_showsABarOnTheTerminal_andNoneWhenStderrIsNotOne() throws Exception {
        Harness h = Harness.initialised(tmp);
        Path model = Files.createDirectories(tmp.resolve("model"));
        for (int i = 1; i <= 3; i++) {
            Files.write(model.resolve("weights-" + i + ".bin"), new byte[4 << 20]);
        }
        Path meta = h.writeMeta("owner: team\nrisk_tier: minimal\n");

        String onTerminal = underTerminal(h, null,
                "register", model.toString(), "--model", "big", "--version", "1.0.0", "--meta", meta.toString(), "::",
                "verify", "big@1.0.0", "::",
                "pull", "big@1.0.0", "--to", tmp.resolve("pulled").toString(), "::",
                "export", "big@1.0.0", "--to", tmp.resolve("big.tar.gz").toString(), "::",
                "verify", "big@1.0.0", "--format", "json");
        List<String> runs = runs(onTerminal, 5);
        for (String[] expected : new String[][] {{"registering big@1.0.0", "12.0 MiB"}, {"verifying big@1.0.0"},
                {"pulling big@1.0.0"}, {"exporting big@1.0.0"}}) {
            String run = runs.remove(0);
            assertTrue(run.contains("\r" + expected[0] + BAR), "a bar for " + expected[0] + " in:\n" + run);
            assertTrue(run.contains("] 100% 12.0 MiB/12.0 MiB "), "the bar reaches 100% in:\n" + run);
            String erased = run.substring(run.lastIndexOf("100% 12.0 MiB/12.0 MiB"));
            assertTrue(erased.matches("(?s)[^\n]*\r +\r.*"), "the bar is erased at the end:\n" + erased);
        }
        String json = runs.remove(0);
        assertFalse(json.contains(BAR + "."), "no bar with --format json:\n" + json);
        assertFalse(json.contains("verifying"), json);

        Path stderr = tmp.resolve("stderr.txt");
        String notOnTerminal = underTerminal(h, stderr,
                "verify", "big@1.0.0", "::", "pull", "big@1.0.0", "--to", tmp.resolve("pulled-again").toString());
        runs(notOnTerminal, 2).forEach(run -> assertFalse(run.contains(BAR + "."), run));
        assertEquals("", Files.readString(stderr), "nothing but errors on a stderr that is not a terminal");
        assertTrue(Files.isRegularFile(tmp.resolve("pulled-again/weights-3.bin")));
    }

    /** The terminal's transcript of the command lines run in one JVM under script(1); stderr into {@code stderr} when given. */
    private String underTerminal(Harness h, Path stderr, String... commands) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                CommandSequence.class.getName()));
        java.addAll(List.of(commands));
        StringBuilder line = new StringBuilder("exec");
        for (String word : java) {
            line.append(" '").append(word.replace("'", "'\\''")).append("'");
        }
        if (stderr != null) {
            line.append(" 2>'").append(stderr.toString().replace("'", "'\\''")).append("'");
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", line.toString(), "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true);
        pb.environment().putAll(h.env);
        pb.environment().putAll(Map.of("TERM", "dumb"));
        Process p = pb.start();
        String transcript = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), transcript);
        return transcript;
    }

    /** The transcript cut after each command's "== exit 0" line, each required. */
    private static List<String> runs(String transcript, int count) {
        String[] parts = transcript.split("== exit ", -1);
        assertEquals(count + 1, parts.length, transcript);
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertTrue(parts[i + 1].startsWith("0"), "exit 0 in:\n" + transcript);
            runs.add(parts[i]);
        }
        return runs;
    }
}
