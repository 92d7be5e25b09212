package dev.airisk.cli;

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

/** {@code airisk pull NAME@VER --to DIR}. */
@Command(name = "pull", description = "Write a version's verified files into a new or empty folder; unless every file verifies, the folder is left as it was.")
final class PullCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ReadOptions read;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model@version>", description = "The version to pull.")
    ModelRef ref;
    @Option(names = "--to", required = true, paramLabel = "<dir>", description = "A new or empty folder.")
    Path to;

    @Override
    public Integer call() {
        Retrieval.Pulled p = read.services().retrieval().pull(ref, to);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, VersionOutput.Pulled.of(p));
        } else {
            out.println("Pulled " + p.ref() + " into " + p.dir() + ": " + p.files() + " files, " + Bytes.human(p.totalBytes()) + ", all verified");
            out.flush();
        }
        return ExitCodes.OK;
    }
}
