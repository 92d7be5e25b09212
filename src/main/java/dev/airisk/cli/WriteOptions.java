package dev.airisk.cli;

import dev.airisk.core.port.Signer;
import dev.airisk.core.release.Services;
import picocli.CommandLine.Mixin;

/**
 * What every command that writes to the registry with a signing key takes: {@code --help}, the
 * registry's options and the key's, and the registry opened with that key.
 */
final class WriteOptions {
    private final Context ctx;
    @Mixin HelpOption help;
    @Mixin RegistryOptions registry;
    @Mixin KeyOptions key;

    WriteOptions(Context ctx) {
        this.ctx = ctx;
    }

    /** The use-cases over the registry, writing with the acting key (its passphrase asked for now, unlocked in the background). */
    Services services() {
        return ctx.services(registry, signer());
    }

    /** The acting key, unlocking in the background. */
    Signer signer() {
        return ctx.signer(key);
    }

    /** The acting key's name. */
    String keyName() {
        return ctx.keyName(key);
    }
}
