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

/** The packaged {@code target/airisk}: one executable file that starts, shares classes, and runs the quickstart. */
class ExecutableIT {
    static final Path AIRISK = Path.of(System.getProperty("airisk.executable", "target/airisk"));
    static final Path BASE = Path.of(System.getProperty("airisk.basedir", "."));
    @TempDir Path tmp;

    record Run(int code, String out) {
    }

    private Run run(Map<String, String> env, String... cmd) throws Exception {
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
        Thread.sleep(3000);
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

    /** The quickstart runs end to end; the incident runbook then runs against the registry it kept. */
    @Test
    void quickstart_runsEndToEnd_andTheIncidentRollbackRunsAgainstTheRegistryItKept() throws Exception {
        Path dir = tmp.resolve("demo");
        // AIRISK_CDS=0: no background training run outliving the test (the test above covers it).
        Map<String, String> env = Map.of("AIRISK", AIRISK.toAbsolutePath().toString(), "TMPDIR", tmp.toString(),
                "HOME", tmp.toString(), "AIRISK_CDS", "0");
        Run quickstart = run(env, "sh", BASE.resolve("samples/quickstart.sh").toString(), dir.toString());
        assertEquals(0, quickstart.code(), quickstart.out());
        String out = quickstart.out();
        assertTrue(out.contains("Registered churn@1.4.0: 4 files"), out);
        assertTrue(out.contains("churn@1.4.0 is already registered with the same content; nothing changed"), out);
        assertTrue(out.contains("churn@1.4.0: OK (4 files"), out);
        assertTrue(out.contains("exit code: 4"), out);
        assertTrue(out.contains("Promoted churn@1.5.0 to prod (was 1.4.0)"), out);
        assertTrue(out.contains("churn@1.6.0 may not enter prod: denied by path, approvals"), out);
        assertTrue(out.contains("exit code: 3"), out);
        assertTrue(out.contains("audit OK: "), out);
        assertTrue(out.contains("Quickstart finished"), out);
        Run r = run(env, "bash", BASE.resolve("samples/incident-rollback.sh").toString(), dir.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("== Rolled back churn in prod from 1.5.0 to 1.4.0 in "), r.out());
        assertTrue(r.out().contains("[SLA met]") || r.out().contains("rollback SLA: none set"), r.out());
        assertTrue(r.out().contains("audit OK: "), r.out());
    }
}
