package dev.airisk.core.release;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState.Canary;
import dev.airisk.core.model.ReleaseState.Env;
import dev.airisk.core.model.ReleaseState.Fallback;
import dev.airisk.core.model.Version;
import java.time.Instant;

/**
 * One release operation's change of an environment's state, applied with {@link Env}'s own methods:
 * {@link Releases} makes its commits with it and {@link CommitRules} replays every such commit with it,
 * so the commands and the audit cannot disagree about what an operation does.
 *
 * @param op      a release operation ({@link Operation#changesState()})
 * @param version the version it is about: the new stable, the canary, the rollback target, the fallback
 * @param weight  the canary weight, for canary-start and canary-weight
 * @param at      when
 * @param by      the acting key
 * @param reason  the reason given, for a rollback
 */
record Transition(Operation op, Version version, int weight, Instant at, String by, String reason) {

    /** Why the operation cannot apply to {@code e} as the audit sees it, or null when it can. */
    String refusal(Env e, ModelRef ref, String env) {
        Version v = version;
        boolean isCanary = e.canary() != null && e.canary().version().equals(v);
        return switch (op) {
            case PROMOTE -> null;
            case CANARY_PROMOTE -> isCanary ? null : "promotes canary " + ref + " in " + env + ", which was not the canary";
            case CANARY_START -> e.canary() == null ? null : "starts a second canary for " + ref.name() + " in " + env;
            case CANARY_WEIGHT -> isCanary ? null : "changes the weight of a canary that was not active";
            case CANARY_ABORT, CANARY_ANALYZE -> isCanary ? null : "aborts a canary that was not active";
            case ROLLBACK, MONITOR_ROLLBACK -> v.equals(e.stableVersion().orElse(null)) || e.previous().stream().anyMatch(p -> p.version().equals(v))
                    || v.equals(e.fallbackVersion().orElse(null)) ? null
                    : "rolls back to " + ref + ", which was not an earlier stable version or the fallback version in " + env;
            case FALLBACK_SET -> null;
            case FALLBACK_CLEAR -> v.equals(e.fallbackVersion().orElse(null)) ? null : "clears fallback " + ref + ", which was not the fallback in " + env;
            case INIT, REGISTER, APPROVE, REJECT, ATTACH, CHECKLIST, DEPRECATE, UNDEPRECATE, TRUST, REVOKE, ENROLL, POLICY_SET, CONSUMERS_ADD,
                 CONSUMERS_REMOVE, NOTIFY_CLAIM, NOTIFY_RECORD, NOTICES_RETRY, NOTICES_ACK, GC, GC_CLAIM,
                 INCIDENT_OPEN, INCIDENT_NOTE, INCIDENT_ATTACH, INCIDENT_CLOSE, MONITOR_EVALUATE,
                 MONITOR_OVERRIDE -> notARelease();
        };
    }

    /** The environment after the operation; the caller has checked that it applies. */
    Env apply(Env e) {
        return switch (op) {
            case PROMOTE, CANARY_PROMOTE -> e.promote(version, at, by);
            case CANARY_START -> e.withCanary(new Canary(version, weight, at, by));
            case CANARY_WEIGHT -> e.withCanary(new Canary(version, weight, e.canary().since(), e.canary().by()));
            case CANARY_ABORT, CANARY_ANALYZE -> e.withCanary(null);
            // a rollback to the stable version only aborts the canary
            case ROLLBACK, MONITOR_ROLLBACK -> version.equals(e.stableVersion().orElse(null)) ? e.withCanary(null) : e.rollback(version, at, by, reason);
            case FALLBACK_SET -> e.withFallback(new Fallback(version, at, by));
            case FALLBACK_CLEAR -> e.withFallback(null);
            case INIT, REGISTER, APPROVE, REJECT, ATTACH, CHECKLIST, DEPRECATE, UNDEPRECATE, TRUST, REVOKE, ENROLL, POLICY_SET, CONSUMERS_ADD,
                 CONSUMERS_REMOVE, NOTIFY_CLAIM, NOTIFY_RECORD, NOTICES_RETRY, NOTICES_ACK, GC, GC_CLAIM,
                 INCIDENT_OPEN, INCIDENT_NOTE, INCIDENT_ATTACH, INCIDENT_CLOSE, MONITOR_EVALUATE,
                 MONITOR_OVERRIDE -> notARelease();
        };
    }

    private <T> T notARelease() {
        throw new IllegalStateException(op.id() + " does not change a release state");
    }
}
