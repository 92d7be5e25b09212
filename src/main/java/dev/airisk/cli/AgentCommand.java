package dev.airisk.cli;

import dev.airisk.Main;
import dev.airisk.adapters.agent.AgentClient;
import dev.airisk.adapters.agent.AgentPaths;
import dev.airisk.adapters.agent.AgentProcess;
import dev.airisk.adapters.agent.AgentStatus;
import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.model.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airisk agent}: a background process that holds unlocked keys in memory and signs for the user's commands. */
@Command(name = "agent", description = "Hold unlocked keys in memory for a while, so signing commands need no passphrase and no key derivation.",
        subcommands = {AgentCommand.Start.class, AgentCommand.Stop.class, AgentCommand.Lock.class, AgentCommand.Status.class},
        footerHeading = "%nExamples:%n",
        footer = {"  Unlock the acting key for a working day:",
                "    airisk agent start --ttl 8h",
                "  Forget the keys at once (the agent keeps running, commands ask for passphrases again):",
                "    airisk agent lock"})
final class AgentCommand {
    @Mixin HelpOption help;

    static Map<String, Object> json(AgentPaths paths, AgentStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", s != null);
        m.put("socket", paths.socket().toString());
        m.put("log", paths.log().toString());
        if (s != null) {
            m.put("pid", s.pid());
            m.put("started", s.started().toString());
            m.put("expires", s.expires().toString());
            m.put("locked", s.locked());
            m.put("keys", s.keys().stream().map(k -> {
                Map<String, Object> key = new LinkedHashMap<>();
                key.put("name", k.name());
                key.put("key_id", k.keyId());
                key.put("type", k.type());
                return key;
            }).toList());
            m.put("signatures", s.signatures());
        }
        return m;
    }

    private static AgentStatus running(Context ctx, AgentClient client) {
        return client.status().orElseThrow(() -> new NotFound("no key agent runs for " + ctx.home(),
                "start one with 'airisk agent start'"));
    }

    /** {@code agent stop} ({@code stop}) or {@code agent lock}: NotFound when no agent runs. */
    private static int onRunning(Context ctx, CommandSpec spec, OutputOptions output, boolean stop) {
        AgentClient client = AgentClient.at(ctx.agentPaths());
        AgentStatus s = running(ctx, client);
        Map<String, Object> m = new LinkedHashMap<>();
        String text;
        if (stop) {
            client.stop();
            m.put("stopped", true);
            text = "Agent stopped (pid " + s.pid() + ")";
        } else {
            client.lock();
            m.put("locked", true);
            text = "Agent locked (pid " + s.pid() + "): " + (s.keys().isEmpty() ? "it held no keys" : "it forgot " + names(s));
        }
        m.put("pid", s.pid());
        if (!stop) {
            m.put("forgotten", s.keys().stream().map(AgentStatus.HeldKey::name).toList());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, m);
        } else {
            out.println(text);
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String names(AgentStatus s) {
        return s.keys().isEmpty() ? "no keys" : "key" + (s.keys().size() == 1 ? " " : "s ")
                + String.join(", ", s.keys().stream().map(AgentStatus.HeldKey::name).toList());
    }

    @Command(name = "start", description = "Unlock keys once and start the agent in the background; signing commands of this user use it until it stops, is locked or the time to live ends.")
    static final class Start implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin OutputOptions output;
        @Option(names = "--ttl", paramLabel = "<duration>", defaultValue = "8h",
                description = "How long the agent holds the keys, e.g. 30m, 8h, 2d (default: ${DEFAULT-VALUE}); then it forgets them and ends.")
        Duration ttl;
        @Option(names = "--keys", split = ",", paramLabel = "<name>",
                description = "The keys to unlock (default: the acting key: $AIRISK_KEY, else the default key, else the only key). Repeatable.")
        List<String> keys;

        Start(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new InvalidInput("--ttl " + Durations.format(ttl) + " is not a time to live", "give a positive duration, e.g. --ttl 8h");
            }
            AgentPaths paths = ctx.agentPaths();
            AgentClient client = AgentClient.at(paths);
            client.status().ifPresent(s -> {
                throw new Conflict("a key agent already runs for " + ctx.home() + " (pid " + s.pid()
                        + ", " + (s.locked() ? "locked" : "holding " + names(s)) + ")", "stop it first with 'airisk agent stop'");
            });
            List<String> names = new ArrayList<>();
            if (keys == null || keys.isEmpty()) {
                names.add(ctx.keyName(new KeyOptions()));
            } else {
                for (String k : new LinkedHashSet<>(keys)) {
                    names.add(ctx.keyring().info(k).name());
                }
            }
            List<char[]> passphrases = new ArrayList<>();
            for (String name : names) {
                passphrases.add(ctx.prompts().passphrase(name, false));
            }
            Map<String, String> childEnv = new HashMap<>(ctx.environment());
            childEnv.remove(Context.PASSPHRASE);
            AgentStatus s = AgentProcess.start(paths, ctx.environment().get(Context.RUNTIME_DIR), ttl, names, passphrases,
                    Main.class.getName(), childEnv);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Json.print(out, json(paths, s));
            } else {
                out.println("Agent started (pid " + s.pid() + ")");
                out.println("holding " + names(s) + " until " + seconds(s.expires()));
                out.println("socket: " + paths.socket());
                out.println("log:    " + paths.log());
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", description = "Stop the agent: it forgets its keys and ends.")
    static final class Stop implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin OutputOptions output;

        Stop(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return onRunning(ctx, spec, output, true);
        }
    }

    @Command(name = "lock", description = "Make the agent forget its keys at once; it keeps running, and signing commands ask for passphrases again.")
    static final class Lock implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin OutputOptions output;

        Lock(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return onRunning(ctx, spec, output, false);
        }
    }

    @Command(name = "status", description = "Show whether an agent runs, the keys it holds, until when, and how many signatures it made.")
    static final class Status implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin OutputOptions output;

        Status(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            AgentPaths paths = ctx.agentPaths();
            AgentStatus s = AgentClient.at(paths).status().orElse(null);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Json.print(out, json(paths, s));
            } else if (s == null) {
                out.println("No key agent runs for " + ctx.home() + " (start one with 'airisk agent start')");
            } else {
                out.println("Agent running (pid " + s.pid() + ") since " + seconds(s.started()));
                out.println(s.locked() ? "locked: it holds no keys" : "holding " + s.keys().size() + (s.keys().size() == 1 ? " key" : " keys")
                        + " until " + seconds(s.expires()) + ":");
                if (!s.keys().isEmpty()) {
                    Table t = new Table("NAME", "TYPE", "KEY ID");
                    s.keys().forEach(k -> t.row(k.name(), k.type(), k.keyId()));
                    t.print(out);
                }
                out.println("signatures made: " + s.signatures());
                out.println("socket: " + paths.socket());
                out.println("log:    " + paths.log());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
