package dev.airisk.cli;

import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.core.port.Keyring;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/** The script a class-data sharing archive is recorded from: the quickstart on throwaway files. */
public final class ClassDataTraining {
    /** PBKDF2 rounds of the training run's throwaway key. */
    static final int TRAINING_KEY_ROUNDS = 1_000;

    private ClassDataTraining() {
    }

    /**
     * Loads what the commands use, without touching the user's files: renders every command's help,
     * then runs the quickstart's commands on a throwaway key, registry and model in a temporary
     * folder that is deleted afterwards. The launcher runs this in the background to record a
     * class-data sharing archive, so later starts find every command's classes already laid out.
     */
    public static void run() {
        Generated.commandReference();
        Generated.bash();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("airisk-training-");
            Path model = Files.createDirectories(dir.resolve("model"));
            Files.writeString(model.resolve("config.json"), "{}\n");
            Files.write(model.resolve("weights.bin"), new byte[4096]);
            Path meta = Files.writeString(dir.resolve("META.yaml"), "owner: training\nrisk_tier: minimal\n"
                    + "datasets: [{name: d, version: '1', sha256: " + "0".repeat(64) + "}]\ncode_commit: 0000000\n");
            Path policy = Files.writeString(dir.resolve("policy.yaml"), "gates: {pinned-dependencies: warn}\n"
                    + "checklist: [{id: oversight, text: Human oversight}]\nenvironments: {prod: {min_soak: 1s}}\n"
                    + "tiers: {minimal: {metrics: {auc: '>= 0.5'}, attachments: [bias-audit], checklist: true,"
                    + " approvals: {prod: {peer-review: 1}}, rollback_sla: 15m}}\n");
            Path doc = Files.writeString(dir.resolve("audit.txt"), "bias audit\n");
            Map<String, String> env = Map.of(Context.HOME, dir.resolve("home").toString(),
                    Context.REGISTRY, dir.resolve("registry.git").toString(),
                    Context.PASSPHRASE, "throwaway key of a training run");
            String[][] script = {
                    {"keys", "generate", "--name", "training"},
                    {"init"},
                    {"register", model.toString(), "--model", "training", "--version", "1.0.0", "--meta", meta.toString()},
                    {"list", "--format", "json"},
                    {"show", "training@1.0.0"},
                    {"lineage", "training@1.0.0", "--format", "dot"},
                    {"verify", "--all", "--format", "json"},
                    {"pull", "training@1.0.0", "--to", dir.resolve("pulled").toString()},
                    {"export", "training@1.0.0", "--to", dir.resolve("training.tar.gz").toString()},
                    {"verify", "nosuch@1.0.0"},
                    {"policy", "set", policy.toString()},
                    {"policy", "show", "--format", "json"},
                    {"attach", "training@1.0.0", doc.toString(), "--kind", "bias-audit"},
                    {"checklist", "training@1.0.0", "--answer", "oversight=yes", "--evidence", "E-1"},
                    {"approve", "training@1.0.0", "--for", "prod", "--role", "approver"},
                    {"check", "training@1.0.0", "--to", "prod", "--format", "json"},
                    {"promote", "training@1.0.0", "--to", "dev"},
                    {"register", model.toString(), "--model", "training", "--version", "1.1.0", "--meta", meta.toString()},
                    {"promote", "training@1.1.0", "--to", "dev"},
                    {"canary", "start", "training@1.0.0", "--env", "dev", "--weight", "10"},
                    {"rollback", "training", "--env", "dev", "--reason", "training", "--yes", "--format", "json",
                            "--incident-opened-at", "2026-01-01T00:00:00Z"},
                    {"status", "--format", "json"},
                    {"status"},
                    {"history", "training"},
                    {"log", "--format", "json"},
                    {"audit", "verify"},
                    {"scan", model.toString(), "--format", "sarif"},
            };
            // The throwaway key protects nothing: few PBKDF2 rounds, so that the run spends its time
            // loading classes, not deriving keys (a dozen unlocks at the full 600,000 rounds).
            Keyring keys = new FileKeyring(Path.of(env.get(Context.HOME)), TRAINING_KEY_ROUNDS);
            for (String[] args : script) {
                try (Context context = new Context(env, null, keys, Clock.systemUTC(), null)) {
                    Cli.startAhead(context, args);
                    CommandLine cl = Cli.commandLine(context);
                    cl.setOut(new PrintWriter(Writer.nullWriter()));
                    cl.setErr(new PrintWriter(Writer.nullWriter()));
                    cl.execute(args);
                }
            }
        } catch (IOException e) {
            // a training run that cannot write a temporary folder records what it loaded so far
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder of a training run
        }
    }
}
