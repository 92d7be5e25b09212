package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Limits;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Version;
import dev.airisk.core.release.Bytes;
import dev.airisk.core.release.RegisterRequest;
import dev.airisk.core.release.Registration;
import dev.airisk.core.scan.Finding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk register}: store, sign and record a model version. */
@Command(name = "register", description = "Store a model's files (a file, a folder, or a .tar/.tar.gz/.tgz/.zip archive), sign its manifest and record the version.",
        footerHeading = "%nExamples:%n",
        footer = {"  Register a folder, its metadata from META.yaml:",
                "    airisk register ./model --model churn --version 1.4.0 --meta META.yaml",
                "  Register an archive derived from 1.4.0, with a metric:",
                "    airisk register churn.tar.gz --model churn --version 1.4.1 --meta META.yaml --base churn@1.4.0 --metric auc=0.91",
                "  Register a supplier's model with the supplier's model_signing signature (vendor 'acme' in policy.yaml):",
                "    airisk register ./acme-ner --model acme-ner --version 2.1.0 --meta META.yaml --signature acme-ner.sig --vendor acme"})
final class RegisterCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<path>", description = "The model: a file, a folder, or an archive. Git files (.git, .gitattributes, .github, .gitignore) and a model.sig at its top are left out, as OpenSSF model_signing leaves them out.")
    Path path;
    @Option(names = "--model", required = true, paramLabel = "<name>", description = "Model name.")
    String model;
    @Option(names = "--version", required = true, paramLabel = "<semver>", description = "Version (semantic versioning, e.g. 1.4.0).")
    Version version;
    @Option(names = "--meta", paramLabel = "<META.yaml>", description = "Metadata: owner, risk_tier, intended_use, datasets, metrics, ...")
    Path meta;
    @Option(names = "--dataset", paramLabel = "<name@ver=sha256:hex>", description = "A dataset the model was trained on (repeatable).")
    List<DatasetRef> datasets = new ArrayList<>();
    @Option(names = "--base", paramLabel = "<model@ver>", description = "A model this one was derived from (repeatable).")
    List<ModelRef> bases = new ArrayList<>();
    @Option(names = "--code-commit", paramLabel = "<sha>", description = "The commit of the training code.")
    String codeCommit;
    @Option(names = "--metric", paramLabel = "<key=number>", description = "An evaluation metric (repeatable).")
    List<String> metrics = new ArrayList<>();
    @Option(names = "--scan-enforce", description = "Refuse the model when the scan finds anything critical (default: warn, unless the policy's scan.register is enforce).")
    boolean scanEnforce;
    @ArgGroup(exclusive = false)
    VendorOptions vendor;

    static final class VendorOptions {
        @Option(names = "--signature", required = true, paramLabel = "<file>",
                description = "With --vendor: the supplier's signature of the model (an OpenSSF model_signing bundle), checked against the files and the vendor's keys or CA and identities in policy.yaml, and kept as the version's vendor.sig.")
        Path signature;
        @Option(names = "--vendor", required = true, paramLabel = "<name>",
                description = "With --signature: the vendor, as policy.yaml lists it under vendors:; the version is recorded with source: vendor.")
        String name;
    }

    RegisterCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.requireModelPath(path);
        ModelRef ref = new ModelRef(model, version);
        RegisterRequest.Meta metaYaml = meta == null ? null
                : new RegisterRequest.Meta(String.valueOf(meta.getFileName()), ctx.inputs().read(meta, Limits.METADATA, "a META.yaml file"));
        RegisterRequest req = new RegisterRequest(path, ref, metaYaml,
                datasets,
                bases,
                codeCommit == null ? null : codeCommit.toLowerCase(Locale.ROOT), parseMetrics(metrics), scanEnforce,
                vendor == null ? null : new RegisterRequest.VendorSignature(vendor.name, String.valueOf(vendor.signature),
                        ctx.inputs().read(vendor.signature, Limits.SIGNATURE, "a model signature")));
        Registration r = write.services().registrar().register(req);
        PrintWriter out = spec.commandLine().getOut();
        warn(spec.commandLine().getErr(), r.scanFindings(), path);
        if (output.json()) {
            Json.print(out, VersionOutput.Registered.of(r));
        } else {
            if (r.alreadyRegistered()) {
                out.println(r.ref() + " is already registered with the same content; nothing changed");
            } else {
                out.println("Registered " + r.ref() + ": " + r.files().size() + " files, " + Bytes.human(r.totalBytes()));
            }
            out.println("root digest: sha256:" + r.rootDigest());
            if (r.vendor() != null) {
                out.println("vendor:      " + r.vendor().name() + " (signature verified, signed by " + r.vendor().signer() + ")");
            }
            if (!r.alreadyRegistered()) {
                out.println("signed by:   " + r.registeredBy());
                out.println("commit:      " + r.commit());
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** Scan findings as warnings on stderr: the first ten, then how many more and how to see them. */
    private static void warn(PrintWriter err, List<Finding> findings, Path path) {
        int shown = 0;
        for (Finding f : findings) {
            if (shown++ == 10) {
                err.println("airisk: warning: and " + (findings.size() - 10) + " more scan findings (run 'airisk scan " + path + "')");
                break;
            }
            err.println("airisk: warning: scan: " + f.severity().id() + " " + f.rule() + " in " + f.path() + ": " + f.message());
        }
        err.flush();
    }

    static Map<String, Double> parseMetrics(List<String> items) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new InvalidInput("metric '" + item + "' is not KEY=NUMBER", "e.g. --metric accuracy=0.93");
            }
            String k = item.substring(0, eq).trim();
            try {
                double v = Double.parseDouble(item.substring(eq + 1).trim());
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw new NumberFormatException();
                }
                out.put(k, v);
            } catch (NumberFormatException e) {
                throw new InvalidInput("metric " + k + " has value '" + item.substring(eq + 1) + "', which is not a number",
                        "e.g. --metric " + k + "=0.93");
            }
        }
        return out;
    }
}
