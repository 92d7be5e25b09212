package dev.airisk.bench;

import dev.airisk.adapters.git.GitRegistry;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.core.Layout;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Times the two reads the CLI's busiest commands need, through {@link GitRegistry#head()}:
 * <ul>
 *   <li>list: every model with its latest version and version count (trees only, no blob reads);</li>
 *   <li>show: one model's model.yaml and the records of all its versions, decoded by the codec.</li>
 * </ul>
 * Usage: {@code RegistryReadBench PATH [--model NAME] [--iterations N] [--once list|trees|show]}. With
 * {@code --once}, runs one operation once in a fresh JVM, for timing the whole process from outside
 * ({@code trees} is list without parsing version names: the tree reads alone).
 */
public final class RegistryReadBench {
    private RegistryReadBench() {
    }

    /** One line of {@code airisk list}. */
    public record ModelRow(String name, Version latest, int versions) {
    }

    /** What {@code airisk show} reads. */
    public record Shown(ModelInfo model, List<VersionRecord> records) {
    }

    public static void main(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (a.isEmpty()) {
            System.err.println("usage: RegistryReadBench PATH [--model NAME] [--iterations N] [--once list|trees|show]");
            System.exit(2);
        }
        String path = a.remove(0);
        String model = option(a, "--model", null);
        int iterations = Integer.parseInt(option(a, "--iterations", "10"));
        String once = option(a, "--once", null);
        RegistryCodec codec = new YamlRegistryCodec();

        long t0 = System.nanoTime();
        try (GitRegistry registry = new GitRegistryProvider().open(path, null)) {
            long opened = System.nanoTime() - t0;
            String name = model != null ? model : registry.head().children(Layout.MODELS).get(0);
            if ("list".equals(once)) {
                List<ModelRow> rows = list(registry.head());
                System.out.printf("list: %d models in %.1f ms (open %.1f ms)%n", rows.size(), ms(System.nanoTime() - t0), ms(opened));
                return;
            }
            if ("trees".equals(once)) {
                int versions = countVersions(registry.head());
                System.out.printf("trees: %d versions in %.1f ms (open %.1f ms)%n", versions, ms(System.nanoTime() - t0), ms(opened));
                return;
            }
            if ("show".equals(once)) {
                Shown shown = show(registry.head(), codec, name);
                System.out.printf("show %s: %d versions in %.1f ms (open %.1f ms)%n", name, shown.records().size(),
                        ms(System.nanoTime() - t0), ms(opened));
                return;
            }
            System.out.printf("open: %.1f ms%n", ms(opened));
            report("list", iterations, () -> list(registry.head()).size() + " models");
            report("list, trees only", iterations, () -> countVersions(registry.head()) + " versions");
            report("show " + name, iterations, () -> show(registry.head(), codec, name).records().size() + " versions");
        }
    }

    /** Every model with its latest version (semantic-version order) and how many versions it has. */
    public static List<ModelRow> list(Snapshot head) {
        List<ModelRow> rows = new ArrayList<>();
        for (String name : head.children(Layout.MODELS)) {
            Version latest = null;
            int count = 0;
            for (String v : head.children(Layout.versions(name))) {
                Version version = Version.parse(v);
                count++;
                if (latest == null || version.compareTo(latest) > 0) {
                    latest = version;
                }
            }
            rows.add(new ModelRow(name, latest, count));
        }
        return rows;
    }

    /** The version folders of every model, counted without parsing their names: the tree reads alone. */
    public static int countVersions(Snapshot head) {
        int count = 0;
        for (String name : head.children(Layout.MODELS)) {
            count += head.children(Layout.versions(name)).size();
        }
        return count;
    }

    /** A model's model.yaml and every version's record, decoded. */
    public static Shown show(Snapshot head, RegistryCodec codec, String name) {
        String modelFile = Layout.model(name);
        ModelInfo info = codec.readModel(head.read(modelFile).orElseThrow(), modelFile);
        List<VersionRecord> records = new ArrayList<>();
        for (String v : head.children(Layout.versions(name))) {
            String file = Layout.record(new ModelRef(name, Version.parse(v)));
            records.add(codec.readRecord(head.read(file).orElseThrow(), file));
        }
        return new Shown(info, records);
    }

    private static void report(String what, int iterations, Supplier<String> run) {
        long start = System.nanoTime();
        String result = run.get();
        double cold = ms(System.nanoTime() - start);
        double[] warm = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long s = System.nanoTime();
            run.get();
            warm[i] = ms(System.nanoTime() - s);
        }
        Arrays.sort(warm);
        System.out.printf("%s (%s): first %.1f ms, then median %.1f ms, best %.1f ms over %d runs%n",
                what, result, cold, warm[iterations / 2], warm[0], iterations);
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            return fallback;
        }
        String value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return value;
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
