package dev.airisk.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.cli.StressWriter;
import dev.airisk.it.SharedClassData;
import dev.airisk.stress.Invariants.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several OS processes register, promote and roll back against one registry at once (see
 * {@link StressWriter}); afterwards every command that reported success is in the log exactly once,
 * nothing else is, the state is the replay of the log, and git fsck, audit verify and verify --all
 * are clean. The registry is named by a location string: a path here, or a URL served by a git
 * daemon on loopback in {@link RemoteWritersIT}, whose writers share one AIRISK_HOME and so one local
 * copy of the registry. This class runs alone: its eight writers take both cores.
 */
class ConcurrentWritersIT {
    static final String PASSPHRASE = "stress passphrase";
    /** Writers pick their commands from this seed (the interleaving is the OS's); -Dstress.seed=N to change it. */
    static final long SEED = Long.getLong("stress.seed", 20261201L);
    static final int MODELS = 3;
    /** Lets promotions through quickly: the commands exercise the registry, not the gates. */
    static final String POLICY = "gates:\n  lineage: warn\n  path: off\n";

    @TempDir
    Path tmp;

    /** The integration tests after this one share a class-data archive: its training takes what CPU the writers leave. */
    @BeforeAll
    static void trainTheSharedArchive() {
        SharedClassData.start();
    }

    @Test
    void eightProcesses_fiftyOperationsEach_onALocalRegistry_loseNothing() throws Exception {
        Path reg = tmp.resolve("registry.git");
        writeTogether(tmp, reg.toString(), reg, 8, 50);
    }

    /** Sets up the registry at {@code location}, runs the writers, and checks every invariant. */
    static void writeTogether(Path tmp, String location, Path gitDir, int writers, int operations) throws Exception {
        long setup = System.nanoTime();
        Path home = tmp.resolve("home");
        Map<String, String> env = Map.of("AIRISK_HOME", home.toString(), "AIRISK_REGISTRY", location,
                "AIRISK_KEY_PASSPHRASE", PASSPHRASE);
        Invariants.generateKey(home, "stress", PASSPHRASE);
        Invariants.Airisk direct = Invariants.inProcess(env);
        Path store = Path.of(Invariants.ok(direct, "init", "--store", tmp.resolve("store").toString(), "--format", "json")
                .json().get("store").asText());
        // Reads see what every writer pushed: a registry at a URL is fetched afresh for each check.
        boolean url = !location.equals(gitDir.toString());
        Invariants.Airisk airisk = url ? args -> direct.run(plus(args, "--refresh")) : direct;
        Invariants.ok(airisk, "policy", "set", Files.writeString(tmp.resolve("policy.yaml"), POLICY).toString());
        Set<String> before = Invariants.byCommit(Invariants.log(airisk)).keySet();

        System.out.printf("ConcurrentWritersIT: %d writers x %d operations, seed %d; registry set up in %.1f s%n",
                writers, operations, SEED, (System.nanoTime() - setup) / 1e9);
        long t0 = System.nanoTime();
        List<Path> records = new ArrayList<>();
        try (Processes processes = new Processes()) {
            List<Process> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Path work = Files.createDirectories(tmp.resolve("writer-" + w));
                records.add(work.resolve("writer-" + w + ".jsonl"));
                running.add(processes.start(Processes.java(StressWriter.class, List.of(location, home.toString(),
                                work.toString(), Integer.toString(w), Integer.toString(operations), Integer.toString(MODELS),
                                Long.toString(SEED))),
                        Map.of("AIRISK_KEY_PASSPHRASE", PASSPHRASE), work.resolve("stdout"), work.resolve("stderr")));
            }
            for (int w = 0; w < writers; w++) {
                Process p = running.get(w);
                assertTrue(p.waitFor(240, TimeUnit.SECONDS), "writer " + w + " did not finish");
                int writer = w;
                assertEquals(0, p.exitValue(), () -> "writer " + writer + " failed: "
                        + read(tmp.resolve("writer-" + writer + "/stderr")));
            }
        }
        System.out.printf("ConcurrentWritersIT: writers done in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        List<JsonNode> attempts = new ArrayList<>();
        for (Path r : records) {
            for (String line : Files.readAllLines(r)) {
                attempts.add(Invariants.JSON.readTree(line));
            }
        }
        assertEquals(writers * operations, attempts.size(), "every writer recorded every command");
        Map<String, Long> outcomes = attempts.stream().collect(Collectors.groupingBy(
                a -> a.get("op").asText() + " exit " + a.get("code").asInt(), TreeMap::new, Collectors.counting()));
        System.out.println("ConcurrentWritersIT: " + outcomes);
        for (JsonNode a : attempts) {
            int code = a.get("code").asInt();
            // 0 done; 6 lost every retry to other writers; 5 a rollback with nothing to go back to.
            boolean expected = code == 0 || code == 6 || (code == 5 && a.get("op").asText().equals("rollback"));
            assertTrue(expected, () -> "unexpected failure: " + a);
        }

        long t1 = System.nanoTime();
        List<Entry> log = Invariants.log(airisk);
        Map<String, Entry> byCommit = Invariants.byCommit(log);
        Set<String> reported = new HashSet<>();
        for (JsonNode a : attempts) {
            String commit = Invariants.text(a.get("commit"));
            if (a.get("code").asInt() != 0 || commit == null) {
                continue;
            }
            assertTrue(reported.add(commit), () -> "two commands reported commit " + commit);
            Entry e = byCommit.get(commit);
            assertTrue(e != null, () -> "a reported success is not in the log: " + a);
            assertEquals(List.of(a.get("op").asText(), a.get("model").asText(), a.get("version").asText(),
                            String.valueOf(Invariants.text(a.get("env")))),
                    List.of(e.op(), e.model(), e.version(), String.valueOf(e.env())), () -> "log entry " + e + " for " + a);
        }
        Set<String> unreported = new HashSet<>(byCommit.keySet());
        unreported.removeAll(before);
        unreported.removeAll(reported);
        assertEquals(Set.of(), unreported, "commits in the log that no writer reported as done");
        assertTrue(reported.size() > writers * operations / 2, "most commands committed: " + outcomes);

        assertEquals(Invariants.replay(log), Invariants.status(airisk), "the state is the replay of the log");
        Invariants.gitFsckClean(gitDir);
        Invariants.auditAndVerifyClean(airisk);
        Invariants.noPartialBlob(store);
        System.out.printf("ConcurrentWritersIT: %d commits checked in %.1f s%n", log.size(), (System.nanoTime() - t1) / 1e9);
    }

    private static String[] plus(String[] args, String arg) {
        String[] out = Arrays.copyOf(args, args.length + 1);
        out[args.length] = arg;
        return out;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }
}
