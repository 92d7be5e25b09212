package dev.airisk.cli;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.release.Bytes;
import dev.airisk.core.release.Retrieval;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk export NAME@VER --to FILE.tar.gz}. */
@Command(name = "export", description = "Write a version's verified files as a deterministic .tar.gz (sorted entries, fixed times, owners and modes).")
final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ReadOptions read;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model@version>", description = "The version to export.")
    ModelRef ref;
    @Option(names = "--to", required = true, paramLabel = "<file.tar.gz>", description = "The archive to write; must not exist.")
    Path to;

    @Override
    public Integer call() {
        String name = to.getFileName() == null ? "" : to.getFileName().toString();
        if (!name.endsWith(".tar.gz") && !name.endsWith(".tgz")) {
            throw new AiriskException.InvalidInput("'" + to + "' does not end in .tar.gz or .tgz",
                    "export writes a gzip-compressed tar; name it e.g. churn-1.4.0.tar.gz");
        }
        Retrieval.Exported e = read.services().retrieval().export(ref, to);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, VersionOutput.Exported.of(e));
        } else {
            out.println("Exported " + e.ref() + " to " + e.file() + " (" + Bytes.human(e.bytes()) + ", root sha256:" + e.rootDigest() + ")");
            out.flush();
        }
        return ExitCodes.OK;
    }
}
