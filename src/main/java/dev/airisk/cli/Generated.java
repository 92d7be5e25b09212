package dev.airisk.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * Files generated from the command tree: shell completions ({@code completions/airisk.bash}, and
 * {@code completions/_airisk} for zsh, which runs picocli's script through bashcompinit), the
 * command reference ({@code docs/commands.md}) and picocli's native-image configuration
 * ({@code native/config/picocli/}). The build's {@code generate} profile writes them; a
 * test fails when the committed copies drift.
 */
public final class Generated {
    private Generated() {
    }

    static CommandLine tree() {
        CommandLine cl = Cli.commandLine(new Context(Map.of(), null));
        cl.setUsageHelpWidth(100);
        cl.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        return cl;
    }

    public static String bash() {
        return AutoComplete.bash("airisk", tree());
    }

    public static String zsh() {
        return "#compdef airisk\n"
                + "# zsh completion for airisk: picocli's generated script, run through bashcompinit.\n"
                + "autoload -U +X compinit && compinit\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash();
    }

    /** docs/commands.md: the usage help of every command, in tree order. */
    public static String commandReference() {
        StringBuilder b = new StringBuilder();
        b.append("# Command reference\n\n")
                .append("Generated from the command definitions (`mvn -q -Pgenerate process-classes`); do not edit by hand.\n")
                .append("Exit codes are listed in [exit-codes.md](exit-codes.md), file formats in [formats.md](formats.md).\n");
        append(b, tree());
        return b.toString();
    }

    private static void append(StringBuilder b, CommandLine cl) {
        if (cl.getCommandSpec().name().equals("help")) {
            return;
        }
        b.append("\n## ").append(cl.getCommandSpec().qualifiedName()).append("\n\n```\n")
                .append(cl.getUsageMessage(Help.Ansi.OFF).stripTrailing()).append("\n```\n");
        for (CommandLine sub : cl.getSubcommands().values()) {
            append(b, sub);
        }
    }

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(base.resolve("completions"));
        Files.createDirectories(base.resolve("docs"));
        Files.writeString(base.resolve("completions/airisk.bash"), bash(), StandardCharsets.UTF_8);
        Files.writeString(base.resolve("completions/_airisk"), zsh(), StandardCharsets.UTF_8);
        Files.writeString(base.resolve("docs/commands.md"), commandReference(), StandardCharsets.UTF_8);
        Path picocli = base.resolve(NATIVE_PICOCLI);
        Files.createDirectories(picocli);
        for (String name : NATIVE_FILES) {
            try (var in = Generated.class.getResourceAsStream("/" + PICOCLI_GENERATED + name)) {
                if (in == null) {
                    throw new IOException(PICOCLI_GENERATED + name + " is missing; compile with the picocli-codegen annotation processor");
                }
                Files.write(picocli.resolve(name), in.readAllBytes());
            }
        }
    }

    /** Where picocli-codegen writes its native-image configuration, on the class path. */
    static final String PICOCLI_GENERATED = "META-INF/native-image/picocli-generated/dev.airisk/airisk/";
    /** Its committed copy, one of the folders the native profile passes to native-image. */
    static final String NATIVE_PICOCLI = "native/config/picocli";
    static final String[] NATIVE_FILES = {"reflect-config.json", "resource-config.json", "proxy-config.json"};
}
