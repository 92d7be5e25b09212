package dev.airisk.core.port;

import dev.airisk.core.monitor.Profile;

/** A baseline profile's canonical JSON bytes (docs/formats.md, "Baseline profile"). */
public interface ProfileCodec {

    /** The canonical JSON: keys in a fixed order, no insignificant white space, numbers as shortest round-trip decimals. */
    byte[] write(Profile profile);

    /** The profile in {@code bytes}; InvalidInput naming {@code name} when they are not one. */
    Profile read(byte[] bytes, String name);
}
