package dev.airisk.core.scan;

import dev.airisk.core.AiriskException.InvalidInput;
import java.util.Locale;

/** How bad a finding is, lowest first. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.id().equals(text)) {
                return s;
            }
        }
        throw new InvalidInput("severity '" + text + "' is not one of low, medium, high, critical", "use one of low, medium, high, critical");
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
