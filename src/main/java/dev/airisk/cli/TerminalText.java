package dev.airisk.cli;

import dev.airisk.core.Printable;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What reaches a terminal from outside: every option and parameter is refused when it holds a control
 * character (so a {@code --reason} cannot forge a line in a commit message, a table or a notice), and
 * everything a command writes to stdout has its control characters escaped, except line feeds (so a
 * value already in a registry, written with plain git, cannot drive the terminal).
 */
final class TerminalText {
    private TerminalText() {
    }

    /** A usage error for a value with a control character; its fix replaces the pointer to --help. */
    static final class ControlCharacter extends ParameterException {
        private static final long serialVersionUID = 1L;
        final String fix;

        ControlCharacter(CommandLine cl, String message, String fix) {
            super(cl, message);
            this.fix = fix;
        }
    }

    /** Throws {@link ControlCharacter} for the first option or parameter, of any command given, that holds a control character. */
    static void refuseControlCharacters(ParseResult parsed) {
        for (ParseResult pr = parsed; pr != null; pr = pr.subcommand()) {
            for (ArgSpec arg : pr.matchedArgs()) {
                for (String value : arg.originalStringValues()) {
                    ControlCharacter refused = controlCharacter(pr.commandSpec().commandLine(), arg, value);
                    if (refused != null) {
                        throw refused;
                    }
                }
            }
        }
    }

    /** The refusal of {@code value} given to {@code arg} when it holds a control character, else null. */
    static ControlCharacter controlCharacter(CommandLine cl, ArgSpec arg, String value) {
        String problem = value == null ? null : Printable.problem(value, false);
        if (problem == null) {
            return null;
        }
        String name = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
        return new ControlCharacter(cl, name + " " + problem, "write it as one line of printable text");
    }

    /** {@code out} behind a writer that escapes every control character except the line feed. */
    static PrintWriter escaping(PrintWriter out) {
        return new PrintWriter(new FilterWriter(out) {
            @Override
            public void write(int c) throws IOException {
                write(String.valueOf((char) c), 0, 1);
            }

            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                write(new String(buf, off, len), 0, len);
            }

            @Override
            public void write(String s, int off, int len) throws IOException {
                String part = s.substring(off, off + len);
                out.write(Printable.lines(part));
            }
        }, true);
    }
}
