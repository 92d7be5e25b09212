package dev.airisk.cli;

import dev.airisk.core.model.ModelName;
import dev.airisk.core.release.Bytes;
import dev.airisk.core.release.Catalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk list [NAME]}. */
@Command(name = "list", description = "List the registered models, or one model's versions.")
final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ReadOptions read;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model>", arity = "0..1", description = "List this model's versions.")
    String name;

    @Override
    public Integer call() {
        Catalog catalog = read.services().catalog();
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            var models = catalog.models();
            if (output.json()) {
                Json.print(out, models.stream().map(VersionOutput.ModelLine::of).toList());
            } else {
                Table t = new Table("MODEL", "LATEST", "VERSIONS");
                models.forEach(m -> t.row(m.name(), m.latest(), m.versions()));
                t.print(out);
            }
        } else {
            var versions = catalog.versions(ModelName.require(name));
            if (output.json()) {
                Json.print(out, versions.stream().map(VersionOutput.VersionLine::of).toList());
            } else {
                Table t = new Table("VERSION", "FILES", "SIZE", "ROOT DIGEST", "REGISTERED");
                versions.forEach(v -> t.row(v.ref(), v.files(), Bytes.human(v.totalBytes()), v.rootDigest().shortHex(), v.registeredAt()));
                t.print(out);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
