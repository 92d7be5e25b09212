package dev.airisk.core.policy;

import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A version enters environments in order: it must have been stable in the previous environment
 * (for at least the target's min_soak), must not have been rolled back there, and a prerelease
 * only enters where the policy allows it.
 */
final class PathGate implements Gate {
    static final String ID = "path";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the version was stable in the previous environment long enough; prereleases stay out of the last environment";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        String env = in.env();
        Version version = in.ref().version();
        if (!in.environments().contains(env)) {
            return GateResult.fail(ID, "environment '" + env + "' is not one of " + String.join(", ", in.environments()),
                    "use one of the environments in registry.yaml");
        }
        if (in.state().env(env).stableVersion().filter(version::equals).isPresent()) {
            return GateResult.pass(ID, in.ref() + " is already stable in " + env);
        }
        Policy.EnvironmentRules rules = in.policy().environment(env);
        if (version.isPrerelease() && !prereleaseAllowed(rules, in)) {
            return GateResult.fail(ID, "prerelease " + version + " may not enter " + env,
                    "register a release version (without '-" + prereleaseSuffix(version) + "'), or set allow_prerelease: true for "
                            + env + " in policy.yaml");
        }
        String prev = in.previousEnvironment();
        if (prev == null) {
            return GateResult.pass(ID, env + " is the first environment");
        }
        ReleaseState.Env before = in.state().env(prev);
        Optional<ReleaseState.Stable> period = before.stablePeriod(version);
        Optional<ReleaseState.RolledBack> rolledBack = before.rolledBack().stream()
                .filter(r -> r.version().equals(version))
                .filter(r -> period.isEmpty() || !r.at().isBefore(period.get().since()))
                .findFirst();
        if (rolledBack.isPresent()) {
            ReleaseState.RolledBack r = rolledBack.get();
            return GateResult.fail(ID, in.ref() + " was rolled back in " + prev + " at " + GateText.instant(r.at())
                            + (GateText.blank(r.reason()) ? "" : " (" + GateText.oneLine(r.reason()) + ")"),
                    "fix it and register a new version, or promote it to " + prev + " again first");
        }
        if (period.isEmpty()) {
            return GateResult.fail(ID, in.ref() + " has not been stable in " + prev, "promote it to " + prev + " first");
        }
        ReleaseState.Stable p = period.get();
        Instant end = p.until() != null ? p.until() : in.now();
        Duration soak = Duration.between(p.since(), end);
        Duration min = rules.minSoak();
        String since = "stable in " + prev + " since " + GateText.instant(p.since());
        if (min == null) {
            return GateResult.pass(ID, in.ref() + " " + since);
        }
        if (soak.compareTo(min) < 0) {
            String fix = p.until() == null
                    ? "wait until " + GateText.instant(p.since().plus(min)) + ", or lower min_soak of " + env + " in policy.yaml"
                    : "promote it to " + prev + " again and let it soak " + GateText.duration(min);
            return GateResult.fail(ID, in.ref() + " stable in " + prev + " for " + GateText.duration(soak)
                    + ", needs " + GateText.duration(min), fix);
        }
        return GateResult.pass(ID, in.ref() + " " + since + " (" + GateText.duration(soak) + ", needs " + GateText.duration(min) + ")");
    }

    /** Explicitly allowed or refused by the policy; by default everywhere but the last environment. */
    private static boolean prereleaseAllowed(Policy.EnvironmentRules rules, GateInput in) {
        if (rules.allowPrerelease() != null) {
            return rules.allowPrerelease();
        }
        return !in.env().equals(in.environments().get(in.environments().size() - 1));
    }

    private static String prereleaseSuffix(Version v) {
        String text = v.text();
        int plus = text.indexOf('+');
        String core = plus < 0 ? text : text.substring(0, plus);
        return core.substring(core.indexOf('-') + 1);
    }
}
