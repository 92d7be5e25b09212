package dev.airisk.cli;

import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.release.Bytes;
import dev.airisk.core.release.Catalog;
import dev.airisk.core.Printable;
import java.io.PrintWriter;
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
    @Mixin HelpOption help;
    @Mixin RegistryOptions registry;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model[@version]>", description = "A model name, or name@version.")
    String target;

    ShowCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        var services = ctx.services(registry, null);
        Catalog catalog = services.catalog();
        PrintWriter out = spec.commandLine().getOut();
        if (target.contains("@")) {
            VersionRecord r = catalog.version(ModelRef.parse(target));
            dev.airisk.core.release.Lifecycle life = services.deprecations().lifecycle(r.ref());
            if (output.json()) {
                com.fasterxml.jackson.databind.node.ObjectNode node = Json.mapper().valueToTree(r);
                node.set("lifecycle", Json.mapper().valueToTree(ReleaseOutput.lifecycle(life)));
                Json.print(out, node);
            } else {
                printRecord(out, r, life);
            }
        } else {
            Catalog.ModelDetail d = catalog.model(dev.airisk.core.model.ModelName.require(target));
            List<dev.airisk.core.release.Lifecycle> inactive = services.deprecations().inactive(d.model().name());
            if (output.json()) {
                com.fasterxml.jackson.databind.node.ObjectNode node = Json.mapper().valueToTree(d);
                node.set("deprecations", Json.mapper().valueToTree(inactive.stream().map(ReleaseOutput::lifecycle).toList()));
                Json.print(out, node);
            } else {
                printModel(out, d, inactive);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printModel(PrintWriter out, Catalog.ModelDetail d, List<dev.airisk.core.release.Lifecycle> inactive) {
        ModelInfo m = d.model();
        field(out, "model", m.name());
        field(out, "owner", m.owner());
        field(out, "risk tier", m.riskTier());
        field(out, "intended use", m.intendedUse());
        field(out, "description", m.description());
        field(out, "created", m.created());
        out.println();
        Table t = new Table("VERSION", "FILES", "SIZE", "ROOT DIGEST", "REGISTERED", "BY", "LIFECYCLE");
        d.versions().forEach(v -> t.row(v.ref().version(), v.files(), Bytes.human(v.totalBytes()), v.rootDigest().shortHex(),
                v.registeredAt(), v.registeredBy().substring(0, Math.min(12, v.registeredBy().length())),
                inactive.stream().filter(l -> l.ref().equals(v.ref())).findFirst().map(dev.airisk.core.release.Lifecycle::describe)
                        .orElse("active")));
        t.print(out);
    }

    private static void printRecord(PrintWriter out, VersionRecord r, dev.airisk.core.release.Lifecycle life) {
        Metadata m = r.metadata();
        field(out, "version", r.ref());
        field(out, "lifecycle", life.describe() + (life.reason() == null ? "" : ": " + life.reason()));
        field(out, "root digest", "sha256:" + r.rootDigest());
        field(out, "registered", r.registeredAt() + " by " + r.registeredBy());
        field(out, "owner", m.owner());
        field(out, "risk tier", m.riskTier());
        field(out, "intended use", m.intendedUse());
        field(out, "description", m.description());
        field(out, "code commit", m.codeCommit());
        m.datasets().forEach(d -> field(out, "dataset", d.key() + " sha256:" + d.sha256()));
        m.baseModels().forEach(b -> field(out, "base model", b));
        m.metrics().forEach((k, v) -> field(out, "metric", k + " = " + v));
        field(out, "regions", m.regions().isEmpty() ? null : String.join(", ", m.regions()));
        field(out, "processes PII", m.processesPii() == null ? null : m.processesPii() ? "yes" : "no");
        if (m.vendor() != null) {
            field(out, "vendor", m.vendor().name() + (m.vendor().modelCard() == null ? "" : " (model card: " + m.vendor().modelCard() + ")"));
        }
        if (m.inputSchema() != null && !m.inputSchema().features().isEmpty()) {
            field(out, "features", String.join(", ", m.inputSchema().features()));
        }
        m.labels().forEach((k, v) -> field(out, "label", k + "=" + v));
        out.println();
        Table t = new Table("PATH", "SIZE", "SHA256");
        for (FileDigest f : r.manifest().files()) {
            t.row(f.path(), f.size(), f.sha256());
        }
        t.print(out);
    }

    /** One "label: value" line, aligned, control characters escaped (line breaks too); nothing when the value is absent. */
    private static void field(PrintWriter out, String label, Object value) {
        if (value != null) {
            out.println(String.format("%-15s%s", label + ":", Printable.oneLine(value.toString())));
        }
    }
}
