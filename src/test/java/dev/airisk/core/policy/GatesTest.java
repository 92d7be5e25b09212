package dev.airisk.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.RiskTier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatesTest {

    private static List<String> ids(GateReport report) {
        return report.results().stream().map(GateResult::gate).toList();
    }

    private static Policy.TierRules metricsRule(String metric, String threshold) {
        return new Policy.TierRules(null, List.of(Threshold.parse(metric, threshold)), null, false, null, null);
    }

    @Test
    void builtIn_isEveryGateOfThePolicyInOrder() {
        List<Gate> gates = Gates.builtIn();
        assertEquals(Policy.GATES, gates.stream().map(Gate::id).toList());
        gates.forEach(g -> assertFalse(g.description().isBlank(), g.id()));
        assertEquals(List.of("integrity", "scan", "pinned-dependencies"), gates.stream().filter(Gate::needsStore).map(Gate::id).toList());
    }

    @Test
    void run_defaultInput_everyGatePassesOnOneLine() {
        GateReport report = Gates.run(new TestInput().file("requirements.txt", "torch==2.1.0\n").build(), true);
        assertEquals(Policy.GATES, ids(report));
        for (GateResult r : report.results()) {
            assertEquals(GateResult.Result.PASS, r.result(), r.toString());
            assertFalse(r.message().isBlank() || r.message().contains("\n"), r.toString());
        }
        assertTrue(report.allowed());
        assertEquals(List.of(), report.failures());
        assertEquals("allowed: 19 gates passed", report.summary());
    }

    @Test
    void run_failingGates_areNamedInTheSummary() {
        TestInput t = new TestInput();
        t.tiers.put(RiskTier.HIGH, new Policy.TierRules(null, List.of(Threshold.parse("accuracy", ">= 0.95")), null, false,
                Map.of("prod", Map.of("risk-committee", 1)), null));
        GateReport report = Gates.run(t.build(), true);
        assertFalse(report.allowed());
        assertEquals(List.of("metrics", "approvals"), report.failures().stream().map(GateResult::gate).toList());
        assertEquals("denied by metrics, approvals", report.summary());
        report.failures().forEach(f -> assertNotNull(f.fix(), f.gate()));
    }

    @Test
    void run_modeOff_skipsTheGate() {
        TestInput t = new TestInput().tierRules(metricsRule("accuracy", ">= 0.99"));
        t.modes.put("metrics", Policy.GateMode.OFF);
        GateReport report = Gates.run(t.build(), true);
        assertFalse(ids(report).contains("metrics"));
        assertEquals(18, report.results().size());
        assertTrue(report.allowed());
    }

    @Test
    void run_modeWarn_downgradesAFailureToAWarning() {
        TestInput t = new TestInput().tierRules(metricsRule("accuracy", ">= 0.99"));
        t.modes.put("metrics", Policy.GateMode.WARN);
        GateReport report = Gates.run(t.build(), true);
        GateResult metrics = report.results().get(Policy.GATES.indexOf("metrics"));
        assertEquals(GateResult.Result.WARN, metrics.result());
        assertEquals("accuracy 0.93 (needs >= 0.99)", metrics.message());
        assertTrue(report.allowed());
        assertEquals(List.of(metrics), report.warnings());
        assertEquals("allowed with warnings from metrics", report.summary());
    }

    @Test
    void run_modeWarn_leavesAPassAlone() {
        TestInput t = new TestInput();
        t.modes.put("tier", Policy.GateMode.WARN);
        assertEquals(GateResult.Result.PASS, Gates.run(t.build(), true).results().get(0).result());
    }

    @Test
    void run_aTiersOwnMode_winsOverTheTopLevelModeForThatTierOnly() {
        TestInput t = new TestInput();
        t.codeCommit = null;
        t.modes.put("pinned-dependencies", Policy.GateMode.WARN);
        t.file("requirements.txt", "torch>=2\n");
        t.tiers.put(RiskTier.MINIMAL, new Policy.TierRules(null, null, null, false, null, null,
                Map.of("lineage", Policy.GateMode.OFF)));
        t.tiers.put(RiskTier.HIGH, new Policy.TierRules(null, null, null, false, null, null,
                Map.of("pinned-dependencies", Policy.GateMode.ENFORCE, "lineage", Policy.GateMode.WARN)));

        GateReport high = Gates.run(t.build(), true);
        assertEquals(List.of("pinned-dependencies"), high.failures().stream().map(GateResult::gate).toList());
        assertEquals(List.of("lineage"), high.warnings().stream().map(GateResult::gate).toList());

        t.riskTier = RiskTier.MINIMAL;
        GateReport minimal = Gates.run(t.build(), true);
        assertFalse(ids(minimal).contains("lineage"));
        assertEquals("allowed with warnings from pinned-dependencies", minimal.summary());

        t.riskTier = RiskTier.LIMITED;
        assertEquals("denied by lineage", Gates.run(t.build(), true).summary());
    }

    @Test
    void run_unacceptableTier_isEnforcedWhateverItsMode() {
        for (Policy.GateMode mode : Policy.GateMode.values()) {
            TestInput t = new TestInput();
            t.riskTier = RiskTier.UNACCEPTABLE;
            t.modes.put("tier", mode);
            GateReport report = Gates.run(t.build(), true);
            assertEquals("denied by tier", report.summary(), mode.id());
        }
    }

    @Test
    void run_withoutStore_skipsTheGatesThatReadTheArtifact() {
        TestInput t = new TestInput().file("requirements.txt", "torch>=2\n");
        t.integrityProblems.add("model.bin: missing from the store");
        t.withArtifact = false;
        GateReport report = Gates.run(t.build(), false);
        assertFalse(ids(report).contains("integrity"));
        assertFalse(ids(report).contains("pinned-dependencies"));
        assertEquals(16, report.results().size());
        assertTrue(report.allowed());
    }

    @Test
    void run_withStore_butNoArtifact_isABugThatPropagates() {
        TestInput t = new TestInput();
        t.withArtifact = false;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Gates.run(t.build(), true));
        assertEquals("gate 'integrity' reads the artifact but the input has none; run it with the store", e.getMessage());
    }

    @Test
    void run_gateThrowingAnUnexpectedException_propagates() {
        TestInput t = new TestInput().file("requirements.txt", "torch==2.1.0\n");
        IllegalStateException boom = new IllegalStateException("boom");
        t.readFailure = boom;
        assertSame(boom, assertThrows(IllegalStateException.class, () -> Gates.run(t.build(), true)));
    }

    @Test
    void run_gateThrowingAnAiriskException_failsThatGateWithItsMessageAndFix() {
        TestInput t = new TestInput().file("requirements.txt", "torch==2.1.0\n");
        t.readFailure = new AiriskException.IntegrityFailure("requirements.txt does not match its digest", "run 'airisk verify churn@1.4.0'");
        GateReport report = Gates.run(t.build(), true);
        GateResult r = report.results().get(Policy.GATES.indexOf("pinned-dependencies"));
        assertEquals(GateResult.fail("pinned-dependencies", "requirements.txt does not match its digest", "run 'airisk verify churn@1.4.0'"), r);
        assertEquals("denied by pinned-dependencies", report.summary());
    }

    @Test
    void run_storeUnavailable_propagatesSoTheCallerCanRetry() {
        TestInput t = new TestInput().file("requirements.txt", "torch==2.1.0\n");
        t.readFailure = new AiriskException.Unavailable("the store is unreachable", "retry", null);
        assertThrows(AiriskException.Unavailable.class, () -> Gates.run(t.build(), true));
    }

    @Test
    void report_withNoResults_isAllowed() {
        GateReport report = new GateReport(List.of());
        assertTrue(report.allowed());
        assertEquals("allowed: no gates ran", report.summary());
    }

    @Test
    void riskTier_isTheVersionsOwn_elseTheModels() {
        TestInput t = new TestInput();
        t.riskTier = RiskTier.LIMITED;
        assertEquals(RiskTier.LIMITED, Gates.riskTier(t.build()));
        t.riskTier = null;
        assertEquals(RiskTier.HIGH, Gates.riskTier(t.build()));
        t.modelTier = null;
        assertEquals(null, Gates.riskTier(t.build()));
    }
}
