package dev.airisk.adapters.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.scan.Severity;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code scan:} section of policy.yaml. */
class PolicyScanYamlTest {
    private final YamlRegistryCodec codec = new YamlRegistryCodec();

    private Policy read(String yaml) {
        return codec.readPolicy(yaml.getBytes(StandardCharsets.UTF_8), "policy.yaml", RegistrySettings.DEFAULT_ENVIRONMENTS);
    }

    @Test
    void absent_givesTheDefaults() {
        assertEquals(Policy.Scanning.DEFAULT, read("gates: {}\n").scanning());
    }

    @Test
    void everySetting_isRead() {
        Policy.Scanning s = read("""
                scan:
                  fail_on: medium
                  safe_callables: [mylib.layers.Dense, mylib.norm.RMSNorm]
                  severity: {dangerous: critical, unknown: high, unknown_high_risk: critical}
                  register: enforce
                """).scanning();
        assertEquals(new Policy.Scanning(Severity.MEDIUM, Set.of("mylib.layers.Dense", "mylib.norm.RMSNorm"), Severity.CRITICAL,
                Severity.HIGH, Severity.CRITICAL, true), s);
        assertEquals(Set.of("mylib.layers.Dense", "mylib.norm.RMSNorm"), s.rules().extraSafe());
    }

    @Test
    void badValues_nameTheLine() {
        assertEquals("policy.yaml: line 2: scan.fail_on 'severe' is not one of low, medium, high, critical",
                assertThrows(InvalidInput.class, () -> read("scan:\n  fail_on: severe\n")).getMessage());
        assertEquals("policy.yaml: line 2: scan.safe_callables[0] 'Dense' is not a module.name callable",
                assertThrows(InvalidInput.class, () -> read("scan:\n  safe_callables: [Dense]\n")).getMessage());
        assertEquals("policy.yaml: line 2: scan.register 'block' is not one of warn, enforce",
                assertThrows(InvalidInput.class, () -> read("scan:\n  register: block\n")).getMessage());
    }
}
