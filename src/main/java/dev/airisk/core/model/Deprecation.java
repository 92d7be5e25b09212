package dev.airisk.core.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A deprecated version, from {@code models/<name>/deprecations.yaml}: it is retired from the start of
 * {@code retireOn} (00:00 UTC) on, and can then no longer be promoted, canaried or pulled.
 *
 * @param version     the deprecated version
 * @param retireOn    the retirement date (UTC)
 * @param replacement what to use instead, or null
 * @param reason      why
 * @param at          when it was deprecated
 * @param by          the key id that deprecated it
 */
public record Deprecation(Version version, LocalDate retireOn, ModelRef replacement, String reason, Instant at, String by) {
    public Deprecation {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(retireOn, "retireOn");
    }

    /** 00:00 UTC on the retirement date. */
    public Instant retiresAt() {
        return retireOn.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean retired(Instant now) {
        return !now.isBefore(retiresAt());
    }
}
