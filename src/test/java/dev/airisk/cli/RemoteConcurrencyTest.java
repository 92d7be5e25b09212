package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.git.GitDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four OS processes, fifty operations each, against one registry served by a git daemon, sharing one
 * AIRISK_HOME (and so one local copy of the registry). Every operation that reported success appears
 * exactly once in 'airisk log', nothing else does, the state is what replaying the log gives, and
 * 'git fsck' and 'airisk audit verify' are clean.
 */
class RemoteConcurrencyTest {
    private static final int WRITERS = 4;
    private static final int OPS = 50;

    @RegisterExtension
    static final GitDaemon.PerClass SERVED = new GitDaemon.PerClass();

    @TempDir
    Path tmp;

    @Test
    void fourProcessesWritingAtOnce_everyReportedSuccessIsInTheLogOnce_andTheStateIsTheLogReplayed() throws Exception {
        GitDaemon daemon = SERVED.daemon();
        Path bare = daemon.bare("team.git");
        String url = daemon.url("team.git");
        Harness h = new Harness(tmp);
        h.env.put(Context.REGISTRY, url);
        h.ok("keys", "generate", "--name", "alice");
        h.ok("init", "--remote", url, "--store", tmp.resolve("store").toString());
        Path model = h.model("model", "weights");
        Path meta = h.writeMeta("owner: team@example.com\nrisk_tier: minimal\n"
                + "datasets: [{name: d, version: '1', sha256: " + "0".repeat(64) + "}]\ncode_commit: 0000000\n");

        List<Process> processes = new ArrayList<>();
        for (int w = 1; w <= WRITERS; w++) {
            processes.add(new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    RemoteWriter.class.getName(), h.home.toString(), url, Integer.toString(w), Integer.toString(OPS),
                    model.toString(), meta.toString())
                    .redirectOutput(tmp.resolve("writer-" + w + ".out").toFile())
                    .redirectError(tmp.resolve("writer-" + w + ".err").toFile()).start());
        }
        for (Process p : processes) {
            assertTrue(p.waitFor(8, TimeUnit.MINUTES), "a writer did not finish");
            assertEquals(0, p.exitValue());
        }

        Map<String, String> reported = new HashMap<>();   // "op ref" -> commit
        Set<String> registeredOk = new HashSet<>();
        for (int w = 1; w <= WRITERS; w++) {
            List<String> lines = Files.readAllLines(tmp.resolve("writer-" + w + ".out"));
            assertEquals(OPS, lines.size(), () -> "every operation reports: " + lines + " " + read(tmp.resolve("writer-1.err")));
            for (String line : lines) {
                String[] f = line.split(" ", 5);
                if (f[0].equals("ok")) {
                    assertTrue(f[3].matches("[0-9a-f]{40}"), line);
                    reported.put(f[1] + " " + f[2], f[3]);
                    if (f[1].equals("register")) {
                        registeredOk.add(f[2]);
                    }
                } else {
                    // a lost race after every retry (6), or promoting a version whose registration lost (5)
                    boolean lostRace = f[3].equals("6");
                    boolean unregistered = f[1].equals("promote") && f[3].equals("5") && !registeredOk.contains(f[2]);
                    assertTrue(lostRace || unregistered, line);
                }
            }
        }
        assertTrue(reported.size() >= WRITERS * OPS * 9 / 10, "most operations succeed: " + reported.size());

        List<JsonNode> log = h.ok("log", "--refresh", "--format", "json").out().lines().map(RemoteConcurrencyTest::json).toList();
        Map<String, Integer> seen = new HashMap<>();
        String stableInDev = null;
        Set<String> registeredInLog = new TreeSet<>();
        for (JsonNode e : log) {
            String op = e.get("op").asText();
            if (!op.equals("register") && !op.equals("promote")) {
                continue;
            }
            String key = op + " " + e.get("model").asText() + "@" + e.get("version").asText();
            seen.merge(key, 1, Integer::sum);
            assertEquals(reported.get(key), e.get("commit").asText(), key + " is the commit its writer reported");
            if (op.equals("promote")) {
                assertEquals("dev", e.get("env").asText());
                if (stableInDev == null) {
                    stableInDev = e.get("version").asText();   // the log is newest first: the last promotion
                }
            } else {
                registeredInLog.add(e.get("version").asText());
            }
        }
        for (String key : reported.keySet()) {
            assertEquals(1, seen.getOrDefault(key, 0), key + " appears exactly once in the log");
        }
        assertEquals(reported.keySet(), seen.keySet(), "the log holds nothing that was not reported");

        JsonNode status = h.ok("status", "--format", "json").json().get("models").get(0);
        assertEquals("shared", status.get("model").asText());
        assertEquals(stableInDev, status.get("environments").get("dev").get("stable").get("version").asText(), "the state is the log replayed");
        Set<String> listed = new TreeSet<>();
        h.ok("list", "shared", "--format", "json").json().forEach(v -> listed.add(v.get("ref").asText().replace("shared@", "")));
        assertEquals(registeredInLog, listed);

        GitDaemon.git(bare, "fsck", "--strict", "--no-dangling");
        try (var caches = Files.list(h.home.resolve("cache/registries"))) {
            for (Path cache : caches.filter(Files::isDirectory).toList()) {
                GitDaemon.git(cache, "fsck", "--no-dangling");
            }
        }
        assertEquals(0, h.run("audit", "verify").code());
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
