package dev.airisk.cli;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.Durations;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Version;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Builds the command line, runs it, and turns every failure into one line on stderr and an exit code. */
public final class Cli {
    /**
     * picocli's converters it finds by reflection for java.time and java.sql types, left out: no option
     * here takes one but a Duration, which has the core's own converter (below), and registering them
     * loads and initialises those classes (MonthDay builds a date formatter) on every start.
     */
    private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    private Cli() {
    }

    /** Runs a command line, writing to {@code out} and {@code err}; the terminal, if any, is the process's. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The one answer that needs no command tree: printed without building it, for a fast start.
            for (String line : VersionProvider.lines()) {
                out.println(line);
            }
            out.flush();
            return ExitCodes.OK;
        }
        Console console = System.console();
        try (Context context = new Context(env, console)) {
            startAhead(context, args);
            if (stderrIsTerminal(console)) {
                context.showProgressOn(err);
            }
            CommandLine cl = commandLine(context, args);
            cl.setOut(out);
            cl.setErr(err);
            context.warnTo(err);
            return cl.execute(args);
        }
    }

    /**
     * For a command line that runs a command (not help): starts, on other threads, what the command
     * will need while picocli parses it (see {@link Preload}).
     */
    static void startAhead(Context context, String[] args) {
        if (named(args) != null && !Arrays.asList(args).contains("--help") && !Arrays.asList(args).contains("-h")) {
            Preload.start(context.openAhead(args), context.keyAhead(args));
        }
    }

    /** The command line over a context with every subcommand (for help, completions and the docs). */
    static CommandLine commandLine(Context context) {
        return commandLine(context, new String[0]);
    }

    /**
     * The command line over a context, for {@code args}: with only the subcommand they name when they
     * name one, else with all of them (so help, suggestions and usage errors see the whole tree).
     * Tests set their own writers on it.
     */
    static CommandLine commandLine(Context context, String[] args) {
        if (System.getProperty(CONVERTER_EXCLUDES) == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java\\.time\\..*,java\\.sql\\..*");
        }
        Factory factory = new Factory(context);
        CommandLine cl = new CommandLine(new AiriskCommand(), factory);
        Class<?> named = named(args);
        for (Class<?> sub : AiriskCommand.SUBCOMMANDS.values()) {
            if (named == null || sub == named) {
                cl.addSubcommand(new CommandLine(sub, factory));
            }
        }
        registerConverters(cl);
        cl.setExecutionStrategy(parsed -> execute(parsed, context));
        cl.setExecutionExceptionHandler(new ErrorHandler(context.environment()));
        cl.setParameterExceptionHandler(new UsageHandler(context.environment()));
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * Options and parameters typed as model references, versions, durations and dataset references are
     * parsed by the core's own parsers, so every command refuses a bad value with the same line (see
     * {@link UsageHandler}).
     * Registered after the subcommands, as picocli passes converters only to those it already has.
     */
    private static void registerConverters(CommandLine cl) {
        cl.registerConverter(ModelRef.class, ModelRef::parse);
        cl.registerConverter(Version.class, Version::parse);
        cl.registerConverter(Duration.class, Durations::parse);
        cl.registerConverter(DatasetRef.class, DatasetRef::parse);
    }

    /**
     * The value a command line gives an option, read from the words as they are (before picocli parses
     * them): the value of its last occurrence, else {@code fallback}. A guess to start work ahead on,
     * never what a command acts on: a value that merely looks like the option (the text of a comment)
     * only makes that work go unused.
     */
    static String guess(String[] args, String option, String fallback) {
        String found = fallback;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals(option) && i + 1 < args.length) {
                found = args[++i];
            } else if (a.startsWith(option + "=")) {
                found = a.substring(option.length() + 1);
            }
        }
        return found;
    }

    /** The subcommand the first non-option argument names, or null (help, none, or an unknown name). */
    private static Class<?> named(String[] args) {
        for (String a : args) {
            if (a.startsWith("-")) {
                if (a.equals("--stacktrace")) {
                    continue;
                }
                return null;
            }
            Class<?> sub = AiriskCommand.SUBCOMMANDS.get(a);
            return sub == picocli.CommandLine.HelpCommand.class ? null : sub;
        }
        return null;
    }

    /** Gives commands their context through a constructor taking one; everything else the default way. */
    private static final class Factory implements IFactory {
        private final Context context;
        private final IFactory fallback = CommandLine.defaultFactory();

        Factory(Context context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Context.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(context));
                }
            }
            return fallback.create(cls);
        }
    }

    /**
     * Help as picocli prints it; else refuses options with control characters (a usage error) and runs
     * the command with a stdout that escapes control characters. A command that wrote with a signing
     * key and succeeded ends its text output with one line on stderr naming the registry and the store
     * it acted on.
     */
    private static int execute(ParseResult parsed, Context context) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        if (forPrograms(parsed)) {
            context.hideProgress();
        }
        TerminalText.refuseControlCharacters(parsed);
        CommandLine root = parsed.commandSpec().commandLine();
        PrintWriter out = root.getOut();
        PrintWriter escaping = TerminalText.escaping(out);
        root.setOut(escaping);
        try {
            int code = new CommandLine.RunLast().execute(parsed);
            String actedOn = code == ExitCodes.OK && !forPrograms(parsed) ? context.actedOn() : null;
            if (actedOn != null) {
                escaping.flush();
                PrintWriter err = root.getErr();
                err.println("airisk: " + ErrorText.safe(actedOn, context.environment()));
                err.flush();
            }
            return code;
        } finally {
            escaping.flush();
            root.setOut(out);
        }
    }

    /** True when the command's output is for a program: a --format other than text (json, sarif, dot ...). */
    private static boolean forPrograms(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        Object format = last.matchedOptionValue("--format", null);
        return format != null && !format.toString().equals("text");
    }

    /**
     * True when stderr is a terminal. Linux tells through /proc/self/fd/2; elsewhere the JDK tells only
     * whether stdin and stdout are (a console), which is taken as the answer.
     */
    static boolean stderrIsTerminal(Console console) {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return console != null && !Files.isDirectory(Path.of("/proc/self/fd"));
        }
    }

    private static boolean stacktrace(CommandLine cl) {
        ParseResult pr = cl.getParseResult();
        while (pr != null) {
            if (pr.originalArgs().contains("--stacktrace")) {
                return true;
            }
            pr = pr.subcommand();
        }
        return false;
    }

    /** {@code airisk: error: <what> (<fix>)}; a stack trace only with --stacktrace. */
    private static int report(PrintWriter err, Exception ex, Map<String, String> env, boolean stacktrace) {
        String line = ex instanceof AiriskException a ? a.oneLine() : ErrorText.describe(ex);
        err.println("airisk: error: " + ErrorText.safe(line, env));
        if (stacktrace) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.of(ex);
    }

    /** Failures of a command that ran: {@link #report}. */
    private static final class ErrorHandler implements IExecutionExceptionHandler {
        private final Map<String, String> env;

        ErrorHandler(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
            return report(cl.getErr(), ex, env, stacktrace(cl.getCommandSpec().root().commandLine()));
        }
    }

    /**
     * Usage errors: one line naming the problem and where to read about the command; exit 2. A value a
     * converter refused (a model reference, a version, a duration) is reported as the core's own error,
     * as if the command had parsed it, unless it holds a control character, which is refused as in any
     * other value.
     */
    private static final class UsageHandler implements IParameterExceptionHandler {
        private final Map<String, String> env;

        UsageHandler(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            boolean stacktrace = Arrays.asList(args).contains("--stacktrace");
            if (ex.getCause() instanceof AiriskException invalid && ex.getArgSpec() != null) {
                TerminalText.ControlCharacter refused = TerminalText.controlCharacter(cl, ex.getArgSpec(), ex.getValue());
                if (refused == null) {
                    return report(err, invalid, env, stacktrace);
                }
                ex = refused;
            }
            String command = cl.getCommandSpec().qualifiedName();
            String what = ex.getMessage().lines().findFirst().orElse("");
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                what += "; did you mean '" + String.join("' or '", u.getSuggestions()) + "'?";
            }
            String fix = ex instanceof TerminalText.ControlCharacter c ? c.fix : "see '" + command + " --help'";
            err.println("airisk: error: " + ErrorText.safe(what) + " (" + fix + ")");
            if (what.startsWith("Missing required subcommand")) {
                cl.usage(err);
            }
            if (stacktrace) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USAGE;
        }
    }
}
