package dev.airisk.core.policy;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A verified monitoring statement of a version in one environment, as the gates read it: an
 * evaluation of its production inputs ({@code monitor evaluate}) or an override of a halt
 * ({@code monitor override}). The key id is the one whose signature verified.
 *
 * @param file    the file's path in the registry (for messages)
 * @param keyId   the signing key
 * @param kind    evaluation or override
 * @param env     the environment the version was evaluated in, or the halt was lifted in
 * @param at      when it was signed
 * @param healthy for an evaluation: whether no threshold was breached; true for an override
 * @param action  for an evaluation: what its breach did in that environment ({@code none}, {@code notify},
 *                {@code halt}, {@code rollback}); for an override: {@code override}
 * @param detail  the breaches in one line, or the override's reason
 */
public record MonitoringRecord(String file, String keyId, Kind kind, String env, Instant at, boolean healthy, String action,
                               String detail) {

    public enum Kind {
        EVALUATION, OVERRIDE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An evaluation whose breach halts the version in its environment. */
    public boolean halts() {
        return kind == Kind.EVALUATION && !healthy && "halt".equals(action);
    }

    /** What lifts a halt made before it: a healthy evaluation or an override. */
    public boolean lifts() {
        return kind == Kind.OVERRIDE || healthy;
    }

    /**
     * The evaluation that halts the version in {@code env} now: the newest halting evaluation there
     * that no later healthy evaluation or override lifted; empty when the version is not halted.
     */
    public static Optional<MonitoringRecord> halt(List<MonitoringRecord> records, String env) {
        Optional<MonitoringRecord> halt = records.stream().filter(r -> r.env().equals(env) && r.halts())
                .max(Comparator.comparing(MonitoringRecord::at));
        return halt.filter(h -> records.stream().noneMatch(r -> r.env().equals(env) && r.lifts() && r.at().isAfter(h.at())));
    }
}
