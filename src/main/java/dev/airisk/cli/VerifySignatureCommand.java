package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Limits;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.ModelSigning.Trust;
import dev.airisk.core.port.ModelSigning.Verification;
import dev.airisk.core.port.ModelSigning.VerifyOptions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** {@code airisk verify-signature}: check a model_signing bundle against a folder or file; exit 4 when it does not hold. */
@Command(name = "verify-signature", description = "Check a model signature made by OpenSSF model_signing (v0.2 to v1.1, key or certificate mode) or by 'airisk sign' against a model's folder or file: the signature must verify with the given public key, or its certificate chain lead to the given CA certificates (and name an --identity), and the files must be exactly those signed. Exit 4 when not.",
        footerHeading = "%nExamples:%n",
        footer = {"  Check a model signed with a key:",
                "    airisk verify-signature ./bert-base --signature model.sig --public-key vendor.pub.pem",
                "  Check a model signed with a certificate from a CA, for one identity:",
                "    airisk verify-signature ./bert-base --signature model.sig --certificate-chain ca.pem --identity ml-release@vendor.example"})
final class VerifySignatureCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<path>", description = "The model's folder or file.")
    Path path;
    @Option(names = "--signature", paramLabel = "<file>", required = true, description = "The signature (a model_signing bundle, e.g. model.sig).")
    Path signature;
    @ArgGroup(exclusive = true, multiplicity = "1")
    TrustOptions trust;
    @Option(names = "--identity", paramLabel = "<identity>", arity = "1..*",
            description = "With --certificate-chain: an identity (e-mail, URI or DNS name in the signing certificate) to accept; any when none is given.")
    List<String> identities = new ArrayList<>();
    @Option(names = "--ignore-paths", paramLabel = "<path>", arity = "1..*",
            description = "Files or folders to leave out, beside those the signature records; paths outside the model are disregarded.")
    List<Path> ignorePaths = new ArrayList<>();
    @Option(names = "--no-ignore-git-paths", description = "Check .git, .gitattributes, .github and .gitignore too (unless the signature records them as ignored).")
    boolean noIgnoreGitPaths;

    static final class TrustOptions {
        @Option(names = "--public-key", paramLabel = "<pem>", required = true, arity = "1..*",
                description = "The signer's public key (PEM): EC P-256, P-384 or P-521, or Ed25519 for airisk's own keys.")
        List<Path> publicKeys;
        @Option(names = "--certificate-chain", paramLabel = "<pem>", required = true, arity = "1..*",
                description = "The CA certificates (PEM) the signer's certificate chain must lead to.")
        List<Path> certificates;
    }

    VerifySignatureCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!identities.isEmpty() && trust.certificates == null) {
            throw new InvalidInput("--identity needs --certificate-chain", "give the CA certificates with --certificate-chain, or drop --identity");
        }
        ModelSigning signing = ctx.modelSigning();
        ModelSigning.ModelFiles model = signing.files(path);
        byte[] bundle = ctx.inputs().read(signature, Limits.SIGNATURE, "a model signature");
        Trust t = trust.publicKeys != null
                ? Trust.keys(pems(trust.publicKeys, Limits.PUBLIC_KEY, "a PEM public key"))
                : Trust.certificates(pems(trust.certificates, Limits.CERTIFICATES, "PEM CA certificates"), identities);
        List<String> inside = SignaturePaths.ignored(model, path, ignorePaths, signature);
        Verification v = signing.verify(bundle, model, t, new VerifyOptions(inside, !noIgnoreGitPaths));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, json(v));
        } else {
            if (v.verified()) {
                out.println(path + ": OK (" + v.statement().resources().size() + " " + (v.statement().method().equals("shards") ? "shards" : "files")
                        + ", root sha256:" + v.statement().rootDigest() + ", signed by "
                        + (v.identities().isEmpty() ? "key " + v.keyId() : String.join(", ", v.identities())) + ")");
            } else {
                out.println(path + ": FAILED");
                v.problems().forEach(p -> out.println("  " + p));
            }
            out.flush();
        }
        if (!v.verified()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("airisk: error: " + path + ": " + String.join("; ", v.problems())
                    + " (do not use these files; ask the signer for the model as signed)");
            err.flush();
            return ExitCodes.INTEGRITY;
        }
        return ExitCodes.OK;
    }

    private List<String> pems(List<Path> files, Limits limit, String what) {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            out.add(new String(ctx.inputs().read(f, limit, what), StandardCharsets.UTF_8));
        }
        return out;
    }

    private Map<String, Object> json(Verification v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path.toString());
        m.put("signature", signature.toString());
        m.put("verified", v.verified());
        m.put("problems", v.problems());
        m.put("key_id", v.keyId());
        m.put("identities", v.identities());
        ModelSigning.Statement s = v.statement();
        if (s == null) {
            m.put("statement", null);
        } else {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("predicate_type", s.predicateType());
            st.put("subject", s.subjectName());
            st.put("root_digest", s.rootDigest().hex());
            st.put("method", s.method());
            st.put("hash_type", s.hashType());
            if (s.method().equals("shards")) {
                st.put("shard_size", s.shardSize());
            }
            st.put("allow_symlinks", s.allowSymlinks());
            st.put("ignore_paths", s.ignorePaths());
            st.put("resources", s.resources().size());
            m.put("statement", st);
        }
        return m;
    }
}
