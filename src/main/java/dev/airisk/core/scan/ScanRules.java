package dev.airisk.core.scan;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the policy says about scanning.
 *
 * @param extraSafe        fully qualified callables ({@code module.name}) to treat as safe besides the built-in allowlist
 * @param dangerous        the severity of a dangerous import (default critical)
 * @param unknownHighRisk  the severity of an unknown import in a model of the high risk tier (default high)
 * @param unknown          the severity of an unknown import otherwise (default medium)
 */
public record ScanRules(Set<String> extraSafe, Severity dangerous, Severity unknownHighRisk, Severity unknown) {
    public static final ScanRules DEFAULT = new ScanRules(Set.of(), Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM);

    public ScanRules {
        extraSafe = Set.copyOf(extraSafe);
    }

    /** A stable text of these rules for a model of the high risk tier or not: a stored scan is reused only under the same one. */
    public String fingerprint(boolean highRiskTier) {
        return "safe=" + String.join(",", new TreeSet<>(extraSafe)) + ";dangerous=" + dangerous.id()
                + ";unknown=" + (highRiskTier ? unknownHighRisk : unknown).id();
    }
}
