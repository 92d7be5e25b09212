package dev.airisk.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command. */
@Command(name = "airisk",
        versionProvider = VersionProvider.class,
        description = "Hash, sign, store and register machine-learning models under AI-risk governance.",
        footer = {"", "Exit codes: 0 ok, 1 error, 2 usage or invalid input, 3 policy denied, 4 integrity or signature failure,",
                "5 not found, 6 conflict, 7 remote or store unreachable.", "Environment: AIRISK_HOME, AIRISK_REGISTRY, AIRISK_KEY, AIRISK_KEY_PASSPHRASE, NO_COLOR."})
final class AiriskCommand {
    /**
     * The subcommands in the order help lists them. They are added by {@link Cli#commandLine}: all of
     * them for help and errors, only the one a command line names otherwise, so picocli inspects one
     * command's classes rather than the whole tree's at every start. By name, so that finding the
     * one a command line names reads no class's annotations (a test checks each name is its class's).
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "keys", KeysCommand.class,
            "agent", AgentCommand.class,
            "init", InitCommand.class,
            "clone", CloneCommand.class,
            "register", RegisterCommand.class,
            "verify", VerifyCommand.class,
            "show", ShowCommand.class,
            "list", ListCommand.class,
            "lineage", LineageCommand.class,
            "pull", PullCommand.class,
            "export", ExportCommand.class,
            "policy", PolicyCommand.class,
            "check", CheckCommand.class,
            "attach", AttachCommand.class,
            "profile", ProfileCommand.class,
            "checklist", ChecklistCommand.class,
            "approve", ApproveCommand.class,
            "reject", RejectCommand.class,
            "evidence", EvidenceCommand.class,
            "status", StatusCommand.class,
            "promote", PromoteCommand.class,
            "canary", CanaryCommand.class,
            "rollback", RollbackCommand.class,
            "fallback", FallbackCommand.class,
            "incident", IncidentCommand.class,
            "monitor", MonitorCommand.class,
            "deprecate", DeprecateCommand.class,
            "undeprecate", UndeprecateCommand.class,
            "consumers", ConsumersCommand.class,
            "notify", NotifyCommand.class,
            "notices", NoticesCommand.class,
            "gc", GcCommand.class,
            "history", HistoryCommand.class,
            "log", LogCommand.class,
            "audit", AuditCommand.class,
            "scan", ScanCommand.class,
            "sign", SignCommand.class,
            "verify-signature", VerifySignatureCommand.class,
            "completion", CompletionCommand.class,
            "help", picocli.CommandLine.HelpCommand.class);

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean stacktrace;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    /** Name, class, name, class, ... in help's order, as an unmodifiable map. */
    private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            m.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
