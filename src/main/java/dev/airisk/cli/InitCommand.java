package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.StoreSettings;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.Initializer.Initialized;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airisk init}: a new registry whose acting key holds every role. */
@Command(name = "init", description = {"Create a registry (a bare Git repository) and its store (a local folder or an S3 bucket); the acting key is trusted with every role.",
        "With --remote URL (or --registry URL), the registry's first commit is pushed to that Git repository, which must have no main branch yet; --store is then required."})
final class InitCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Option(names = "--store", paramLabel = "<dir|s3-url>", description = "The content-addressed store: a folder, or s3://BUCKET/PREFIX. Default: the registry path with '.store' appended (none for a registry at a URL).")
    String store;
    @Option(names = "--remote", paramLabel = "<url>", description = "Create the registry at this Git URL (an empty repository) and push it; $AIRISK_REGISTRY is then not used.")
    String remote;
    @Option(names = "--s3-endpoint", paramLabel = "<url>", description = "Endpoint of an S3-compatible server (MinIO, Ceph, S3Proxy), recorded in registry.yaml. Default: AWS S3, or $AWS_ENDPOINT_URL_S3.")
    String s3Endpoint;
    @Option(names = "--s3-path-style", description = "Address the bucket in the path (endpoint/bucket/key), as most S3-compatible servers need; recorded in registry.yaml.")
    boolean s3PathStyle;
    @Option(names = "--s3-retention", paramLabel = "<duration>", description = "Keep every new blob under S3 Object Lock (compliance mode) this long, e.g. 365d; the bucket needs Object Lock enabled.")
    Duration s3Retention;

    InitCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String location = location();
        Signer signer = write.signer();
        boolean s3 = store != null && store.regionMatches(true, 0, "s3://", 0, 5);
        if (!s3 && (s3Endpoint != null || s3PathStyle || s3Retention != null)) {
            throw new InvalidInput("--s3-endpoint, --s3-path-style and --s3-retention need an S3 store",
                    "pass --store s3://BUCKET/PREFIX as well");
        }
        StoreSettings settings = new StoreSettings(s3Endpoint, s3PathStyle, s3Retention);
        Initialized r = ctx.initializer(write.registry).init(location, store, settings, signer);
        ctx.anchorCreated(r.registry(), r.commit());
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, VersionOutput.Initialized.of(r));
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
            return ctx.registry(write.registry);
        }
        if (!ctx.isUrl(remote)) {
            throw new InvalidInput("--remote needs a Git URL, not '" + remote + "'",
                    "give file://, git://, http(s):// or ssh://...; for a registry at a path use --registry PATH");
        }
        if (write.registry.registry != null && !write.registry.registry.equals(remote)) {
            throw new InvalidInput("--remote and --registry name different registries", "give only --remote URL");
        }
        return remote;
    }
}
