package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.core.notify.Channels;
import dev.airisk.core.port.Keyring;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Runs airisk commands in-process the way a shell would (own AIRISK_HOME, no terminal), and
 * captures exit code, stdout and stderr. Also snapshots folders to prove that nothing changed.
 */
final class Harness {
    static final String PASS = "correct horse battery staple";

    final Path root;
    final Path home;
    final Path registry;
    final Path store;
    final Map<String, String> env = new HashMap<>();
    /**
     * PBKDF2 rounds of the keys commands generate here: few, so that the tests do not spend their time
     * unlocking keys (600,000 rounds, about 0.4 s a signing command). The command line's own keys, and
     * the tests of the key files and of the packaged executable, use the full count.
     */
    static final int KDF_ITERATIONS = 10;

    /**
     * The keyring commands use; null: the key files under the run's AIRISK_HOME (fewer KDF rounds, see
     * above), each unlocked once while its files stay the same ({@link UnlockedKeys}).
     */
    Keyring keyring;
    /** The time commands see; tests move it to cross due times, backoffs and retirement dates. */
    Clock clock = Clock.systemUTC();
    /** The notification channels commands use; null: the real ones. */
    Channels channels;
    /** How long commands wait for a FIFO input to be opened by a writer; tests shorten it. */
    Duration inputOpenTimeout = InputFiles.OPEN_TIMEOUT;

    Harness(Path root) {
        this.root = root;
        this.home = root.resolve("home");
        this.registry = root.resolve("registry.git");
        this.store = root.resolve("registry.git.store");
        env.put(Context.HOME, home.toString());
        env.put(Context.REGISTRY, registry.toString());
        env.put(Context.PASSPHRASE, PASS);
    }

    /** A harness with a key 'alice' and an initialised registry. */
    static Harness initialised(Path root) {
        Harness h = new Harness(root);
        h.ok("keys", "generate", "--name", "alice");
        h.ok("init");
        return h;
    }

    Result run(String... args) {
        return run(env, args);
    }

    Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path keyHome = Path.of(environment.get(Context.HOME));
        Keyring keys = keyring != null ? keyring
                : new UnlockedKeys(new FileKeyring(keyHome, KDF_ITERATIONS), keyHome.resolve("keys"));
        try (Context ctx = new Context(environment, null, keys, clock, channels, inputOpenTimeout)) {
            CommandLine cl = Cli.commandLine(ctx, args);
            PrintWriter errors = new PrintWriter(err, true);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(errors);
            ctx.warnTo(errors);
            int code = cl.execute(args);
            return new Result(code, out.toString(), err.toString());
        }
    }

    /** Runs a command with the key {@code key} (AIRISK_KEY). */
    Result runAs(String key, String... args) {
        Map<String, String> withKey = new HashMap<>(env);
        withKey.put(Context.KEY, key);
        return run(withKey, args);
    }

    /** Runs a command with the key {@code key} that must succeed. */
    Result okAs(String key, String... args) {
        Result r = runAs(key, args);
        assertEquals(0, r.code(), () -> key + ": airisk " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r;
    }

    Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), () -> "airisk " + String.join(" ", args) + " failed: " + r.err());
        return r;
    }

    /** Registers a small model folder as NAME@VERSION with owner and risk tier. */
    Result register(Path dir, String name, String version, String... extra) {
        Path meta = writeMeta("owner: team@example.com\nrisk_tier: limited\n");
        String[] base = {"register", dir.toString(), "--model", name, "--version", version, "--meta", meta.toString(), "--format", "json"};
        String[] all = Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
        return run(all);
    }

    /** META.yaml of a version that passes the default gates: owner, risk tier, a dataset and a code commit. */
    Path releasableMeta() {
        return writeMeta("""
                owner: team@example.com
                risk_tier: limited
                datasets:
                  - {name: customers, version: 2026-09, sha256: 9f2b5c0e7d4a1f38c6b2e9d07a5f4c3b1e8d2a6f0c9b7e5d3a1f4c2b8e6d0a97}
                code_commit: 3f2c9d41
                """);
    }

    /** Runs a command that must fail with {@code code} and {@code firstLine} on stderr, and change nothing. */
    void refused(int code, String firstLine, String... args) {
        Map<String, String> before = state();
        Result r = run(args);
        assertEquals(firstLine, r.firstErrLine(), () -> "airisk " + String.join(" ", args) + "\n" + r.err());
        assertEquals(code, r.code());
        assertEquals(before, state(), "the registry or the store changed");
    }

    Path writeMeta(String yaml) {
        try {
            Path meta = Files.createTempFile(root, "META", ".yaml");
            Files.writeString(meta, yaml);
            return meta;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model folder with a few files. */
    Path model(String dirName, String weights) {
        try {
            Path dir = root.resolve(dirName);
            Files.createDirectories(dir.resolve("tokenizer"));
            Files.writeString(dir.resolve("config.json"), "{\"hidden\": 32}\n");
            Files.writeString(dir.resolve("weights.bin"), weights);
            Files.writeString(dir.resolve("tokenizer/vocab.txt"), "a\nb\nc\n");
            Files.writeString(dir.resolve("requirements.txt"), "numpy==1.26.4\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Path to content hash of every file under the registry, the store and the home folder. */
    Map<String, String> state() {
        Map<String, String> out = new TreeMap<>();
        for (Path p : new Path[] {registry, store}) {
            if (!Files.exists(p)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(p)) {
                s.filter(Files::isRegularFile).forEach(f -> out.put(root.relativize(f).toString(), hash(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static String hash(Path f) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exit code, stdout, stderr. */
    record Result(int code, String out, String err) {
        String firstErrLine() {
            return err.lines().findFirst().orElse("");
        }

        JsonNode json() {
            try {
                return Json.mapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out, e);
            }
        }
    }
}
