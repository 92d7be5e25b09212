package dev.airisk.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.policy.Policy.AttachmentRule;
import dev.airisk.core.policy.Policy.ChecklistItem;
import dev.airisk.core.policy.Policy.EnvironmentRules;
import dev.airisk.core.policy.Policy.FreezeWindow;
import dev.airisk.core.policy.Policy.GateMode;
import dev.airisk.core.policy.Policy.Notices;
import dev.airisk.core.policy.Policy.TierRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The policy's records refuse what policy.yaml may not say, whoever builds them. */
class PolicyRulesTest {
    private static final Instant T = Instant.parse("2026-12-20T00:00:00Z");

    private static String refused(Executable construction) {
        return assertThrows(InvalidInput.class, construction).oneLine();
    }

    @Test
    void theGateIds_areTheIdsTheBuiltInGatesDeclare_inTheirOrder() {
        assertEquals(Gates.builtIn().stream().map(Gate::id).toList(), Policy.GATES);
        assertEquals(Policy.GATES.subList(1, Policy.GATES.size()), Policy.TIER_GATES);
        assertEquals("unknown gate 'typo' (use one of " + String.join(", ", Policy.GATES) + ")",
                refused(() -> new Policy(Map.of("typo", GateMode.OFF), null, null, null, null, null)));
        assertEquals("gate 'tier' cannot be set per risk tier (set it under the top-level 'gates:')",
                refused(() -> new TierRules(null, null, null, false, null, null, Map.of("tier", GateMode.OFF))));
    }

    @Test
    void aFreeze_endsAfterItStarts() {
        assertEquals("freeze until 2026-12-20T00:00:00Z is not after its start 2026-12-20T00:00:00Z "
                + "(a freeze ends after it starts; swap the two or fix the dates)", refused(() -> new FreezeWindow(T, T, null, null)));
        assertEquals(T, new FreezeWindow(T.minusSeconds(1), T, null, null).until());
    }

    @Test
    void anAttachmentRule_hasAnIdKind_andAKnownCondition() {
        assertEquals("attachment condition 'process_pii' is not one of processes_pii, high_stakes, vendor",
                refused(() -> new AttachmentRule("dpia", "process_pii", null)));
        assertEquals("attachment kind 'Bias Audit' is not 1-64 lower-case letters, digits or '-', starting with a letter or digit",
                refused(() -> new AttachmentRule("Bias Audit", null, null)));
        assertEquals("vendor", new AttachmentRule("dpia", "vendor", List.of("prod")).when());
    }

    @Test
    void aChecklistItem_hasAnId() {
        assertEquals("checklist item id 'Risk Management' is not 1-64 lower-case letters, digits or '-', starting with a "
                + "letter or digit", refused(() -> new ChecklistItem("Risk Management", "x")));
    }

    @Test
    void durations_areAboveZero_andAtMost100Years() {
        assertEquals("min_soak 0s is not longer than zero", refused(() -> new EnvironmentRules(Duration.ZERO, null, null)));
        assertEquals("rollback_sla 36526d is longer than 100 years",
                refused(() -> new TierRules(null, null, null, false, null, Duration.ofDays(36_526))));
        assertEquals("lease PT-1M is not longer than zero", refused(() -> new Notices(List.of(), Duration.ofMinutes(1),
                Duration.ofDays(1), Duration.ofMinutes(-1), Duration.ofDays(1))));
        assertEquals("reminder 0s is not longer than zero", refused(() -> new Notices(List.of(Duration.ZERO),
                Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofDays(1))));
        assertEquals(Policy.LONGEST, new EnvironmentRules(Policy.LONGEST, null, null).minSoak());
    }

    @Test
    void approvals_nameRoles_andAskOneTo1000OfEach() {
        assertEquals("role 'Risk Committee' is not a role name (1-32 lower-case letters, digits or '-', starting with a letter)",
                refused(() -> new TierRules(null, null, null, false, Map.of("prod", Map.of("Risk Committee", 1)), null)));
        assertEquals("'0' is not a number of approvals (1 to 1000) (remove the role to require no approval from it)",
                refused(() -> new TierRules(null, null, null, false, Map.of("prod", Map.of("peer-review", 0)), null)));
        assertEquals(Map.of("peer-review", 1000),
                new TierRules(null, null, null, false, Map.of("prod", Map.of("peer-review", 1000)), null).approvalsFor("prod"));
    }
}
