package dev.airisk.cli;

import dev.airisk.core.release.Notifier;
import dev.airisk.core.release.Redeliveries;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk notices}: the outbox, every delivery of every notice and its receipt; re-queue or acknowledge what was given up. */
@Command(name = "notices", description = "List the outbox: pending, failed and sent notice deliveries; retry or acknowledge those given up.",
        subcommands = {NoticesCommand.Retry.class, NoticesCommand.Ack.class})
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

    /** Exactly one way of naming the deliveries (checked by {@link Redeliveries.Selection}). */
    static final class Chosen {
        @Parameters(arity = "0..*", paramLabel = "<id>", description = "Delivery ids as 'airisk notices --failed' shows them (6 or more hex characters).")
        List<String> ids;
        @Option(names = "--consumer", paramLabel = "<name>", description = "Every delivery given up for this consumer.")
        String consumer;
        @Option(names = "--all", description = "Every delivery given up.")
        boolean all;

        Redeliveries.Selection selection() {
            return new Redeliveries.Selection(ids, consumer, all);
        }
    }

    @Command(name = "retry", description = "Re-queue deliveries that failed for good: the next 'airisk notify' sends them (one signed commit).")
    static final class Retry implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Mixin Chosen chosen;
        @Option(names = "--reason", paramLabel = "<text>", description = "Why (kept with each delivery).")
        String reason;

        @Override
        public Integer call() {
            Redeliveries.Result r = write.services().redeliveries().retry(chosen.selection(), reason);
            return print(spec.commandLine().getOut(), output, r, "Re-queued", "the next 'airisk notify' sends "
                    + (r.changed().size() == 1 ? "it" : "them"), "Nothing to re-queue: no delivery is given up"
                    + (chosen.consumer == null ? "." : " for " + chosen.consumer + "."));
        }
    }

    @Command(name = "ack", description = "Acknowledge deliveries given up: accept that they were not delivered, so 'airisk notify' "
            + "stops failing for them (one signed commit).")
    static final class Ack implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Mixin Chosen chosen;
        @Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why the loss is accepted (kept with each delivery).")
        String reason;

        @Override
        public Integer call() {
            Redeliveries.Result r = write.services().redeliveries().acknowledge(chosen.selection(), reason);
            return print(spec.commandLine().getOut(), output, r, "Acknowledged", "'airisk notify' no longer fails for "
                    + (r.changed().size() == 1 ? "it" : "them"), "Nothing to acknowledge: no delivery is given up"
                    + (chosen.consumer == null ? "." : " for " + chosen.consumer + "."));
        }
    }

    private static int print(PrintWriter out, OutputOptions output, Redeliveries.Result r, String done, String then, String nothing) {
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("changed", !r.changed().isEmpty());
            m.put("deliveries", r.changed().stream().map(NoticeOutput::item).toList());
            m.put("unchanged", r.unchanged().stream().map(NoticeOutput::item).toList());
            m.put("commit", r.commit());
            Json.print(out, m);
        } else if (r.changed().isEmpty()) {
            out.println(r.unchanged().isEmpty() ? nothing : "Unchanged: " + r.unchanged().size() + " delivery(ies) acknowledged already.");
        } else {
            out.println(done + " " + r.changed().size() + " delivery(ies); " + then + ":");
            NoticeOutput.table(out, r.changed());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
