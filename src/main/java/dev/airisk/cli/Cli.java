package dev.airisk.cli;

import dev.airisk.core.AiriskException;
import java.io.PrintWriter;
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
    private Cli() {
    }

    /** Runs with the process's streams and terminal. */
    public static int run(String[] args, Map<String, String> env) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The one answer that needs no command tree: printed without building it, for a fast start.
            for (String line : VersionProvider.lines()) {
                System.out.println(line);
            }
            return ExitCodes.OK;
        }
        try (Context context = new Context(env, System.console())) {
            return commandLine(context).execute(args);
        }
    }

    /**
     * Loads what the commands use, without touching the user's files: builds the command tree,
     * renders every command's help, and starts the JSON, YAML, crypto and Git machinery once. The
     * launcher runs this to record a class-data sharing archive.
     */
    public static void train() {
        Generated.commandReference();
        Generated.bash();
        Json.mapper().valueToTree(new VerifyCommand.Result(true, java.util.List.of()));
        Context.warmUp();
    }

    /** The command line over a context; tests set their own writers on it. */
    static CommandLine commandLine(Context context) {
        CommandLine cl = new CommandLine(new AiriskCommand(), new Factory(context));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new UsageHandler());
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
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
    private static final class ErrorHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
            PrintWriter err = cl.getErr();
            String line = ex instanceof AiriskException a ? a.oneLine() : describe(ex);
            err.println("airisk: error: " + line);
            if (stacktrace(cl.getCommandSpec().root().commandLine())) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.of(ex);
        }

        private static String describe(Exception ex) {
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            return msg.lines().findFirst().orElse(msg) + " (run again with --stacktrace and report it if it persists)";
        }
    }

    /** Usage errors: one line naming the problem and where to read about the command; exit 2. */
    private static final class UsageHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            String command = cl.getCommandSpec().qualifiedName();
            err.println("airisk: error: " + ex.getMessage().lines().findFirst().orElse("") + " (see '" + command + " --help')");
            if (Arrays.asList(args).contains("--stacktrace")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USAGE;
        }
    }
}
