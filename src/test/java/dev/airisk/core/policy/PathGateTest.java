package dev.airisk.core.policy;

import static dev.airisk.core.policy.TestInput.NOW;
import static dev.airisk.core.policy.TestInput.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathGateTest {
    static final Duration DAY = Duration.ofDays(1);

    private static GateResult run(TestInput t) {
        return t.run(new PathGate());
    }

    private static ReleaseState.Stable stable(Version v, Instant since, Instant until) {
        return new ReleaseState.Stable(v, since, until, key("77"));
    }

    /** The version stable in {@code env} from {@code since} (until {@code until}, or still). */
    private static TestInput stableIn(TestInput t, String env, Instant since, Instant until) {
        ReleaseState.Stable s = stable(t.ref.version(), since, until);
        ReleaseState.Env e = until == null ? new ReleaseState.Env(s, null, null, null)
                : new ReleaseState.Env(stable(Version.parse("9.0.0"), until, null), List.of(s), null, null);
        t.state = ReleaseState.EMPTY.with(env, e);
        return t;
    }

    @Test
    void path_stableInThePreviousEnvironment_passes() {
        assertEquals(GateResult.pass("path", "churn@1.4.0 stable in staging since 2026-11-19T12:00:00Z"), run(new TestInput()));
    }

    @Test
    void path_firstEnvironment_passes() {
        TestInput t = new TestInput();
        t.env = "dev";
        t.state = ReleaseState.EMPTY;
        assertEquals(GateResult.pass("path", "dev is the first environment"), run(t));
    }

    @Test
    void path_notStableInThePreviousEnvironment_fails() {
        TestInput t = new TestInput();
        t.state = ReleaseState.EMPTY.with("staging", new ReleaseState.Env(stable(Version.parse("1.3.0"), NOW.minus(DAY), null), null, null,
                new ReleaseState.Canary(t.ref.version(), 10, NOW.minus(DAY), key("77"))));
        assertEquals(GateResult.fail("path", "churn@1.4.0 has not been stable in staging", "promote it to staging first"), run(t));
    }

    @Test
    void path_rolledBackInThePreviousEnvironment_fails() {
        TestInput t = new TestInput();
        Instant promoted = NOW.minus(Duration.ofDays(3));
        ReleaseState.Env staging = new ReleaseState.Env(stable(Version.parse("1.3.0"), NOW.minus(Duration.ofDays(5)), null), null, null, null)
                .promote(t.ref.version(), promoted, key("77"))
                .rollback(Version.parse("1.3.0"), NOW.minus(DAY), key("77"), "INC-4411");
        t.state = ReleaseState.EMPTY.with("staging", staging);
        assertEquals(GateResult.fail("path", "churn@1.4.0 was rolled back in staging at 2026-11-25T12:00:00Z (INC-4411)",
                "fix it and register a new version, or promote it to staging again first"), run(t));
    }

    @Test
    void path_rolledBackAfterItsStablePeriodBegan_fails() {
        TestInput t = stableIn(new TestInput(), "staging", NOW.minus(Duration.ofDays(3)), NOW.minus(DAY));
        ReleaseState.Env e = t.state.env("staging");
        t.state = t.state.with("staging", new ReleaseState.Env(e.stable(), e.previous(),
                List.of(new ReleaseState.RolledBack(t.ref.version(), NOW.minus(DAY), key("77"), null)), null));
        assertEquals("churn@1.4.0 was rolled back in staging at 2026-11-25T12:00:00Z", run(t).message());
    }

    @Test
    void path_rolledBackBeforeALaterStablePeriod_passes() {
        TestInput t = stableIn(new TestInput(), "staging", NOW.minus(Duration.ofDays(2)), null);
        ReleaseState.Env e = t.state.env("staging");
        t.state = t.state.with("staging", new ReleaseState.Env(e.stable(), null,
                List.of(new ReleaseState.RolledBack(t.ref.version(), NOW.minus(Duration.ofDays(4)), key("77"), "bad")), null));
        assertEquals(GateResult.Result.PASS, run(t).result());
    }

    @Test
    void path_soakTooShort_failsWithWhenItWillBeLongEnough() {
        TestInput t = stableIn(new TestInput(), "staging", NOW.minus(Duration.ofMinutes(200)), null)
                .envRules("prod", Duration.ofHours(24), null, null);
        assertEquals(GateResult.fail("path", "churn@1.4.0 stable in staging for 3h 20m, needs 24h",
                "wait until 2026-11-27T08:40:00Z, or lower min_soak of prod in policy.yaml"), run(t));
    }

    @Test
    void path_soakLongEnough_passes() {
        TestInput t = new TestInput().envRules("prod", Duration.ofHours(24), null, null);
        assertEquals(GateResult.pass("path", "churn@1.4.0 stable in staging since 2026-11-19T12:00:00Z (7d, needs 24h)"), run(t));
    }

    @Test
    void path_soakOfAnEndedPeriod_countsUntilItEnded() {
        Instant since = NOW.minus(Duration.ofDays(5));
        TestInput t = stableIn(new TestInput(), "staging", since, since.plus(Duration.ofHours(2)))
                .envRules("prod", Duration.ofHours(52), null, null);
        assertEquals(GateResult.fail("path", "churn@1.4.0 stable in staging for 2h, needs 2d 4h",
                "promote it to staging again and let it soak 2d 4h"), run(t));
        t = stableIn(new TestInput(), "staging", since, since.plus(Duration.ofHours(60))).envRules("prod", Duration.ofHours(52), null, null);
        assertEquals("churn@1.4.0 stable in staging since 2026-11-21T12:00:00Z (2d 12h, needs 2d 4h)", run(t).message());
    }

    @Test
    void path_minSoakOfTheTargetEnvironmentApplies() {
        TestInput t = stableIn(new TestInput(), "staging", NOW.minus(Duration.ofHours(1)), null)
                .envRules("staging", Duration.ofDays(30), null, null);
        assertEquals(GateResult.Result.PASS, run(t).result());
    }

    @Test
    void path_prereleaseIntoTheLastEnvironment_failsByDefault() {
        TestInput t = new TestInput();
        t.ref = ModelRef.parse("churn@1.4.0-rc.1+build.7");
        stableIn(t, "staging", NOW.minus(Duration.ofDays(7)), null);
        assertEquals(GateResult.fail("path", "prerelease 1.4.0-rc.1+build.7 may not enter prod",
                "register a release version (without '-rc.1'), or set allow_prerelease: true for prod in policy.yaml"), run(t));
    }

    @Test
    void path_prereleaseBeforeTheLastEnvironment_passesByDefault() {
        TestInput t = new TestInput();
        t.ref = ModelRef.parse("churn@1.4.0-rc.1");
        t.env = "staging";
        stableIn(t, "dev", NOW.minus(DAY), null);
        assertEquals(GateResult.pass("path", "churn@1.4.0-rc.1 stable in dev since 2026-11-25T12:00:00Z"), run(t));
    }

    @Test
    void path_prereleaseFollowsThePolicyWhenItSays() {
        TestInput t = new TestInput();
        t.ref = ModelRef.parse("churn@1.4.0-rc.1");
        stableIn(t, "staging", NOW.minus(DAY), null);
        t.envRules("prod", null, null, true);
        assertEquals(GateResult.Result.PASS, run(t).result());
        t.env = "staging";
        stableIn(t, "dev", NOW.minus(DAY), null);
        t.envRules("staging", null, null, false);
        assertEquals("prerelease 1.4.0-rc.1 may not enter staging", run(t).message());
    }

    @Test
    void path_alreadyStableInTheTarget_passes() {
        TestInput t = new TestInput();
        t.state = ReleaseState.EMPTY.with("prod", new ReleaseState.Env(stable(t.ref.version(), NOW.minus(DAY), null), null, null, null));
        assertEquals(GateResult.pass("path", "churn@1.4.0 is already stable in prod"), run(t));
    }

    @Test
    void path_unknownEnvironment_fails() {
        TestInput t = new TestInput();
        t.env = "qa";
        assertEquals(GateResult.fail("path", "environment 'qa' is not one of dev, staging, prod",
                "use one of the environments in registry.yaml"), run(t));
    }

    @Test
    void durations_readAsAPersonSaysThem() {
        assertEquals("0s", GateText.duration(Duration.ofSeconds(-5)));
        assertEquals("45s", GateText.duration(Duration.ofSeconds(45)));
        assertEquals("20m", GateText.duration(Duration.ofMinutes(20)));
        assertEquals("3h 20m", GateText.duration(Duration.ofMinutes(200)));
        assertEquals("24h", GateText.duration(Duration.ofHours(24)));
        assertEquals("36h", GateText.duration(Duration.ofHours(36)));
        assertEquals("2d", GateText.duration(Duration.ofHours(48)));
        assertEquals("2d 4h", GateText.duration(Duration.ofHours(52).plusMinutes(30)));
    }
}
