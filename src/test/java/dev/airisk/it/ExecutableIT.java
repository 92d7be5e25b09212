package dev.airisk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/airisk}: one executable file that starts and shares classes ({@link QuickstartIT}
 * runs the quickstart through it, in a JVM of its own beside the other integration classes).
 */
class ExecutableIT {
    static final Path AIRISK = Path.of(System.getProperty("airisk.executable", "target/airisk"));
    static final Path BASE = Path.of(System.getProperty("airisk.basedir", "."));
    @TempDir Path tmp;

    record Run(int code, String out) {
    }

    static Run run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    /**
     * The first run in a fresh home trains the class-data archive only after the command has finished;
     * later runs of the single file use the archive, and start without it when told to.
     */
    @Test
    void firstRun_trainsTheArchiveOnlyAfterTheCommandHasFinished_andLaterRunsUseIt() throws Exception {
        Path home = tmp.resolve("home");
        Path fifo = tmp.resolve("policy.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        ProcessBuilder pb = new ProcessBuilder(AIRISK.toString(), "policy", "validate", fifo.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("AIRISK_HOME", home.toString());
        Process command = pb.start();
        // The command waits for a writer of its input: long enough for a training run started beside it to show.
        Thread.sleep(1000);
        assertTrue(command.isAlive());
        assertEquals(List.of(), training(home), "no training runs while the command does");
        Files.writeString(fifo, "gates: {pinned-dependencies: warn}\n");
        assertEquals(0, command.waitFor());
        Path cds = home.resolve("cache/cds");
        List<Path> archives = List.of();
        // The training runs at the lowest priority: while other integration tests take the cores it waits
        // for them, so allow it up to five minutes.
        for (int i = 0; i < 3000 && archives.isEmpty(); i++) {
            Thread.sleep(100);
            try (Stream<Path> s = Files.list(cds)) {
                archives = s.filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot")).toList();
            }
        }
        assertEquals(1, archives.size(), "the archive is trained once the command has finished: " + archives);
        assertTrue(Files.size(archives.get(0)) > 1_000_000, "the archive holds the commands' classes");
        Path lock = Path.of(archives.get(0) + ".lock");
        for (int i = 0; i < 100 && (Files.exists(lock) || !training(home).isEmpty()); i++) {
            Thread.sleep(100);
        }
        Map<String, String> env = Map.of("AIRISK_HOME", home.toString());
        Run version = run(env, AIRISK.toString(), "--version");
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().startsWith("airisk 0."), version.out());
        Run help = run(env, AIRISK.toString(), "--help");
        assertEquals(0, help.code(), help.out());
        assertTrue(help.out().startsWith("Usage: airisk "), help.out());
        Run plain = run(Map.of("AIRISK_HOME", home.toString(), "AIRISK_CDS", "0"), AIRISK.toString(), "--version");
        assertEquals(version.out(), plain.out());
    }

    /** The command lines of training runs writing an archive under {@code home}. */
    private static List<String> training(Path home) {
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("airisk.cds.training") && c.contains(home.toString())).toList();
    }

    @Test
    void unusableCacheFolder_fallsBackToAPlainStart() throws Exception {
        Path home = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Run r = run(Map.of("AIRISK_HOME", home.toString()), AIRISK.toString(), "--version");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().startsWith("airisk 0."), r.out());
    }
}
