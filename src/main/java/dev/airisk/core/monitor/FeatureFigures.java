package dev.airisk.core.monitor;

import java.util.Objects;

/**
 * What an evaluation measured of one input feature.
 *
 * @param name             the feature
 * @param psi              its PSI against the baseline profile, or null when the profile has no bins for it
 *                         (every baseline value was null) or the predictions have no value of it
 * @param nullRate         the share of prediction rows without a value of it
 * @param schemaViolations the rows whose value breaks the input schema's rule for it
 */
public record FeatureFigures(String name, Double psi, double nullRate, long schemaViolations) {
    public FeatureFigures {
        Objects.requireNonNull(name, "name");
    }
}
