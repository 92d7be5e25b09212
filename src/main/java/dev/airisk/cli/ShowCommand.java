package dev.airisk.cli;

import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.release.Bytes;
import dev.airisk.core.release.Catalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk show NAME[@VER]}. */
@Command(name = "show", description = "Show a model and its versions, or one version's record (manifest, metadata, lineage).")
final class ShowCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin RegistryOptions registry;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model[@version]>", description = "A model name, or name@version.")
    String target;

    ShowCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Catalog catalog = ctx.services(registry, null).catalog();
        PrintWriter out = spec.commandLine().getOut();
        if (target.contains("@")) {
            VersionRecord r = catalog.version(ModelRef.parse(target));
            if (output.json()) {
                Json.print(out, r);
            } else {
                printRecord(out, r);
            }
        } else {
            Catalog.ModelDetail d = catalog.model(dev.airisk.core.model.ModelName.require(target));
            if (output.json()) {
                Json.print(out, d);
            } else {
                printModel(out, d);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printModel(PrintWriter out, Catalog.ModelDetail d) {
        ModelInfo m = d.model();
        out.println("model:        " + m.name());
        out.println("owner:        " + m.owner());
        out.println("risk tier:    " + m.riskTier());
        if (m.intendedUse() != null) {
            out.println("intended use: " + m.intendedUse());
        }
        if (m.description() != null) {
            out.println("description:  " + m.description());
        }
        out.println("created:      " + m.created());
        out.println();
        Table t = new Table("VERSION", "FILES", "SIZE", "ROOT DIGEST", "REGISTERED", "BY");
        d.versions().forEach(v -> t.row(v.ref().version(), v.files(), Bytes.human(v.totalBytes()), v.rootDigest().shortHex(),
                v.registeredAt(), v.registeredBy().substring(0, Math.min(12, v.registeredBy().length()))));
        t.print(out);
    }

    private static void printRecord(PrintWriter out, VersionRecord r) {
        Metadata m = r.metadata();
        out.println("version:       " + r.ref());
        out.println("root digest:   sha256:" + r.rootDigest());
        out.println("registered:    " + r.registeredAt() + " by " + r.registeredBy());
        out.println("owner:         " + m.owner());
        out.println("risk tier:     " + m.riskTier());
        if (m.intendedUse() != null) {
            out.println("intended use:  " + m.intendedUse());
        }
        if (m.description() != null) {
            out.println("description:   " + m.description());
        }
        if (m.codeCommit() != null) {
            out.println("code commit:   " + m.codeCommit());
        }
        for (DatasetRef d : m.datasets()) {
            out.println("dataset:       " + d.key() + " sha256:" + d.sha256());
        }
        for (ModelRef b : m.baseModels()) {
            out.println("base model:    " + b);
        }
        m.metrics().forEach((k, v) -> out.println("metric:        " + k + " = " + v));
        if (!m.regions().isEmpty()) {
            out.println("regions:       " + String.join(", ", m.regions()));
        }
        if (m.processesPii() != null) {
            out.println("processes PII: " + (m.processesPii() ? "yes" : "no"));
        }
        if (m.vendor() != null) {
            out.println("vendor:        " + m.vendor().name() + (m.vendor().modelCard() == null ? "" : " (model card: " + m.vendor().modelCard() + ")"));
        }
        if (m.inputSchema() != null && !m.inputSchema().features().isEmpty()) {
            out.println("features:      " + String.join(", ", m.inputSchema().features()));
        }
        m.labels().forEach((k, v) -> out.println("label:         " + k + "=" + v));
        out.println();
        Table t = new Table("PATH", "SIZE", "SHA256");
        for (FileDigest f : r.manifest().files()) {
            t.row(f.path(), f.size(), f.sha256());
        }
        t.print(out);
    }
}
