package dev.airisk.cli;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.release.Evidence;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk attach}: a document hashed into the store and recorded, signed, with the version. */
@Command(name = "attach", description = "Hash a document (bias audit, impact assessment, explainability report, rollback plan ...) into the store and record it, signed, with a version.")
final class AttachCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Parameters(index = "0", paramLabel = "<model@version>", description = "The version.")
    ModelRef ref;
    @Parameters(index = "1", paramLabel = "<file>", description = "The document.")
    Path file;
    @Option(names = "--kind", required = true, paramLabel = "<kind>", description = "What it is, as the policy names it, e.g. bias-audit.")
    String kind;

    @Override
    public Integer call() {
        Evidence.Attached a = write.services().evidence().attach(ref, kind, file);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", ref.name());
            m.put("version", ref.version());
            m.put("kind", a.kind());
            m.put("name", a.name());
            m.put("size", a.size());
            m.put("sha256", a.sha256());
            m.put("file", a.file());
            m.put("changed", a.changed());
            m.put("commit", a.commit());
            Json.print(out, m);
        } else {
            out.println(a.changed() ? "Attached " + a.kind() + " '" + a.name() + "' (sha256:" + a.sha256().shortHex() + ") to " + ref
                    + " [" + a.commit().substring(0, 12) + "]" : ref + " already has this " + a.kind() + "; nothing changed");
            out.flush();
        }
        return ExitCodes.OK;
    }
}
