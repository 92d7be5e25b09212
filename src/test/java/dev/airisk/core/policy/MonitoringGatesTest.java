package dev.airisk.core.policy;

import static dev.airisk.core.policy.TestInput.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The halt and evaluation gates, on monitoring records of the version in the previous environment. */
class MonitoringGatesTest {
    static MonitoringRecord evaluation(String env, Instant at, boolean healthy, String action) {
        return new MonitoringRecord("evaluations/" + env + "/" + at.getEpochSecond() + ".json", "k", MonitoringRecord.Kind.EVALUATION, env,
                at, healthy, healthy ? "none" : action, healthy ? "" : "feature-psi age 0.4 (limit 0.2)");
    }

    static MonitoringRecord override(String env, Instant at) {
        return new MonitoringRecord("overrides/" + env + "/o.json", "k", MonitoringRecord.Kind.OVERRIDE, env, at, true, "override",
                "RISK-1");
    }

    static TestInput input(MonitoringRecord... records) {
        TestInput t = new TestInput();
        t.monitoring.addAll(List.of(records));
        return t;
    }

    @Test
    void aHaltingBreachInThePreviousEnvironment_failsTheHaltGate_untilAHealthyEvaluationOrAnOverride() {
        Instant at = NOW.minus(Duration.ofHours(3));
        GateResult halted = input(evaluation("staging", at, false, "halt")).run(new HaltGate());
        assertEquals(GateResult.Result.FAIL, halted.result());
        assertEquals("churn@1.4.0 is halted in staging by the evaluation of 2026-11-26T09:00:00Z (feature-psi age 0.4 (limit 0.2))",
                halted.message());
        assertEquals("evaluate it again in staging with 'airisk monitor evaluate churn --env staging --version 1.4.0 --predictions FILE', "
                + "or record an override with 'airisk monitor override churn@1.4.0 --env staging --reason TEXT'", halted.fix());
        assertEquals(GateResult.Result.PASS, input(evaluation("staging", at, false, "halt"), evaluation("staging", at.plusSeconds(60), true, null))
                .run(new HaltGate()).result());
        assertEquals(GateResult.Result.PASS, input(evaluation("staging", at, false, "halt"), override("staging", at.plusSeconds(60)))
                .run(new HaltGate()).result());
        // an override before the breach lifts nothing; a notify breach or a halt elsewhere halts nothing here
        assertEquals(GateResult.Result.FAIL, input(override("staging", at.minusSeconds(60)), evaluation("staging", at, false, "halt"))
                .run(new HaltGate()).result());
        assertEquals(GateResult.Result.PASS, input(evaluation("staging", at, false, "notify"), evaluation("prod", at, false, "halt"))
                .run(new HaltGate()).result());
    }

    @Test
    void requiresEvaluation_needsAHealthyEvaluationInThePreviousEnvironment_noOlderThanTheDuration() {
        TestInput none = input();
        assertEquals(GateResult.pass("evaluation", "no evaluation required to enter prod"), none.run(new EvaluationGate()));
        TestInput recent = input(evaluation("staging", NOW.minus(Duration.ofHours(2)), true, null));
        recent.envRules.put("prod", new Policy.EnvironmentRules(null, null, null, Duration.ofHours(24)));
        assertEquals(GateResult.pass("evaluation", "healthy evaluation in staging at 2026-11-26T10:00:00Z (required within 24h)"),
                recent.run(new EvaluationGate()));
        TestInput stale = input(evaluation("staging", NOW.minus(Duration.ofHours(30)), true, null),
                evaluation("prod", NOW.minus(Duration.ofHours(1)), true, null));
        stale.envRules.put("prod", new Policy.EnvironmentRules(null, null, null, Duration.ofHours(24)));
        assertEquals(GateResult.fail("evaluation", "no healthy evaluation of churn@1.4.0 in staging in the last 24h; the latest, at "
                        + "2026-11-25T06:00:00Z, is older",
                "evaluate it with 'airisk monitor evaluate churn --env staging --version 1.4.0 --predictions FILE'"),
                stale.run(new EvaluationGate()));
        TestInput breached = input(evaluation("staging", NOW.minus(Duration.ofHours(1)), false, "notify"));
        breached.envRules.put("prod", new Policy.EnvironmentRules(null, null, null, Duration.ofHours(24)));
        assertEquals("no healthy evaluation of churn@1.4.0 in staging in the last 24h; the latest, at 2026-11-26T11:00:00Z, breached "
                + "(feature-psi age 0.4 (limit 0.2))", breached.run(new EvaluationGate()).message());
    }
}
