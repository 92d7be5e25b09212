package dev.airisk.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.it.SharedClassData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the packaged {@code target/airisk} during register (a 4 MiB model: hashing, copying,
 * signing, committing) and during promote (gates re-hash the blobs, then a commit), at a random moment
 * of the command, about 50 times. Afterwards the registry never names a blob that is missing or
 * partial, no partial blob is visible under {@code sha256/}, git fsck, audit verify and verify --all
 * are clean, and later commands still work. The kill times are random (the seed is printed;
 * -Dcrash.seed=N repeats them, -Dcrash.trials=N changes the count); what is asserted is not.
 */
class CrashSafetyIT {
    static final Path AIRISK = Path.of(System.getProperty("airisk.executable", "target/airisk")).toAbsolutePath();
    static final int TRIALS = Integer.getInteger("crash.trials", 50);
    static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    static final int MODEL_BYTES = 4 << 20;

    @TempDir
    Path tmp;
    Map<String, String> env;
    Path registry;

    @Test
    void killMinus9_duringRegisterAndPromote_neverLeavesTheRegistryOnAMissingOrPartialBlob() throws Exception {
        registry = tmp.resolve("registry.git");
        env = new HashMap<>(Map.of("AIRISK_HOME", tmp.resolve("home").toString(), "AIRISK_REGISTRY", registry.toString(),
                "AIRISK_KEY_PASSPHRASE", "crash passphrase"));
        env.putAll(SharedClassData.environment());
        Invariants.generateKey(tmp.resolve("home"), "crash", env.get("AIRISK_KEY_PASSPHRASE"));
        Invariants.Airisk inProcess = Invariants.inProcess(env);
        Path store = Path.of(Invariants.ok(inProcess, "init", "--format", "json").json().get("store").asText());
        Invariants.ok(inProcess, "policy", "set",
                Files.writeString(tmp.resolve("policy.yaml"), ConcurrentWritersIT.POLICY).toString());
        Path meta = Files.writeString(tmp.resolve("META.yaml"), "owner: crash@example.com\nrisk_tier: minimal\n");
        Random random = new Random(SEED);
        System.out.println("CrashSafetyIT: " + TRIALS + " trials, seed " + SEED);

        try (Processes processes = new Processes()) {
            // One whole run of each command: that it works, and how long a kill has to land in.
            long registerMillis = timed(() -> finish(processes, register(meta, 0, random)));
            long promoteMillis = timed(() -> finish(processes, promote("1.0.0", "dev")));
            Map<String, Long> outcomes = new TreeMap<>();
            int locksLeft = 0;
            long temps = tempFiles(store);
            for (int trial = 1; trial <= TRIALS; trial++) {
                boolean isRegister = trial % 2 == 1;
                List<String> command = isRegister ? register(meta, trial, random)
                        : promote(registeredVersion(inProcess, random), List.of("dev", "staging", "prod").get(random.nextInt(3)));
                long delay = (long) (random.nextDouble() * 1.2 * (isRegister ? registerMillis : promoteMillis));
                Path err = tmp.resolve("trial-" + trial + ".err");
                Process p = processes.start(command, env, tmp.resolve("trial-" + trial + ".out"), err);
                boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
                if (!finished) {
                    Processes.kill(p);
                }
                String what = (isRegister ? "register" : "promote") + (finished ? " exit " + p.exitValue() : " killed");
                outcomes.merge(what, 1L, Long::sum);
                if (!finished && isRegister) {
                    // Where the kill landed: in the copy (a temp file stays), or after the commit.
                    outcomes.merge("register killed, temp files left", tempFiles(store) - temps, Long::sum);
                    temps = tempFiles(store);
                    if (registered(inProcess, "1.0." + trial)) {
                        outcomes.merge("register killed, version recorded", 1L, Long::sum);
                    }
                }
                if (finished && p.exitValue() != 0) {
                    // Only a lock left by the kill just before may refuse a write, and it says so.
                    String message = Files.readString(err);
                    assertEquals(6, p.exitValue(), "trial " + trial + ": " + message);
                    assertTrue(message.contains("main.lock has been there for"), "trial " + trial + ": " + message);
                }
                if (Files.exists(registry.resolve("refs/heads/main.lock"))) {
                    locksLeft++;
                }
                assertEquals(List.of("main"), refs(), "trial " + trial + ": only main, no other ref");
            }
            System.out.println("CrashSafetyIT: " + outcomes + ", main.lock left " + locksLeft + " times");

            ageAnyLeftLock();
            Invariants.gitFsckClean(registry);
            Invariants.auditAndVerifyClean(inProcess);
            int blobs = Invariants.noPartialBlob(store);
            assertTrue(blobs >= 2, "the first register stored its blobs: " + blobs);

            // Later commands work, also after a writer died holding main's lock.
            finish(processes, register(meta, TRIALS + 1, random));
            Path lock = registry.resolve("refs/heads/main.lock");
            Files.writeString(lock, "0".repeat(40) + "\n");
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(60)));
            String warning = finish(processes, promote("1.0." + (TRIALS + 1), "prod"));
            assertTrue(warning.startsWith("airisk: warning: removed " + lock + ", left "), warning);
            assertFalse(Files.exists(lock));
            JsonNode status = Invariants.ok(inProcess, "status", "crash", "--format", "json").json();
            assertEquals("1.0." + (TRIALS + 1), status.at("/models/0/environments/prod/stable/version").asText());
            Invariants.gitFsckClean(registry);
            Invariants.auditAndVerifyClean(inProcess);
            Invariants.noPartialBlob(store);
        }
    }

    /** A register command of a fresh 4 MiB model (new blobs, so the kill can land in the copy). */
    private List<String> register(Path meta, int n, Random random) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model-" + n));
        byte[] weights = new byte[MODEL_BYTES];
        random.nextBytes(weights);
        // Random bytes in a .bin file start like a protocol 0 pickle about once in 500 files (']t', 'cX', ...),
        // which the scan gate rightly refuses; a zero first byte starts no pickle.
        weights[0] = 0;
        Files.write(dir.resolve("weights.bin"), weights);
        Files.writeString(dir.resolve("config.json"), "{\"n\": " + n + "}\n");
        return List.of(AIRISK.toString(), "register", dir.toString(), "--model", "crash", "--version", "1.0." + n,
                "--meta", meta.toString(), "--format", "json");
    }

    private static List<String> promote(String version, String env) {
        return List.of(AIRISK.toString(), "promote", "crash@" + version, "--to", env, "--format", "json");
    }

    /** A version the registry holds now (a killed register may or may not have recorded its version). */
    private static String registeredVersion(Invariants.Airisk airisk, Random random) {
        List<String> versions = versions(airisk);
        return versions.get(random.nextInt(versions.size()));
    }

    private static boolean registered(Invariants.Airisk airisk, String version) {
        return versions(airisk).contains(version);
    }

    private static List<String> versions(Invariants.Airisk airisk) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : Invariants.ok(airisk, "list", "crash", "--format", "json").json()) {
            String ref = v.get("ref").asText();
            out.add(ref.substring(ref.indexOf('@') + 1));
        }
        return out;
    }

    private static long tempFiles(Path store) throws IOException {
        if (!Files.isDirectory(store.resolve("tmp"))) {
            return 0;
        }
        try (Stream<Path> s = Files.list(store.resolve("tmp"))) {
            return s.count();
        }
    }

    /** Runs a command to its end; it must succeed. Returns its stderr. */
    private String finish(Processes processes, List<String> command) throws Exception {
        Path out = Files.createTempFile(tmp, "run", ".out");
        Path err = Files.createTempFile(tmp, "run", ".err");
        Process p = processes.start(command, env, out, err);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ": " + stderr);
        return stderr;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static long timed(Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        return Math.max(1, (System.nanoTime() - t0) / 1_000_000);
    }

    private List<String> refs() throws IOException {
        try (Stream<Path> s = Files.walk(registry.resolve("refs"))) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("main.lock")).sorted().toList();
        }
    }

    /**
     * A lock the last kill left is removed by the next write once it is stale (older than ten seconds):
     * age it by its modification time instead of waiting (the stale lock's removal is checked below).
     */
    private void ageAnyLeftLock() throws IOException {
        Path lock = registry.resolve("refs/heads/main.lock");
        if (Files.exists(lock)) {
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(60)));
        }
    }
}
