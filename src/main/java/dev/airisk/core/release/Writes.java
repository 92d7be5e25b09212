package dev.airisk.core.release;

import dev.airisk.core.port.Change;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.Snapshot;
import java.util.function.Function;

/**
 * One registry write, or its dry run: the dry run applies the same operation to the head (every check
 * it makes, in the same order, with the same errors) and, where the real run would sign a commit,
 * unlocks the key instead (a wrong passphrase fails as it would), then writes nothing.
 */
final class Writes {
    private Writes() {
    }

    static <T> Registry.Committed<T> update(Registry registry, Signer signer, boolean dryRun, Function<Snapshot, Change<T>> op) {
        if (!dryRun) {
            return registry.update(op);
        }
        Change<T> change = op.apply(registry.head());
        if (!change.isEmpty()) {
            signer.ready();
        }
        return new Registry.Committed<>(change.result(), null);
    }
}
