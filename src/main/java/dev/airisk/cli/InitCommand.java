package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.Initializer.Initialized;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airisk init}: a new registry whose acting key holds every role. */
@Command(name = "init", description = {"Create a registry (a bare Git repository) and its local store; the acting key is trusted with every role.",
        "With --remote URL (or --registry URL), the registry's first commit is pushed to that Git repository, which must have no main branch yet; --store is then required."})
final class InitCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin RegistryOptions registry;
    @Mixin KeyOptions key;
    @Mixin OutputOptions output;
    @Option(names = "--store", paramLabel = "<dir>", description = "Folder of the content-addressed store. Default: the registry path with '.store' appended (none for a registry at a URL).")
    String store;
    @Option(names = "--remote", paramLabel = "<url>", description = "Create the registry at this Git URL (an empty repository) and push it; $AIRISK_REGISTRY is then not used.")
    String remote;

    InitCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String location = location();
        Signer signer = ctx.signer(key);
        Initialized r = ctx.initializer(registry).init(location, store, signer);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, r);
        } else {
            out.println("Initialised registry " + r.registry() + (ctx.isUrl(location) ? " (pushed)" : ""));
            out.println("store:        " + r.store());
            out.println("environments: " + String.join(" -> ", r.environments()));
            out.println("trusted key:  " + signer.keyName() + " (" + r.keyId() + "), roles: admin, publisher, releaser, approver, notifier");
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** --remote URL, else --registry or AIRISK_REGISTRY; --remote and a different --registry contradict each other. */
    private String location() {
        if (remote == null) {
            return ctx.registry(registry);
        }
        if (!ctx.isUrl(remote)) {
            throw new InvalidInput("--remote needs a Git URL, not '" + remote + "'",
                    "give file://, git://, http(s):// or ssh://...; for a registry at a path use --registry PATH");
        }
        if (registry.registry != null && !registry.registry.equals(remote)) {
            throw new InvalidInput("--remote and --registry name different registries", "give only --remote URL");
        }
        return remote;
    }
}
