package dev.airisk.cli;

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
@Command(name = "init", description = "Create a registry (a bare Git repository) and its local store; the acting key is trusted with every role.")
final class InitCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin RegistryOptions registry;
    @Mixin KeyOptions key;
    @Mixin OutputOptions output;
    @Option(names = "--store", paramLabel = "<dir>", description = "Folder of the content-addressed store. Default: the registry path with '.store' appended.")
    String store;

    InitCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String location = ctx.registry(registry);
        Signer signer = ctx.signer(key);
        Initialized r = ctx.initializer().init(location, store, signer);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, r);
        } else {
            out.println("Initialised registry " + r.registry());
            out.println("store:        " + r.store());
            out.println("environments: " + String.join(" -> ", r.environments()));
            out.println("trusted key:  " + signer.keyName() + " (" + r.keyId() + "), roles: admin, publisher, releaser, approver, notifier");
            out.flush();
        }
        return ExitCodes.OK;
    }
}
