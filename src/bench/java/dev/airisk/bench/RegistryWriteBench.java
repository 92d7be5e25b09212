package dev.airisk.bench;

import dev.airisk.adapters.git.GitRegistry;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.core.Layout;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times registering new versions in a large registry through {@link GitRegistry#update}: read the
 * head, write record.yaml, model.sig and record.sig for one model, build the new trees, sign, compare-and-swap.
 * It adds commits to the registry it is given. Usage: {@code RegistryWriteBench PATH [WRITES=20]}.
 */
public final class RegistryWriteBench {
    private RegistryWriteBench() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: RegistryWriteBench PATH [WRITES=20]");
            System.exit(2);
        }
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        YamlRegistryCodec codec = new YamlRegistryCodec();
        double[] times = new double[writes];
        try (GitRegistry registry = new GitRegistryProvider().open(args[0], new EphemeralSigner())) {
            List<String> models = registry.head().children(Layout.MODELS);
            for (int i = 0; i < writes; i++) {
                String name = models.get((i * 7919) % models.size());
                long start = System.nanoTime();
                registry.update(head -> register(head.children(Layout.versions(name)), name, head.read(
                        Layout.record(new ModelRef(name, Version.parse("1.0.0")))).orElseThrow(), codec));
                times[i] = (System.nanoTime() - start) / 1_000_000.0;
            }
        }
        double first = times[0];
        Arrays.sort(times);
        System.out.printf("register a version (%d writes): first %.1f ms, then median %.1f ms, best %.1f ms%n",
                writes, first, times[writes / 2], times[0]);
    }

    /** A new patch version of {@code name} whose record is a copy of 1.0.0's under the new version. */
    private static Change<String> register(List<String> versions, String name, byte[] template, YamlRegistryCodec codec) {
        Version next = Version.parse("9." + versions.size() + ".0");
        VersionRecord old = codec.readRecord(template, "record.yaml");
        ModelRef ref = new ModelRef(name, next);
        VersionRecord record = VersionRecord.of(ref, old.manifest(), old.metadata(), old.registeredBy(), old.registeredAt());
        Map<String, byte[]> writes = new LinkedHashMap<>();
        writes.put(Layout.record(ref), codec.writeRecord(record));
        writes.put(Layout.signature(ref), ("{\"bench\":\"" + ref + "\"}").getBytes(StandardCharsets.UTF_8));
        writes.put(Layout.recordSignature(ref), ("{\"bench\":\"" + ref + " record\"}").getBytes(StandardCharsets.UTF_8));
        return new Change<>(ref.toString(), writes, CommitMessage.of("Register " + ref,
                Map.of("Airisk-Op", "register", "Airisk-Model", name, "Airisk-Version", next.text())));
    }
}
