package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.release.RegistryView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk clone URL}: fetch a registry at a URL into its local copy and say what is there. */
@Command(name = "clone", description = {"Attach to the registry at a Git URL: fetch it into a local copy under $AIRISK_HOME, check that it is an airisk registry, and show it.",
        "Afterwards every command works on it with --registry URL (or AIRISK_REGISTRY=URL)."})
final class CloneCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<url>", description = "The registry's Git URL: file://, git://, http(s)://, ssh:// or user@host:path.")
    String url;

    CloneCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!ctx.isUrl(url)) {
            throw new InvalidInput("'" + url + "' is not a URL; a registry at a path needs no clone",
                    "use it with --registry " + url + ", or give the registry's Git URL");
        }
        RegistryOptions options = new RegistryOptions();
        options.registry = url;
        options.refresh = true;
        RegistryView view = ctx.services(options, null).view();
        RegistrySettings settings = view.settings();
        Cloned c = new Cloned(ctx.openedLocation(), ctx.cacheOf(options).toString(), view.snapshot().commitId(),
                settings.environments(), settings.store(), view.modelNames().size(), settings.fetchInterval().toSeconds());
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, c);
        } else {
            out.println("Cloned registry " + c.registry());
            out.println("local copy:     " + c.cache());
            out.println("head:           " + c.commit());
            out.println("environments:   " + String.join(" -> ", c.environments()));
            out.println("store:          " + c.store());
            out.println("models:         " + c.models());
            out.println("fetch interval: " + c.fetchIntervalSeconds() + "s");
            out.println("Use it with --registry " + c.registry() + " (or AIRISK_REGISTRY).");
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** What clone found. */
    record Cloned(String registry, String cache, String commit, List<String> environments, String store, int models,
                  long fetchIntervalSeconds) {
    }
}
