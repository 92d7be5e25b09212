package dev.airisk.cli;

import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.ModelSigning.SignOptions;
import dev.airisk.core.port.ModelSigning.Signed;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk sign}: a model_signing bundle for a folder or a file, as {@code model_signing sign key} writes it. */
@Command(name = "sign", description = "Sign a model folder or file as OpenSSF model_signing's 'sign key' does: every file's SHA-256 in a DSSE-signed in-toto statement inside a Sigstore bundle, which 'model_signing verify key' and 'airisk verify-signature' check. Git files (.git, .gitattributes, .github, .gitignore) and the signature file itself are left out and recorded as ignored. No registry needed.",
        footerHeading = "%nExamples:%n",
        footer = {"  Sign a Hugging Face clone with the default key, into ./model.sig:",
                "    airisk sign ./bert-base",
                "  Sign with another key, leaving out a folder of notes, the signature inside the model:",
                "    airisk sign ./bert-base --key release --ignore-paths ./bert-base/notes --signature ./bert-base/model.sig"})
final class SignCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin KeyOptions keyOptions;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<path>", description = "The model's folder or file.")
    Path path;
    @Option(names = "--signature", paramLabel = "<file>", defaultValue = "model.sig",
            description = "Where to write the signature (default: ${DEFAULT-VALUE} in the working directory). Left out of the signed files when it lies inside the model.")
    Path signature;
    @Option(names = "--ignore-paths", paramLabel = "<path>", arity = "1..*",
            description = "Files or folders to leave out (recorded in the signature); paths outside the model are disregarded.")
    List<Path> ignorePaths = new ArrayList<>();
    @Option(names = "--no-ignore-git-paths", description = "Sign .git, .gitattributes, .github and .gitignore too.")
    boolean noIgnoreGitPaths;
    @Option(names = "--allow-symlinks", description = "Follow symlinks to files (recorded as allowed); without it a symlink is refused.")
    boolean allowSymlinks;

    SignCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ModelSigning signing = ctx.modelSigning();
        ModelSigning.ModelFiles model = signing.files(path);
        List<String> inside = SignaturePaths.ignored(model, path, ignorePaths, signature);
        Signer signer = ctx.signer(keyOptions);
        Signed signed = signing.sign(model, signer, new SignOptions(null, inside, !noIgnoreGitPaths, allowSymlinks));
        write(signed.bundle());
        if (signer.keyType().equals("ed25519")) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("airisk: warning: " + signer.keyName() + " is an Ed25519 key: airisk verifies its signature, "
                    + "OpenSSF model_signing does not (it takes EC keys only; sign with an ecdsa-p256, -p384 or -p521 key for it)");
            err.flush();
        }
        ModelSigning.Statement s = signed.statement();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path.toString());
            m.put("signature", signature.toString());
            m.put("key", signer.keyName());
            m.put("key_id", signer.keyId());
            m.put("certificate", !signer.certificateChainPem().isEmpty());
            m.put("subject", s.subjectName());
            m.put("root_digest", s.rootDigest().hex());
            m.put("files", s.resources().size());
            m.put("allow_symlinks", s.allowSymlinks());
            m.put("ignore_paths", s.ignorePaths());
            Json.print(out, m);
        } else {
            out.println("signed " + path + ": " + s.resources().size() + " file" + (s.resources().size() == 1 ? "" : "s")
                    + ", root sha256:" + s.rootDigest() + ", key " + signer.keyName() + " (" + signer.keyId().substring(0, 12) + ")");
            out.println("signature: " + signature);
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** Writes the bundle to a temporary file beside the signature, then moves it into place. */
    private void write(byte[] bundle) {
        Path target = signature.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.write(tmp, bundle);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // the original failure is what matters
            }
            throw new Unavailable("cannot write " + signature + ": " + IoErrors.describe(e), "check that its folder exists and is writable", e);
        }
    }
}
