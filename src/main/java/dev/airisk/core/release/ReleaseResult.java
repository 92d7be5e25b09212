package dev.airisk.core.release;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Version;
import dev.airisk.core.policy.GateReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a promote, canary or rollback did (or, for a denied or dry run, would do).
 *
 * @param op       promote, canary-start, canary-weight, canary-promote, canary-abort or rollback
 * @param model    the model
 * @param env      the environment
 * @param version  the version the operation is about (the new stable, the canary, the rollback target)
 * @param from     the stable version before, or null
 * @param after    the environment's state after the operation (unchanged when denied, dry or a no-op)
 * @param gates    the gates that ran, or null for operations that run none
 * @param changed  true when a commit was made (or, for a dry run, would be)
 * @param dryRun   true when nothing was written on purpose
 * @param commit   the commit id, or null
 * @param reason   the reason given, or null
 * @param emergency true for an emergency promotion
 * @param abortedCanary the canary version the operation aborted, or null
 * @param incident the incident timing of a rollback, or null
 * @param warnings what a person should know although the operation went ahead (a rollback to a deprecated version)
 */
public record ReleaseResult(Operation op, String model, String env, Version version, Version from, ReleaseState.Env after,
                            GateReport gates, boolean changed, boolean dryRun, String commit, String reason,
                            boolean emergency, Version abortedCanary, Incident incident, List<String> warnings) {

    public ReleaseResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** True for a rollback that went to the environment's fallback version. */
    public boolean fallbackUsed() {
        return op == Operation.ROLLBACK && changed && after.onFallback() && !version.equals(from);
    }

    /** True unless gates denied the operation. */
    public boolean allowed() {
        return gates == null || gates.allowed();
    }

    /**
     * A result that changed nothing yet: {@code op} of {@code ref} in {@code env}, whose state is
     * {@code before}; the builder says what changed.
     */
    static Builder of(Operation op, ModelRef ref, String env, ReleaseState.Env before) {
        return new Builder(op, ref, env, before);
    }

    /** Builds a result; every part not set is as the operation found it (nothing changed, no gates, no reason). */
    static final class Builder {
        private final Operation op;
        private final ModelRef ref;
        private final String env;
        private final Version from;
        private ReleaseState.Env after;
        private boolean changed;
        private GateReport gates;
        private String reason;
        private boolean emergency;
        private Version abortedCanary;
        private Incident incident;
        private List<String> warnings = List.of();

        private Builder(Operation op, ModelRef ref, String env, ReleaseState.Env before) {
            this.op = op;
            this.ref = ref;
            this.env = env;
            this.from = before.stableVersion().orElse(null);
            this.after = before;
        }

        /** The operation commits (or, run dry, would commit) this state of the environment. */
        Builder changed(ReleaseState.Env after) {
            this.after = after;
            this.changed = true;
            return this;
        }

        Builder gates(GateReport gates) {
            this.gates = gates;
            return this;
        }

        Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        Builder emergency(boolean emergency) {
            this.emergency = emergency;
            return this;
        }

        Builder abortedCanary(Version aborted) {
            this.abortedCanary = aborted;
            return this;
        }

        Builder incident(Incident incident) {
            this.incident = incident;
            return this;
        }

        Builder warnings(List<String> warnings) {
            this.warnings = warnings;
            return this;
        }

        ReleaseResult build() {
            return new ReleaseResult(op, ref.name(), env, ref.version(), from, after, gates, changed, false, null, reason, emergency,
                    abortedCanary, incident, warnings);
        }
    }

    ReleaseResult withCommit(String id) {
        return new ReleaseResult(op, model, env, version, from, after, gates, changed, dryRun, id, reason, emergency,
                abortedCanary, incident, warnings);
    }

    /** The result of the same operation run dry: nothing was written. */
    ReleaseResult asDryRun() {
        return new ReleaseResult(op, model, env, version, from, after, gates, changed, true, null, reason, emergency,
                abortedCanary, incident, warnings);
    }

    /**
     * Detection-to-rollback timing against the tier's rollback SLA.
     *
     * @param openedAt when the incident was opened (for a rollback linked to a recorded incident: when
     *                 its problem was detected)
     * @param elapsed  from then to the rollback
     * @param sla      the tier's rollback SLA, or null when the policy sets none
     * @param id       the recorded incident the rollback is linked to, or null
     */
    public record Incident(Instant openedAt, Duration elapsed, Duration sla, String id) {
        /** "met", "missed", or null when there is no SLA. */
        public String verdict() {
            return sla == null ? null : elapsed.compareTo(sla) <= 0 ? "met" : "missed";
        }
    }
}
