package dev.airisk.core.scan;

import java.util.Set;

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
}
