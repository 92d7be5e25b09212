package dev.airisk.cli;

import dev.airisk.core.Printable;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelName;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.release.Bytes;
import dev.airisk.core.release.Catalog;
import dev.airisk.core.release.Lifecycle;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
    @Mixin ReadOptions read;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model[@version]>", description = "A model name, or name@version.")
    String target;

    ShowCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        var services = read.services();
        Catalog catalog = services.catalog();
        PrintWriter out = spec.commandLine().getOut();
        if (target.contains("@")) {
            VersionRecord r = catalog.version(ModelRef.parse(target));
            Lifecycle life = services.deprecations().lifecycle(r.ref());
            if (output.json()) {
                Json.print(out, VersionOutput.VersionShown.of(r, ReleaseOutput.lifecycle(life)));
            } else {
                printRecord(out, r, life, KeyNames.of(ctx, services));
            }
        } else {
            Catalog.ModelDetail d = catalog.model(ModelName.require(target));
            List<Lifecycle> inactive = services.deprecations().inactive(d.model().name());
            if (output.json()) {
                Json.print(out, new VersionOutput.ModelShown(VersionOutput.Model.of(d.model()),
                        d.versions().stream().map(VersionOutput.VersionLine::of).toList(),
                        inactive.stream().map(ReleaseOutput::lifecycle).toList()));
            } else {
                printModel(out, d, inactive, KeyNames.of(ctx, services));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printModel(PrintWriter out, Catalog.ModelDetail d, List<Lifecycle> inactive,
                                   KeyNames names) {
        ModelInfo m = d.model();
        field(out, "model", m.name());
        field(out, "owner", m.owner());
        field(out, "risk tier", m.riskTier());
        field(out, "intended use", m.intendedUse());
        field(out, "description", m.description());
        field(out, "regions", list(m.regions()));
        if (m.vendor() != null) {
            field(out, "vendor name", m.vendor().name());
            field(out, "vendor model card", m.vendor().modelCard());
        }
        field(out, "consumers", list(m.consumers()));
        field(out, "created", m.created());
        out.println();
        Table t = new Table("VERSION", "FILES", "SIZE", "ROOT DIGEST", "REGISTERED", "BY", "LIFECYCLE");
        d.versions().forEach(v -> t.row(v.ref().version(), v.files(), Bytes.human(v.totalBytes()), v.rootDigest().shortHex(),
                v.registeredAt().truncatedTo(ChronoUnit.SECONDS), names.label(v.registeredBy()),
                inactive.stream().filter(l -> l.ref().equals(v.ref())).findFirst().map(Lifecycle::describe)
                        .orElse("active")));
        t.print(out);
    }

    private static void printRecord(PrintWriter out, VersionRecord r, Lifecycle life, KeyNames names) {
        Metadata m = r.metadata();
        field(out, "version", r.ref());
        field(out, "lifecycle", life.describe());
        field(out, "retire on", life.retireOn());
        field(out, "replacement", life.replacement());
        field(out, "reason", life.reason());
        field(out, "deprecated at", life.deprecatedAt());
        field(out, "collected at", life.collectedAt());
        field(out, "root digest", "sha256:" + r.rootDigest());
        field(out, "registered at", r.registeredAt());
        field(out, "registered by", names.name(r.registeredBy()) == null ? r.registeredBy()
                : names.name(r.registeredBy()) + " (" + r.registeredBy() + ")");
        field(out, "owner", m.owner());
        field(out, "risk tier", m.riskTier());
        field(out, "intended use", m.intendedUse());
        field(out, "description", m.description());
        field(out, "code commit", m.codeCommit());
        m.datasets().forEach(d -> field(out, "dataset", d.key() + " sha256:" + d.sha256()));
        m.baseModels().forEach(b -> field(out, "base model", b));
        m.metrics().forEach((k, v) -> field(out, "metric " + k, v));
        field(out, "regions", list(m.regions()));
        field(out, "training regions", list(m.trainingRegions()));
        field(out, "processes PII", yesNo(m.processesPii()));
        field(out, "high stakes", yesNo(m.highStakes()));
        field(out, "source", m.source());
        if (m.vendor() != null) {
            field(out, "vendor name", m.vendor().name());
            field(out, "vendor model card", m.vendor().modelCard());
            field(out, "vendor signer", m.vendor().signer());
        }
        if (m.inputSchema() != null) {
            field(out, "features", list(m.inputSchema().features()));
        }
        m.labels().forEach((k, v) -> field(out, "label " + k, v));
        field(out, "manifest", r.manifest().files().size() + " files, "
                + Bytes.human(r.manifest().files().stream().mapToLong(FileDigest::size).sum()));
        out.println();
        Table t = new Table("PATH", "SIZE", "SHA256").keep(2);
        for (FileDigest f : r.manifest().files()) {
            t.row(f.path(), f.size(), f.sha256());
        }
        t.print(out);
    }

    private static String list(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }

    private static String yesNo(Boolean value) {
        return value == null ? null : value ? "yes" : "no";
    }

    /**
     * One "label: value" line, aligned, control characters escaped (line breaks too), wrapped to the
     * text width under the value; nothing when the value is absent.
     */
    static void field(PrintWriter out, String label, Object value) {
        if (value != null) {
            String head = Printable.oneLine(label) + ":";
            Table.hanging(out, head.length() < LABEL ? String.format("%-" + LABEL + "s", head) : head + " ",
                    Printable.oneLine(value.toString()));
        }
    }

    private static final int LABEL = 15;
}
