package dev.airisk.cli;

import dev.airisk.adapters.notify.NotifyChannels;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.notify.Channels;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.Notifier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airisk notify}: for cron. Sends what is due, exactly once across repeated and overlapping runs. */
@Command(name = "notify", description = "Send every notice that is due (for cron); exit 1 while some delivery is not delivered "
        + "(failing, held by a setting of this host, or given up and not acknowledged).",
        footerHeading = "%nExamples:%n",
        footer = {"  From cron: send every notice that is due:",
                "    airisk notify",
                "  See what is due without sending anything:",
                "    airisk notify --dry-run",
                "  Rehearse on a copy of the registry: every due notice into a file, nothing sent or marked:",
                "    airisk notify --registry /tmp/copy/registry.git --to-file /tmp/copy/notices.jsonl"})
final class NotifyCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Option(names = "--dry-run", description = "Say what would be sent, unlocking the key and checking its role as the real run does; send nothing, write nothing.")
    boolean dryRun;
    @Option(names = "--retry-failed", description = "Retry failing deliveries now, ignoring their backoff.")
    boolean retryFailed;
    @Option(names = "--to-file", paramLabel = "<file>", description = "A rehearsal (say, on a copied registry): append every due "
            + "notice as a CloudEvents JSON line to this file instead of sending it; needs no key, marks nothing sent, writes nothing "
            + "to the registry.")
    Path toFile;
    @Option(names = "--parallel", defaultValue = "16", paramLabel = "<n>", description = "Deliveries at a time (default: ${DEFAULT-VALUE}).")
    int parallel;

    NotifyCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (parallel < 1 || parallel > 256) {
            throw new InvalidInput("--parallel " + parallel + " is out of range", "give 1 to 256");
        }
        if (toFile != null && dryRun) {
            throw new InvalidInput("--to-file and --dry-run contradict each other", "give one of them");
        }
        Endpoint rehearsal = toFile == null ? null : rehearsalFile(toFile);
        Notifier.Run run;
        if (rehearsal != null) {
            run = ctx.services(write.registry, null).notifier(kind -> NotifyChannels.fileLines(), Context.runner(), 1)
                    .rehearse(NotifyChannels.fileLines(), rehearsal, retryFailed);
        } else {
            // the channels (HTTP client, mail session) are built on another thread while the registry is read and claimed
            CompletableFuture<Channels> channels = CompletableFuture.supplyAsync(ctx::channels);
            Notifier notifier = ctx.services(write.registry, signer()).notifier(kind -> built(channels).of(kind),
                    Context.runner(), parallel);
            run = notifier.notify(dryRun, retryFailed);
        }
        print(spec.commandLine().getOut(), run, rehearsal);
        PrintWriter err = spec.commandLine().getErr();
        run.failing().forEach(line -> err.println("airisk: failing: " + ErrorText.safe(line, ctx.environment())));
        err.flush();
        return run.clean() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    /**
     * The acting key, unlocked only when the run has something to commit: a run with nothing due,
     * or only deliveries held by a setting of this host, never derives the key (PBKDF2).
     */
    private Signer signer() {
        return ctx.signer(write.key, false);
    }

    /** The rehearsal's file, checked before anything is read: an absolute path in a folder that exists. */
    private static Endpoint rehearsalFile(Path file) {
        Path f;
        try {
            f = file.toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidInput("--to-file '" + file + "' is not a valid path", "give a file in a folder that exists");
        }
        if (f.getParent() != null && !Files.isDirectory(f.getParent())) {
            throw new InvalidInput("folder " + f.getParent() + " of --to-file does not exist", "create it, or give another file");
        }
        if (Files.isDirectory(f)) {
            throw new InvalidInput("--to-file " + f + " is a folder", "name a file inside it");
        }
        return new Endpoint(Endpoint.Kind.FILE, f.toString(), null);
    }

    private void print(PrintWriter out, Notifier.Run run, Endpoint rehearsal) {
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", run.run());
            m.put("dry_run", run.dryRun());
            m.put("registry", ctx.openedLocation());
            m.put("store", ctx.openedStore());
            m.put("to_file", rehearsal == null ? null : rehearsal.target());
            m.put("due", run.due().size());
            m.put("sent", rehearsal == null ? run.sent() : 0);
            m.put("written", rehearsal == null ? 0 : run.attempts().size());
            m.put("deliveries", dryRun ? run.due().stream().map(NoticeOutput::item).toList()
                    : run.attempts().stream().map(a -> NoticeOutput.item(rehearsal == null ? a.after() : a.item())).toList());
            m.put("held", run.held().stream().map(h -> {
                Map<String, Object> item = NoticeOutput.item(h.item());
                item.put("held_by", h.reason());
                return item;
            }).toList());
            m.put("given_up", run.givenUp().stream().map(NoticeOutput::item).toList());
            m.put("failing", run.failing());
            Json.print(out, m);
            out.flush();
            return;
        }
        out.println("Registry " + ctx.openedLocation() + " (store " + ctx.openedStore() + ")");
        if (rehearsal != null) {
            out.println(run.due().isEmpty() ? "Nothing is due; nothing was written to " + rehearsal.target() + "."
                    : "Wrote " + run.due().size() + " due notice(s) to " + rehearsal.target()
                    + " (a rehearsal: nothing was sent or marked sent; a real 'airisk notify' still delivers them).");
        } else if (dryRun) {
            out.println(run.due().isEmpty() ? "Nothing is due." : "Would send " + run.due().size() + " notice(s):");
            if (!run.due().isEmpty()) {
                NoticeOutput.table(out, run.due());
            }
        } else {
            out.println(run.due().isEmpty() ? "Nothing was due." : "Sent " + run.sent() + " of " + run.due().size() + " due notice(s).");
            for (Notifier.Attempt a : run.attempts()) {
                if (a.after().status() == OutboxItem.Status.FAILED) {
                    out.println("Gave up: " + a.item().consumer() + " " + a.item().subject() + " " + a.item().type() + ": "
                            + a.after().result());
                }
            }
        }
        if (!run.held().isEmpty()) {
            out.println((dryRun ? "Would not send " : "Not sent ") + run.held().size()
                    + " due notice(s): a setting of this host is missing (they stay pending; see below).");
        }
        if (!run.givenUp().isEmpty()) {
            out.println(run.givenUp().size() + " delivery(ies) given up and not acknowledged (see below; 'airisk notices --failed' lists them).");
        }
        out.flush();
    }

    /** The channels once built; a failure to build them (a malformed AIRISK_SMTP_* setting) as itself. */
    private static Channels built(CompletableFuture<Channels> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
