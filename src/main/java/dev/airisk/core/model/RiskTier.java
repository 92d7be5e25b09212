package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** EU AI Act risk tiers. */
public enum RiskTier {
    MINIMAL, LIMITED, HIGH, UNACCEPTABLE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String choices() {
        return Arrays.stream(values()).map(RiskTier::id).collect(Collectors.joining(", "));
    }

    public static RiskTier parse(String text) {
        for (RiskTier t : values()) {
            if (t.id().equals(text)) {
                return t;
            }
        }
        throw new InvalidInput("risk_tier '" + text + "' is not one of " + choices(), "use one of " + choices());
    }

    @Override
    public String toString() {
        return id();
    }
}
