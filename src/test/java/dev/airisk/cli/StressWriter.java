package dev.airisk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.adapters.crypto.FileKeyring;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One writer process of the concurrency tests: runs register, promote and rollback through the
 * command line's own code path (picocli parsing, {@link Context}, the use-cases, JSON rendering, exit
 * codes), one command after another in this JVM, against a registry given as a location string, and
 * appends one JSON line per command to a file: what it ran, its exit code and, on success, the commit
 * it reported.
 *
 * <p>The departures from a shell running {@code airisk} in a loop: the key is unlocked once per
 * process instead of once per command, and it was made with the tests' few PBKDF2 rounds
 * ({@link #KDF_ITERATIONS}) instead of 600,000 (about half a second of CPU an unlock), which for 400
 * commands on two shared cores would be most of the suite's time and none of what it tests. Every
 * command still signs with that key, and commits, locks and retries exactly as the command line does.
 * {@code src/bench/stress.sh} runs the packaged executable per command instead.
 *
 * <p>Usage: {@code StressWriter LOCATION HOME WORKDIR WRITER OPERATIONS MODELS SEED} with the
 * passphrase in AIRISK_KEY_PASSPHRASE; the record goes to {@code WORKDIR/writer-N.jsonl}.
 */
public final class StressWriter {
    static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");
    /** PBKDF2 rounds of the stress tests' keys: as few as the in-process tests' (see {@link Harness}). */
    public static final int KDF_ITERATIONS = Harness.KDF_ITERATIONS;

    private StressWriter() {
    }

    public static void main(String[] args) throws IOException {
        String location = args[0];
        Path home = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int writer = Integer.parseInt(args[3]);
        int operations = Integer.parseInt(args[4]);
        int models = Integer.parseInt(args[5]);
        Random random = new Random(Long.parseLong(args[6]) * 31 + writer);

        Harness h = new Harness(work);
        h.env.put(Context.HOME, home.toString());
        h.env.put(Context.REGISTRY, location);
        h.env.put(Context.PASSPHRASE, System.getenv(Context.PASSPHRASE));
        h.keyring = new UnlockedKeys(new FileKeyring(home), home.resolve("keys"));
        Path meta = Files.writeString(work.resolve("META-" + writer + ".yaml"), "owner: stress@example.com\nrisk_tier: minimal\n");
        List<String> registered = new ArrayList<>();

        try (PrintWriter record = new PrintWriter(Files.newBufferedWriter(work.resolve("writer-" + writer + ".jsonl"),
                StandardCharsets.UTF_8))) {
            for (int i = 0; i < operations; i++) {
                String model = "m" + random.nextInt(models);
                String env = ENVIRONMENTS.get(random.nextInt(ENVIRONMENTS.size()));
                int kind = random.nextInt(10);
                String op;
                String version = null;
                String[] command;
                if (registered.isEmpty() || kind < 3) {
                    op = "register";
                    version = "1." + writer + "." + i;
                    Path dir = work.resolve("model-" + writer + "-" + i);
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve("weights.bin"), "writer " + writer + " operation " + i + "\n");
                    command = new String[] {"register", dir.toString(), "--model", model, "--version", version,
                            "--meta", meta.toString(), "--format", "json"};
                    env = null;
                } else if (kind < 8) {
                    op = "promote";
                    String ref = registered.get(random.nextInt(registered.size()));
                    model = ref.substring(0, ref.indexOf('@'));
                    version = ref.substring(ref.indexOf('@') + 1);
                    command = new String[] {"promote", ref, "--to", env, "--format", "json"};
                } else {
                    op = "rollback";
                    command = new String[] {"rollback", model, "--env", env, "--reason", "stress " + writer + "/" + i,
                            "--yes", "--format", "json"};
                }
                Harness.Result r = h.run(command);
                ObjectNode line = Json.mapper().createObjectNode();
                line.put("writer", writer).put("op", op).put("model", model).put("version", version).put("env", env)
                        .put("code", r.code());
                if (r.code() == 0) {
                    JsonNode json = r.json();
                    line.put("commit", json.path("commit").isTextual() ? json.get("commit").asText() : null);
                    if (json.has("version")) {
                        line.put("version", json.get("version").asText());
                    }
                    if ("register".equals(op)) {
                        registered.add(model + "@" + version);
                    }
                } else {
                    line.put("error", r.firstErrLine());
                }
                record.println(line.toString());
                record.flush();
            }
        }
    }
}
