package dev.airisk.bench;

import dev.airisk.adapters.archive.CommonsContainerReader;
import dev.airisk.adapters.archive.FileModelSources;
import dev.airisk.adapters.archive.TarGzArchiveWriter;
import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.adapters.crypto.SigstoreAttestations;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.adapters.store.LocalStoreProvider;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.Releases;
import dev.airisk.core.release.Services;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Gives a model a long release history for the promote / rollback benchmark: alternating promotions
 * of two registered versions through every environment and rollbacks in the last one, in one process.
 * Usage: ReleaseHistory REGISTRY AIRISK_HOME KEY MODEL OPERATIONS (passphrase from AIRISK_KEY_PASSPHRASE).
 */
public final class ReleaseHistory {
    private ReleaseHistory() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: ReleaseHistory REGISTRY AIRISK_HOME KEY MODEL OPERATIONS");
            System.exit(2);
        }
        String model = args[3];
        int operations = Integer.parseInt(args[4]);
        Signer signer = new FileKeyring(Path.of(args[1])).unlock(args[2], System.getenv("AIRISK_KEY_PASSPHRASE").toCharArray());
        long start = System.nanoTime();
        int done = 0;
        try (Registry registry = new GitRegistryProvider().open(args[0], signer)) {
            Releases releases = new Services(registry, new YamlRegistryCodec(), new LocalStoreProvider(), new FileModelSources(), new CommonsContainerReader(),
                    new SigstoreAttestations(), new TarGzArchiveWriter(), signer, Clock.systemUTC(), 2).releases();
            ModelRef[] versions = {ModelRef.parse(model + "@1.0.0"), ModelRef.parse(model + "@1.1.0")};
            for (int round = 0; done < operations; round++) {
                ModelRef v = versions[round % 2];
                for (String env : new String[] {"dev", "staging", "prod"}) {
                    releases.promote(v, env, false, null);
                    done++;
                }
                if (round > 0) {
                    releases.rollback(model, "prod", null, "benchmark round " + round, false, null);
                    releases.promote(v, "prod", false, null);
                    done += 2;
                }
            }
        }
        System.out.printf("%d release operations on %s in %d ms%n", done, model, (System.nanoTime() - start) / 1_000_000);
    }
}
