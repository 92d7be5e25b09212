package dev.airisk.cli;

import dev.airisk.core.model.Sha256;
import dev.airisk.core.release.Retention;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airisk gc}: retention. Deletes blobs only retired versions use; the registry keeps every record. */
@Command(name = "gc", description = "Delete store blobs used only by versions retired longer ago than the retention period, and what interrupted uploads left in the store over an hour ago.")
final class GcCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Option(names = "--dry-run", description = "List what would be deleted; delete nothing, write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Retention.Result r = write.services().retention().gc(dryRun);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dry_run", r.dryRun());
            m.put("versions", r.versions().stream().map(v -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("model", v.ref().name());
                x.put("version", v.ref().version().toString());
                x.put("retired_on", v.retiredOn().toString());
                x.put("deleted", hex(v.deleted()));
                x.put("kept_in_use", hex(v.kept()));
                x.put("locked", hex(v.locked()));
                return x;
            }).toList());
            m.put("commit", r.commit());
            m.put("temporaries_removed", r.temporariesRemoved());
            Json.print(out, m);
        } else if (r.versions().isEmpty()) {
            out.println("Nothing to collect.");
        } else {
            for (Retention.Version v : r.versions()) {
                out.println((dryRun ? "Would collect " : "Collected ") + v.ref() + " (retired on " + v.retiredOn() + "): "
                        + v.deleted().size() + " blob(s) " + (dryRun ? "to delete" : "deleted") + ", " + v.kept().size()
                        + " kept (used by another version)" + (v.locked().isEmpty() ? "" : ", " + v.locked().size() + " kept under a retention lock"));
                v.locked().forEach(b -> out.println("  locked: sha256:" + b.hex()));
            }
        }
        if (!output.json() && r.temporariesRemoved() > 0) {
            out.println((dryRun ? "Would remove " : "Removed ") + r.temporariesRemoved()
                    + " temporary file(s) left in the store by interrupted uploads");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<String> hex(List<Sha256> digests) {
        return digests.stream().map(Sha256::hex).toList();
    }
}
