package dev.airisk.core.monitor;

import java.util.Objects;

/**
 * One threshold a monitoring evaluation broke.
 *
 * @param check   the check's id, one of {@link Check}'s ids ({@code feature-psi}, {@code score-psi}...)
 * @param feature the feature it concerns, or null when the check is not per feature
 * @param value   the figure measured
 * @param limit   the threshold it broke (a maximum, or a minimum for {@code accuracy}, {@code auc} and {@code min-rows})
 */
public record Breach(String check, String feature, double value, double limit) {
    public Breach {
        Objects.requireNonNull(check, "check");
    }

    public Breach(Check check, String feature, double value, double limit) {
        this(check.id(), feature, value, limit);
    }
}
