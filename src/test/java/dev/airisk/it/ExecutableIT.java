package dev.airisk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
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

    /**
     * On JDK 25 the launcher trains an AOT cache (not an AppCDS archive) and later runs start with it.
     * JDK 25 refuses {@code -XX:AOTCacheOutput} and {@code -XX:AOTCache} beside any {@code -Xshare}
     * option, which the launcher once passed: the cache was never made, and a run given one would not
     * have started.
     */
    @Test
    void onJdk25_theLauncherTrainsAnAotCache_andLaterRunsStartWithIt() throws Exception {
        Path jdk25 = jdk(25);
        Assumptions.assumeTrue(jdk25 != null, "no JDK 25 on this machine");
        Path home = tmp.resolve("home25");
        Map<String, String> env = Map.of("AIRISK_HOME", home.toString(), "JAVA_HOME", jdk25.toString());
        Run first = run(env, AIRISK.toString(), "keys", "list");
        assertEquals(0, first.code(), first.out());
        Path cds = home.resolve("cache/cds");
        List<Path> caches = List.of();
        for (int i = 0; i < 3000 && caches.isEmpty(); i++) {
            Thread.sleep(100);
            try (Stream<Path> s = Files.list(cds)) {
                caches = s.filter(p -> p.getFileName().toString().matches("airisk-[0-9]+-jdk25\\.aot")).toList();
            }
        }
        assertEquals(1, caches.size(), "an AOT cache for JDK 25");
        Run help = run(env, AIRISK.toString(), "--help");
        assertEquals(0, help.code(), help.out());
        assertTrue(help.out().startsWith("Usage: airisk "), help.out());
        Run version = run(Map.of("AIRISK_HOME", home.toString(), "JAVA_HOME", jdk25.toString(),
                "AIRISK_JAVA_OPTS", "-Xlog:aot=info"), AIRISK.toString(), "--version");
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().contains("Java 25"), version.out());
        assertTrue(version.out().contains("Opened AOT cache " + caches.get(0)), "the run starts with the cache: " + version.out());
    }

    /** A JDK of that feature release under /usr/lib/jvm (or JAVA{N}_HOME), or null. */
    static Path jdk(int feature) throws java.io.IOException {
        String given = System.getenv("JAVA" + feature + "_HOME");
        if (given != null && Files.isExecutable(Path.of(given, "bin", "java"))) {
            return Path.of(given);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> s = Files.list(jvms)) {
            for (Path j : s.sorted().toList()) {
                Path release = j.resolve("release");
                if (Files.isExecutable(j.resolve("bin/java")) && Files.isRegularFile(release)
                        && Files.readString(release).contains("JAVA_VERSION=\"" + feature + ".")) {
                    return j;
                }
            }
        }
        return null;
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
