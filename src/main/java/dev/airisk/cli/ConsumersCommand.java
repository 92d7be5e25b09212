package dev.airisk.cli;

import dev.airisk.core.AiriskException;
import dev.airisk.core.notify.Consumer;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.release.Subscriptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

/** {@code airisk consumers}: who hears about which models, and how (consumers.yaml). */
@Command(name = "consumers", description = "Downstream consumers of models and the channel they hear on: add, list, remove.",
        subcommands = {ConsumersCommand.Add.class, ConsumersCommand.ListConsumers.class, ConsumersCommand.Remove.class})
final class ConsumersCommand {
    @Mixin HelpOption help;

    /** Exactly one channel. */
    static final class ChannelOption {
        @Option(names = "--webhook", paramLabel = "<url>", description = "POST a CloudEvents JSON event to this URL.")
        String webhook;
        @Option(names = "--slack", paramLabel = "<var>", description = "Post to the Slack incoming-webhook URL this environment "
                + "variable holds when notify runs (the URL is a secret: only the variable's name is stored).")
        String slack;
        @Option(names = "--email", paramLabel = "<address>", description = "Send an e-mail to this address.")
        String email;
        @Option(names = "--file", paramLabel = "<path>", description = "Append one JSON event per line to this file.")
        String file;
    }

    @Command(name = "add", description = "Add a consumer of one or more models, with the events it hears about and one channel.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<name>", description = "The consumer's name (lower-case letters, digits, '-').")
        String name;
        @Option(names = "--model", required = true, arity = "1..*", paramLabel = "<model>", description = "The models it uses.")
        List<String> models;
        @Option(names = "--events", required = true, split = ",", paramLabel = "<events>",
                description = "Comma-separated: deprecated, retired, promoted, rolled-back, canary, incident-opened, incident-closed, monitoring-breached.")
        List<String> events;
        @ArgGroup(exclusive = true, multiplicity = "1")
        ChannelOption channel;
        @Option(names = "--secret-env", paramLabel = "<var>",
                description = "The environment variable holding the webhook's HMAC secret (only its name is stored).")
        String secretEnv;

        @Override
        public Integer call() {
            Endpoint e = channel.webhook != null ? new Endpoint(Endpoint.Kind.WEBHOOK, channel.webhook, secretEnv)
                    : channel.slack != null ? slack(channel.slack, secretEnv)
                    : channel.email != null ? new Endpoint(Endpoint.Kind.EMAIL, channel.email, secretEnv)
                    : new Endpoint(Endpoint.Kind.FILE, Path.of(channel.file).toAbsolutePath().normalize().toString(), secretEnv);
            Consumer c = new Consumer(name, models, new LinkedHashSet<>(events), e);
            Subscriptions.Result r = write.services().subscriptions().add(c);
            return print(spec.commandLine().getOut(), output, r, (r.changed() ? "Added" : "Unchanged:") + " consumer " + name
                    + " of " + String.join(", ", c.models()) + " (" + String.join(",", c.events()) + ") by " + e.kind().id());
        }
    }

    /** A Slack endpoint by the variable holding its URL; --secret-env belongs to webhooks only. */
    private static Endpoint slack(String variable, String secretEnv) {
        if (secretEnv != null) {
            throw new AiriskException.InvalidInput("--secret-env applies only to a webhook",
                    "drop --secret-env; --slack takes the variable that holds the Slack URL");
        }
        return Endpoint.slack(variable);
    }

    @Command(name = "list", description = "List the consumers.")
    static final class ListConsumers implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ReadOptions read;
        @Mixin OutputOptions output;

        @Override
        public Integer call() {
            var all = read.services().subscriptions().list().byName().values();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Json.print(out, Map.of("consumers", all.stream().map(NoticeOutput::consumer).toList()));
                return ExitCodes.OK;
            }
            Table t = new Table("NAME", "MODELS", "EVENTS", "CHANNEL", "TARGET", "SECRET ENV");
            all.forEach(c -> t.row(c.name(), String.join(", ", c.models()), String.join(",", c.events()), c.endpoint().kind().id(),
                    c.endpoint().shown(), c.endpoint().kind() == Endpoint.Kind.SLACK ? null : c.endpoint().secretEnv()));
            t.print(out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Remove a consumer; its pending notices are cancelled.")
    static final class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<name>", description = "The consumer.")
        String name;

        @Override
        public Integer call() {
            Subscriptions.Result r = write.services().subscriptions().remove(name);
            return print(spec.commandLine().getOut(), output, r, "Removed consumer " + name
                    + (r.cancelled() == 0 ? "" : "; cancelled " + r.cancelled() + " pending notice(s)"));
        }
    }

    private static int print(PrintWriter out, OutputOptions output, Subscriptions.Result r, String line) {
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("consumer", NoticeOutput.consumer(r.consumer()));
            m.put("changed", r.changed());
            m.put("cancelled", r.cancelled());
            m.put("commit", r.commit());
            Json.print(out, m);
        } else {
            out.println(line);
            out.flush();
        }
        return ExitCodes.OK;
    }
}
