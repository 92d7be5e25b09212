package dev.airisk.cli;

import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.release.Notifier;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airisk notify}: for cron. Sends what is due, exactly once across repeated and overlapping runs. */
@Command(name = "notify", description = "Send every notice that is due (for cron); exit 1 while some delivery is still failing.",
        footerHeading = "%nExamples:%n",
        footer = {"  From cron: send every notice that is due:",
                "    airisk notify",
                "  See what is due without sending anything:",
                "    airisk notify --dry-run"})
final class NotifyCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin RegistryOptions registry;
    @Mixin KeyOptions key;
    @Mixin OutputOptions output;
    @Option(names = "--dry-run", description = "Say what would be sent; send nothing, write nothing.")
    boolean dryRun;
    @Option(names = "--retry-failed", description = "Retry failing deliveries now, ignoring their backoff.")
    boolean retryFailed;
    @Option(names = "--parallel", defaultValue = "16", paramLabel = "<n>", description = "Deliveries at a time (default: ${DEFAULT-VALUE}).")
    int parallel;

    NotifyCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (parallel < 1 || parallel > 256) {
            throw new dev.airisk.core.AiriskException.InvalidInput("--parallel " + parallel + " is out of range", "give 1 to 256");
        }
        // the channels (HTTP client, mail session) are built on another thread while the registry is read and claimed
        java.util.concurrent.CompletableFuture<dev.airisk.core.notify.Channels> channels =
                java.util.concurrent.CompletableFuture.supplyAsync(ctx::channels);
        Notifier notifier = ctx.services(registry, dryRun ? null : ctx.signer(key))
                .notifier(kind -> built(channels).of(kind), Context.runner(), parallel);
        Notifier.Run run = notifier.notify(dryRun, retryFailed);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", run.run());
            m.put("dry_run", run.dryRun());
            m.put("due", run.due().size());
            m.put("sent", run.sent());
            m.put("deliveries", dryRun ? run.due().stream().map(NoticeOutput::item).toList()
                    : run.attempts().stream().map(a -> NoticeOutput.item(a.after())).toList());
            m.put("failing", run.failing().values());
            Json.print(out, m);
        } else if (dryRun) {
            out.println(run.due().isEmpty() ? "Nothing is due." : "Would send " + run.due().size() + " notice(s):");
            if (!run.due().isEmpty()) {
                NoticeOutput.table(out, run.due());
            }
        } else {
            out.println(run.due().isEmpty() ? "Nothing was due." : "Sent " + run.sent() + " of " + run.due().size() + " due notice(s).");
            for (Notifier.Attempt a : run.attempts()) {
                if (a.after().status() == OutboxItem.Status.FAILED) {
                    out.println("Gave up: " + a.item().consumer() + " " + a.item().subject() + " " + a.item().type() + ": " + a.after().result());
                }
            }
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        run.failing().values().forEach(line -> err.println("airisk: failing: " + line));
        err.flush();
        return run.clean() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    /** The channels once built; a failure to build them (a malformed AIRISK_SMTP_* setting) as itself. */
    private static dev.airisk.core.notify.Channels built(java.util.concurrent.CompletableFuture<dev.airisk.core.notify.Channels> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
