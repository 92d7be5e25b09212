package dev.airisk.core.port;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where this host remembers, per registry, the last commit of the main branch it verified: its trust
 * anchor. Kept outside the registry (under AIRISK_HOME), so that someone who can push to the
 * registry cannot move it.
 */
public interface Anchors {

    /** The anchor of the registry at {@code location}, if this host verified it before. */
    Optional<String> read(String location);

    /**
     * Records {@code commit} as the anchor of the registry at {@code location} when there is none yet,
     * or when {@code supersedes} accepts the one recorded (a process verifying an older head at the
     * same time must not move the anchor back).
     */
    void advance(String location, String commit, Predicate<String> supersedes);

    /** Records {@code commit} as the anchor whatever was recorded before: a deliberate reset. */
    void reset(String location, String commit);

    /**
     * True when this host recorded (with {@link #rememberContains}) that {@code commit} of the registry
     * at {@code location} contains {@code ancestor}. A commit id names the commit's parents too, so the
     * fact never changes; it spares walking the history back to a pinned trust anchor on every command.
     */
    default boolean knownToContain(String location, String commit, String ancestor) {
        return false;
    }

    /**
     * Records that {@code commit} contains {@code ancestor}, which the caller checked (only the latest
     * few such facts per registry are kept).
     */
    default void rememberContains(String location, String commit, String ancestor) {
    }

    /** No anchors at all: every read is verified from the first commit (or a given anchor), nothing is remembered. */
    Anchors NONE = new Anchors() {
        @Override
        public Optional<String> read(String location) {
            return Optional.empty();
        }

        @Override
        public void advance(String location, String commit, Predicate<String> supersedes) {
        }

        @Override
        public void reset(String location, String commit) {
        }
    };
}
