package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Where the registry's main branch is read and moved. The local implementation is a ref of the bare
 * repository; the remote one ({@link RemoteBranch}) fetches in {@link #read()} and {@link #latest()}
 * and pushes with the expected old id in {@link #compareAndSet}, so the retry loop of
 * {@link GitRegistry} is the same for both.
 */
interface MainBranch {
    /** The commit main points at, or null when there is no main branch. */
    ObjectId read() throws IOException;

    /** The commit main points at as a write must see it: for a remote, fetched now. */
    default ObjectId latest() throws IOException {
        return read();
    }

    /**
     * Moves main from {@code expected} (null: main must not exist yet) to {@code next}, whose objects
     * are already in the local repository. False when another writer moved main first.
     */
    boolean compareAndSet(ObjectId expected, ObjectId next, String reason) throws IOException;

    /**
     * Why main could not be moved lately, when that is more than other writers winning the race (for
     * example a lock file that stays), for the error a writer reports after its last attempt; else null.
     */
    default String busy() {
        return null;
    }

    /** How many times a write runs its operation before it gives up on a busy registry. */
    default int maxAttempts() {
        return 10;
    }

    /**
     * The longest pause, in milliseconds, after the {@code attempt}-th lost race (the pause is random up
     * to it): 10 ms doubling up to a second, so a writer that keeps losing to a busy one spreads its
     * attempts over about two seconds, and writers that collided do not collide again in step.
     */
    default long maxPauseMillis(int attempt) {
        return Math.min(1000L, 10L << Math.min(attempt - 1, 10));
    }

    /** The failure when every attempt lost its race, naming a lock that stayed when there is one. */
    default AiriskException exhausted(String location, int attempts) {
        String busy = busy();
        if (busy != null) {
            return new AiriskException.Conflict("cannot move the main branch of the registry at " + location + ": " + busy,
                    "run the command again");
        }
        return Failures.busy(location, attempts);
    }
}
