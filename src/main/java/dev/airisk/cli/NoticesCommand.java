package dev.airisk.cli;

import dev.airisk.core.release.Notifier;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airisk notices}: the outbox, every delivery of every notice and its receipt. */
@Command(name = "notices", description = "List the outbox: pending, failed and sent notice deliveries.")
final class NoticesCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin RegistryOptions registry;
    @Mixin OutputOptions output;
    @ArgGroup(exclusive = true)
    Which which;

    /** At most one filter. */
    static final class Which {
        @Option(names = "--pending", description = "Only deliveries not sent yet (including those being retried).")
        boolean pending;
        @Option(names = "--failed", description = "Only deliveries that failed: being retried, or given up.")
        boolean failed;
        @Option(names = "--sent", description = "Only deliveries that were sent (receipts).")
        boolean sent;
    }

    NoticesCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Notifier.Show show = which == null ? Notifier.Show.ALL : which.pending ? Notifier.Show.PENDING
                : which.failed ? Notifier.Show.FAILED : Notifier.Show.SENT;
        var items = ctx.services(registry, null).notifier(kind -> ctx.channels().of(kind), Context.runner(), 1).notices(show);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, Map.of("notices", items.stream().map(NoticeOutput::item).toList()));
        } else {
            NoticeOutput.table(out, items);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
