package dev.airisk.cli;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Version;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.RegisterRequest;
import dev.airisk.core.release.ReleaseResult;
import dev.airisk.core.release.Services;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One writer process of {@link RemoteConcurrencyTest}: performs OPS operations on a registry at a URL
 * through the real use-cases and adapters, each as a command would (a new context and a freshly opened
 * registry per operation); only the acting key is unlocked once for the whole run. Operation i
 * registers {@code shared@<writer>.<i/2>.0} when i is even and promotes it to dev when i is odd.
 * Prints one line per operation: {@code ok OP REF COMMIT} or {@code failed OP REF EXIT-CODE MESSAGE}.
 *
 * <p>Arguments: AIRISK_HOME, registry URL, writer number (1..), number of operations, model folder, META.yaml.
 */
public final class RemoteWriter {
    private RemoteWriter() {
    }

    public static void main(String[] args) {
        Map<String, String> env = Map.of(Context.HOME, args[0], Context.REGISTRY, args[1], Context.PASSPHRASE, Harness.PASS);
        int writer = Integer.parseInt(args[2]);
        int ops = Integer.parseInt(args[3]);
        Path model = Path.of(args[4]);
        Path meta = Path.of(args[5]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Signer signer;
        try (Context ctx = new Context(env, null)) {
            signer = ctx.signer(new KeyOptions());
            signer.ready();
        }
        RegistryOptions registry = new RegistryOptions();
        for (int i = 0; i < ops; i++) {
            boolean register = i % 2 == 0;
            String op = register ? "register" : "promote";
            ModelRef ref = new ModelRef("shared", Version.parse(writer + "." + (i / 2) + ".0"));
            try (Context ctx = new Context(env, null)) {
                Services services = ctx.services(registry, signer);
                String commit;
                if (register) {
                    commit = services.registrar().register(new RegisterRequest(model, ref, meta, List.of(), List.of(), null, Map.of())).commit();
                } else {
                    ReleaseResult r = services.releases().promote(ref, "dev", false, null);
                    if (!r.allowed()) {
                        out.println("failed " + op + " " + ref + " " + ExitCodes.POLICY_DENIED + " gates denied");
                        continue;
                    }
                    commit = r.commit();
                }
                out.println("ok " + op + " " + ref + " " + commit);
            } catch (RuntimeException e) {
                out.println("failed " + op + " " + ref + " " + ExitCodes.of(e) + " " + e.getMessage());
            }
        }
    }
}
