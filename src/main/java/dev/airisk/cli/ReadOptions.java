package dev.airisk.cli;

import dev.airisk.core.release.Services;
import picocli.CommandLine.Mixin;

/** What every command that only reads the registry takes: {@code --help}, the registry's options, and the registry opened for reading. */
final class ReadOptions {
    private final Context ctx;
    @Mixin HelpOption help;
    @Mixin RegistryOptions registry;

    ReadOptions(Context ctx) {
        this.ctx = ctx;
    }

    /** The use-cases over the registry, read-only, every read verified from this host's trust anchor. */
    Services services() {
        return ctx.services(registry, null);
    }

    /** As {@link #services()}, checking every signature afresh rather than trusting this host's memory of checks that passed. */
    Services servicesCheckingAfresh() {
        ctx.checkSignaturesAfresh();
        return ctx.services(registry, null);
    }
}
