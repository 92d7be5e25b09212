package dev.airisk.bench;

import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.cli.Cli;
import dev.airisk.cli.LoopbackHook;
import dev.airisk.core.Layout;
import dev.airisk.core.notify.Consumer;
import dev.airisk.core.notify.Consumers;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code airisk notify} run, in its own JVM as cron starts it, delivering N due notices (one
 * deprecation notice to each of N webhook consumers, HMAC-signed) to a receiver on loopback. Prints
 * the wall time of the run, what the receiver got, and how many registry commits the run made
 * (claims and batched receipts). Usage: {@code NotifyBench DIR [N=1000]}.
 */
public final class NotifyBench {
    private static final String PASS = "bench-passphrase";
    private static final String SECRET = "bench-hook-secret";

    private NotifyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target").resolve("notify-bench");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        deleteTree(dir);
        Files.createDirectories(dir);
        Map<String, String> env = new HashMap<>();
        env.put("AIRISK_HOME", dir.resolve("home").toString());
        env.put("AIRISK_REGISTRY", dir.resolve("registry.git").toString());
        env.put("AIRISK_KEY_PASSPHRASE", PASS);
        env.put("HOOK_SECRET", SECRET);
        cli(env, "keys", "generate", "--name", "bench");
        cli(env, "init");
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("weights.bin"), "weights");
        Path meta = Files.writeString(dir.resolve("META.yaml"), "owner: team@example.com\nrisk_tier: limited\n");
        cli(env, "register", model.toString(), "--model", "churn", "--version", "1.3.0", "--meta", meta.toString());

        LoopbackHook hook = new LoopbackHook(SECRET);
        String url = hook.url("/hook/");

        Signer signer = new FileKeyring(dir.resolve("home")).unlock("bench", PASS.toCharArray());
        YamlRegistryCodec codec = new YamlRegistryCodec();
        int commitsBefore;
        try (Registry registry = new GitRegistryProvider().open(env.get("AIRISK_REGISTRY"), signer)) {
            Map<String, Consumer> all = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = "team-" + i;
                all.put(name, new Consumer(name, List.of("churn"), Set.of("deprecated"), new Endpoint(Endpoint.Kind.WEBHOOK, url + i, "HOOK_SECRET")));
            }
            Map<String, String> trailers = new LinkedHashMap<>();
            trailers.put("Airisk-Op", "consumers-add");
            trailers.put("Airisk-Actor", signer.keyId());
            registry.update(head -> new Change<>(null, Map.of(Layout.CONSUMERS, codec.writeConsumers(new Consumers(all))),
                    CommitMessage.of("Add " + n + " consumers", trailers)));
        }
        cli(env, "deprecate", "churn@1.3.0", "--retire-on", "2099-01-01", "--reason", "benchmark");
        try (Registry registry = new GitRegistryProvider().open(env.get("AIRISK_REGISTRY"), null)) {
            commitsBefore = registry.history().commits().size();
        }

        // bash's time gives the run's CPU time too (user + system, children included): on a busy machine
        // the wall time depends on what else runs, the CPU time much less
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "TIMEFORMAT='cpu %U %S'; time \"$0\" -cp \"$1\" dev.airisk.Main notify --format json > \"$2\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path"),
                dir.resolve("notify.json").toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("notify.err").toFile());
        long start = System.nanoTime();
        int code = pb.start().waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        String[] cpu = Files.readAllLines(dir.resolve("notify.err")).stream().filter(l -> l.startsWith("cpu ")).findFirst()
                .orElse("cpu 0 0").split(" ");
        double cpuSeconds = Double.parseDouble(cpu[1]) + Double.parseDouble(cpu[2]);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        hook.close();
        int commits;
        try (Registry registry = new GitRegistryProvider().open(env.get("AIRISK_REGISTRY"), null)) {
            commits = registry.history().commits().size() - commitsBefore;
        }
        System.out.printf("notify: %d due webhook notices in one run (own JVM, 16 at a time): %.2f s wall, %.2f s CPU "
                        + "(load average %.1f), exit %d, %d requests, %d distinct ids, %d bad signatures, %d registry commits "
                        + "(claims and receipts)%n", n, wall, cpuSeconds, load, code, hook.requests.get(), hook.byId.size(), hook.badSignatures.get(), commits);
        if (code != 0 || hook.byId.size() != n || hook.badSignatures.get() != 0) {
            System.out.println(Files.readString(dir.resolve("notify.json")) + Files.readString(dir.resolve("notify.err")));
            System.exit(1);
        }
    }

    private static void cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        if (code != 0) {
            throw new IllegalStateException("airisk " + String.join(" ", args) + ": " + err);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
