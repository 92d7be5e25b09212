package dev.airisk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code airisk completion bash|zsh}: prints the completion script the build packed into the jar
 * from {@code completions/} (generated from the command tree), byte for byte.
 */
@Command(name = "completion", description = "Print the shell completion script for bash or zsh.",
        footerHeading = "%nExamples:%n",
        footer = {"  Complete airisk in this bash session, or in every one:",
                "    source <(airisk completion bash)",
                "    airisk completion bash > ~/.local/share/bash-completion/completions/airisk",
                "  In zsh, into a folder of $fpath:",
                "    airisk completion zsh > ~/.zfunc/_airisk"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    /** Where the build puts the scripts on the class path, by shell. */
    static final Map<Shell, String> RESOURCES = Map.of(Shell.bash, "completions/airisk.bash", Shell.zsh, "completions/_airisk");

    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<shell>", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        String script = script(shell);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, new Script(shell.name(), script));
        } else {
            out.print(script);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The JSON form: the shell and the script. */
    record Script(String shell, String script) {
    }

    static String script(Shell shell) {
        String name = RESOURCES.get(shell);
        try (InputStream in = CompletionCommand.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path (build airisk with 'mvn package')");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
