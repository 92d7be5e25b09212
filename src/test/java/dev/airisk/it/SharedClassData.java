package dev.airisk.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One class-data archive of the packaged {@code target/airisk}, trained once by the launcher itself
 * (as it does on a user's first run) and shared by the integration tests that start the executable
 * dozens of times: each start then takes about a third less CPU, as a user's starts do.
 *
 * <p>The archive lives in the cache of a home folder of its own next to the executable, and a test
 * names it to the launcher in {@code AIRISK_JAVA_OPTS} (with {@code AIRISK_CDS=0}, so the launcher
 * never starts a training run of its own that could outlive the test). {@link #start()} sets the
 * training going without waiting (the launcher runs it at the lowest priority, in whatever CPU the
 * tests before leave); {@link #environment()} waits for it, and runs the test without the archive
 * when there is none in time. {@code ExecutableIT} tests the training itself, in a fresh home.
 */
public final class SharedClassData {
    static final Path AIRISK = Path.of(System.getProperty("airisk.executable", "target/airisk")).toAbsolutePath();
    private static final Path HOME = AIRISK.resolveSibling("it-class-data");
    private static final Path CACHE = HOME.resolve("cache/cds");
    private static final long WAIT_SECONDS = 120;

    private SharedClassData() {
    }

    /** Sets the launcher training the shared archive in the background, unless it is there or under way. */
    public static synchronized void start() {
        if (ready()) {
            return;
        }
        try {
            Files.createDirectories(CACHE);
            ProcessBuilder pb = new ProcessBuilder(AIRISK.toString(), "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(Map.of("AIRISK_HOME", HOME.toString(), "AIRISK_CDS", "1"));
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The environment for running the executable with the shared archive once it is trained (waiting
     * for it up to two minutes), else with class-data sharing off.
     */
    public static Map<String, String> environment() throws InterruptedException {
        start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!ready() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Path archive = archive();
        if (archive == null || !ready()) {
            System.out.println("SharedClassData: no archive after " + WAIT_SECONDS + " s; running without class-data sharing");
            return Map.of("AIRISK_CDS", "0");
        }
        // as the launcher starts with an archive: its messages about the archive kept off stdout
        String use = archive.toString().endsWith(".aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
        return Map.of("AIRISK_CDS", "0", "AIRISK_JAVA_OPTS", use + archive + " -Xlog:disable -Xlog:all=error:stderr");
    }

    /** The trained archive of this build of the executable, or null. */
    private static Path archive() {
        try (Stream<Path> files = Files.list(CACHE)) {
            long built = Files.getLastModifiedTime(AIRISK).toMillis();
            return files.filter(f -> f.getFileName().toString().matches(".*\\.(jsa|aot)"))
                    .filter(f -> f.toFile().lastModified() >= built)
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether an archive of this build is written and no training is under way. */
    private static boolean ready() {
        if (!Files.isDirectory(CACHE) || archive() == null) {
            return false;
        }
        try (Stream<Path> files = Files.list(CACHE)) {
            return files.noneMatch(f -> f.getFileName().toString().matches(".*\\.(lock|tmp)"));
        } catch (IOException e) {
            return false;
        }
    }
}
