package dev.airisk.cli;

import java.util.List;
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
     * command's classes rather than the whole tree's at every start.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            KeysCommand.class,
            AgentCommand.class,
            InitCommand.class,
            CloneCommand.class,
            RegisterCommand.class,
            VerifyCommand.class,
            ShowCommand.class,
            ListCommand.class,
            LineageCommand.class,
            PullCommand.class,
            ExportCommand.class,
            PolicyCommand.class,
            CheckCommand.class,
            AttachCommand.class,
            ProfileCommand.class,
            ChecklistCommand.class,
            ApproveCommand.class,
            RejectCommand.class,
            EvidenceCommand.class,
            StatusCommand.class,
            PromoteCommand.class,
            CanaryCommand.class,
            RollbackCommand.class,
            FallbackCommand.class,
            IncidentCommand.class,
            MonitorCommand.class,
            DeprecateCommand.class,
            UndeprecateCommand.class,
            ConsumersCommand.class,
            NotifyCommand.class,
            NoticesCommand.class,
            GcCommand.class,
            HistoryCommand.class,
            LogCommand.class,
            AuditCommand.class,
            ScanCommand.class,
            SignCommand.class,
            VerifySignatureCommand.class,
            CompletionCommand.class,
            picocli.CommandLine.HelpCommand.class);

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean stacktrace;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;
}
