package dev.airisk.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.cli.Cli;
import dev.airisk.cli.StressWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What must hold for a registry and its store after any mix of concurrent writers and killed
 * commands, checked through airisk's own read commands, the real {@code git} and the store's files.
 */
final class Invariants {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Runs one airisk command against the registry under test. */
    interface Airisk {
        Run run(String... args);
    }

    record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out + err, e);
            }
        }
    }

    /** One entry of {@code airisk log --format json}. */
    record Entry(String commit, String op, String model, String version, String env, String from) {
        static Entry of(JsonNode n) {
            return new Entry(n.get("commit").asText(), text(n.get("op")), text(n.get("model")), text(n.get("version")),
                    text(n.get("env")), text(n.path("trailers").get("Airisk-From")));
        }
    }

    private Invariants() {
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The whole history, oldest first. */
    static List<Entry> log(Airisk airisk) {
        Run r = ok(airisk, "log", "--format", "json");
        List<Entry> out = new ArrayList<>();
        for (JsonNode n : r.json().get("operations")) {
            out.add(Entry.of(n));
        }
        Collections.reverse(out);
        return out;
    }

    /** Runs airisk in this JVM through {@link Cli#run}, as Main does. */
    static Airisk inProcess(Map<String, String> env) {
        return args -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Cli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        };
    }

    /**
     * Generates the key {@code name} under {@code home} as {@code airisk keys generate} does, with the
     * tests' few PBKDF2 rounds ({@link StressWriter#KDF_ITERATIONS}; the rounds are recorded in the key
     * file, so every process unlocks it cheaply): these tests exercise the registry and the store, not
     * the key's derivation.
     */
    static void generateKey(Path home, String name, String passphrase) {
        new FileKeyring(home, StressWriter.KDF_ITERATIONS).generate(name, null, passphrase.toCharArray());
    }

    static Run ok(Airisk airisk, String... args) {
        Run r = airisk.run(args);
        assertEquals(0, r.code(), () -> "airisk " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r;
    }

    /** {@code git fsck --full --strict} finds nothing wrong (dangling commits of lost races are not wrong). */
    static void gitFsckClean(Path gitDir) {
        try {
            Process p = new ProcessBuilder("git", "--git-dir=" + gitDir, "fsck", "--full", "--strict", "--no-dangling",
                    "--no-progress").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "git fsck timed out");
            assertEquals(0, p.exitValue(), "git fsck: " + out);
            assertEquals("", out.strip(), "git fsck reported: " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code airisk audit verify} accepts the whole history, and {@code verify --all} every version. */
    static void auditAndVerifyClean(Airisk airisk) {
        JsonNode audit = ok(airisk, "audit", "verify", "--format", "json").json();
        assertTrue(audit.get("ok").asBoolean(), audit.toString());
        JsonNode verify = ok(airisk, "verify", "--all", "--format", "json").json();
        assertTrue(verify.get("ok").asBoolean(), verify.toString());
        for (JsonNode v : verify.get("versions")) {
            for (JsonNode f : v.get("files")) {
                assertEquals("ok", f.get("status").asText(), v.get("ref") + " " + f);
            }
        }
    }

    /**
     * Every blob under {@code sha256/} of the store is complete: its bytes hash to its name. A killed
     * copy may leave temp files under {@code tmp/}, never a partial blob. Returns how many blobs there are.
     */
    static int noPartialBlob(Path store) {
        Path blobs = store.resolve("sha256");
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            for (Path f : all) {
                String name = f.getParent().getFileName().toString() + f.getFileName();
                assertEquals(name, sha256(f), "blob " + store.relativize(f) + " is partial or damaged");
            }
            return all.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            while (ch.read(buf) > 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The release state of one model in one environment, as far as versions go. */
    record Env(String stable, List<String> previous, List<String> rolledBack) {
        static final Env EMPTY = new Env(null, List.of(), List.of());

        /** As ReleaseState.Env#promote: the old stable goes to the front of previous. */
        Env promote(String v) {
            List<String> prev = new ArrayList<>();
            if (stable != null) {
                prev.add(stable);
            }
            previous.stream().filter(p -> !p.equals(v)).forEach(prev::add);
            return new Env(v, prev, rolledBack.stream().filter(r -> !r.equals(v)).toList());
        }

        /** As ReleaseState.Env#rollback: the stable is rolled back, versions newer than the target drop out of previous. */
        Env rollback(String target) {
            List<String> rb = new ArrayList<>();
            if (stable != null) {
                rb.add(stable);
            }
            rb.addAll(rolledBack);
            int at = previous.indexOf(target);
            if (at < 0) {
                fail("rollback to " + target + ", which is not among the earlier stable versions " + previous);
            }
            return new Env(target, List.copyOf(previous.subList(at + 1, previous.size())), rb);
        }
    }

    /**
     * Replays the promote and rollback entries of the log in order, checking that each one's
     * {@code Airisk-From} is the stable version the replay had, and returns model -> env -> state.
     */
    static Map<String, Map<String, Env>> replay(List<Entry> log) {
        Map<String, Map<String, Env>> state = new TreeMap<>();
        for (Entry e : log) {
            if (!e.op().equals("promote") && !e.op().equals("rollback")) {
                continue;
            }
            Map<String, Env> envs = state.computeIfAbsent(e.model(), m -> new TreeMap<>());
            Env before = envs.getOrDefault(e.env(), Env.EMPTY);
            assertEquals(before.stable(), e.from(), () -> "the log's " + e + " does not follow from the entries before it");
            envs.put(e.env(), e.op().equals("promote") ? before.promote(e.version()) : before.rollback(e.version()));
        }
        return state;
    }

    /** {@code airisk status --format json} as the same shape as {@link #replay}: only environments with a state. */
    static Map<String, Map<String, Env>> status(Airisk airisk) {
        JsonNode status = ok(airisk, "status", "--format", "json").json();
        Map<String, Map<String, Env>> out = new TreeMap<>();
        for (JsonNode m : status.get("models")) {
            Map<String, Env> envs = new TreeMap<>();
            m.get("environments").fields().forEachRemaining(f -> {
                JsonNode e = f.getValue();
                Env env = new Env(text(e.path("stable").get("version")), versions(e.get("previous")),
                        versions(e.get("rolled_back")));
                if (!env.equals(Env.EMPTY)) {
                    envs.put(f.getKey(), env);
                }
            });
            if (!envs.isEmpty()) {
                out.put(m.get("model").asText(), envs);
            }
        }
        return out;
    }

    private static List<String> versions(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("version").asText()));
        return out;
    }

    /** Commit id to entry, failing when a commit appears twice. */
    static Map<String, Entry> byCommit(List<Entry> log) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Entry e : log) {
            Entry twice = out.put(e.commit(), e);
            assertEquals(null, twice, () -> "commit " + e.commit() + " appears twice in the log");
        }
        return out;
    }
}
