package dev.airisk.core.port;

import java.util.function.Function;

/**
 * The registry: a versioned tree of small files (YAML, signatures) where every write is one commit.
 * Reads see one consistent snapshot; writes are compare-and-swap on the head.
 */
public interface Registry extends AutoCloseable {

    /** Where the registry is: a path or a URL, for messages. */
    String location();

    /**
     * The absolute folder of a registry at a path, against which a store that registry.yaml records
     * relative to the registry is resolved; null for a registry at a URL.
     */
    default String folder() {
        return null;
    }

    /** The current head. Never checks out a work tree. */
    Snapshot head();

    /**
     * Runs {@code op} on the head and commits what it returns as one signed commit whose parent is
     * that head, moving the main branch only if it still points there. When another writer moved it
     * first, re-reads the head and runs {@code op} again (so the op re-validates), a bounded number of
     * times, then throws {@link dev.airisk.core.AiriskException.Conflict}. A {@link Change} without
     * writes commits nothing. Needs an acting {@link Signer}.
     */
    <T> Committed<T> update(Function<Snapshot, Change<T>> op);

    /** The history of the main branch, read on demand. */
    History history();

    @Override
    void close();

    /** The op's result and the commit it made, or null when it wrote nothing. */
    record Committed<T>(T result, String commitId) {
    }
}
