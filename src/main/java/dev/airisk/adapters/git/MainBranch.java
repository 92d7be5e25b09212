package dev.airisk.adapters.git;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Where the registry's main branch is read and moved. The local implementation is a ref of the bare
 * repository; a remote one fetches in {@link #read()} and pushes with the expected old id in
 * {@link #compareAndSet}, so the retry loop of {@link GitRegistry} stays the same.
 */
interface MainBranch {
    /** The commit main points at, or null when there is no main branch. */
    ObjectId read() throws IOException;

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
}
