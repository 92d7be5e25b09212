package dev.airisk.core.model;

import dev.airisk.core.AiriskException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code models/<name>/state.yaml}: per environment, what is stable, what was stable before, what
 * was rolled back and the active canary. Changed only by promote, canary and rollback.
 */
public record ReleaseState(Map<String, Env> environments) {
    public static final ReleaseState EMPTY = new ReleaseState(Map.of());

    public ReleaseState {
        environments = Collections.unmodifiableMap(new TreeMap<>(environments == null ? Map.of() : environments));
    }

    public Env env(String name) {
        return environments.getOrDefault(name, Env.EMPTY);
    }

    public ReleaseState with(String name, Env env) {
        Map<String, Env> next = new TreeMap<>(environments);
        if (env.isEmpty()) {
            next.remove(name);
        } else {
            next.put(name, env);
        }
        return new ReleaseState(next);
    }

    /**
     * One environment.
     *
     * @param stable     the stable version, or null
     * @param previous   versions that were stable before, newest first (rollback targets)
     * @param rolledBack versions rolled back out of this environment, newest first
     * @param canary     the active canary, or null
     * @param fallback   the version to go back to when there is no earlier stable version, or null
     */
    public record Env(Stable stable, List<Stable> previous, List<RolledBack> rolledBack, Canary canary, Fallback fallback) {
        public static final Env EMPTY = new Env(null, null, null, null, null);

        public Env {
            previous = previous == null ? List.of() : List.copyOf(previous);
            rolledBack = rolledBack == null ? List.of() : List.copyOf(rolledBack);
        }

        /** An environment without a fallback version. */
        public Env(Stable stable, List<Stable> previous, List<RolledBack> rolledBack, Canary canary) {
            this(stable, previous, rolledBack, canary, null);
        }

        public boolean isEmpty() {
            return stable == null && previous.isEmpty() && rolledBack.isEmpty() && canary == null && fallback == null;
        }

        /** The fallback version, if one is set. */
        public Optional<Version> fallbackVersion() {
            return Optional.ofNullable(fallback).map(Fallback::version);
        }

        /** True when the fallback version is the stable one: the environment serves its fallback. */
        public boolean onFallback() {
            return fallback != null && stable != null && stable.version().equals(fallback.version());
        }

        /**
         * Where a rollback without a named target goes: the newest earlier stable version, else the
         * fallback version when it is not the stable one.
         */
        public Optional<Version> rollbackTarget() {
            if (!previous.isEmpty()) {
                return Optional.of(previous.get(0).version());
            }
            return fallbackVersion().filter(f -> !f.equals(stableVersion().orElse(null)));
        }

        public Optional<Version> stableVersion() {
            return Optional.ofNullable(stable).map(Stable::version);
        }

        /** The stable period of a version: the current one first, else the newest earlier one. */
        public Optional<Stable> stablePeriod(Version v) {
            if (stable != null && stable.version().equals(v)) {
                return Optional.of(stable);
            }
            return previous.stream().filter(p -> p.version().equals(v)).findFirst();
        }

        /** {@code v} becomes stable at {@code at}; the old stable moves to the front of previous. */
        public Env promote(Version v, Instant at, String by) {
            List<Stable> prev = new ArrayList<>();
            if (stable != null) {
                prev.add(stable.until(at));
            }
            previous.stream().filter(p -> !p.version().equals(v)).forEach(prev::add);
            List<RolledBack> rb = rolledBack.stream().filter(r -> !r.version().equals(v)).toList();
            return new Env(new Stable(v, at, null, by), prev, rb, canary != null && canary.version().equals(v) ? null : canary, fallback);
        }

        /**
         * Back to {@code target}, which must be in previous or be the fallback version: the current
         * stable is recorded as rolled back, the target becomes stable, and versions newer in previous
         * than the target are dropped from the rollback targets (all of them for the fallback version,
         * when it is not in previous).
         */
        public Env rollback(Version target, Instant at, String by, String reason) {
            List<RolledBack> rb = new ArrayList<>();
            if (stable != null) {
                rb.add(new RolledBack(stable.version(), at, by, reason));
            }
            rb.addAll(rolledBack);
            List<Stable> prev = new ArrayList<>();
            boolean after = false;
            for (Stable p : previous) {
                if (after) {
                    prev.add(p);
                } else if (p.version().equals(target)) {
                    after = true;
                }
            }
            return new Env(new Stable(target, at, null, by), prev, rb, null, fallback);
        }

        public Env withCanary(Canary c) {
            return new Env(stable, previous, rolledBack, c, fallback);
        }

        public Env withFallback(Fallback f) {
            return new Env(stable, previous, rolledBack, canary, f);
        }
    }

    /** A stable period: from {@code since} until {@code until} (null while it lasts). */
    public record Stable(Version version, Instant since, Instant until, String by) {
        public Stable until(Instant at) {
            return new Stable(version, since, at, by);
        }
    }

    /** A version rolled back out of an environment. */
    public record RolledBack(Version version, Instant at, String by, String reason) {
    }

    /** The fallback version of an environment: set at {@code since} by {@code by}. */
    public record Fallback(Version version, Instant since, String by) {
    }

    /** An active canary: {@code weight} percent of traffic; weight 0 is a shadow (mirrored traffic, its answers not served). */
    public record Canary(Version version, int weight, Instant since, String by) {
        public Canary {
            if (weight != 0) {
                requireWeight(weight);
            }
        }

        /** Whether the canary is a shadow: it sees mirrored traffic and its answers are not served. */
        public boolean shadow() {
            return weight == 0;
        }

        public static void requireWeight(int weight) {
            if (weight < 1 || weight > 99) {
                throw new AiriskException.InvalidInput("canary weight " + weight + " is out of range",
                        "give a percentage of traffic from 1 to 99; to send it all, run 'airisk canary promote'");
            }
        }
    }
}
