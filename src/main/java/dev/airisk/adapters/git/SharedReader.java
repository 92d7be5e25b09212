package dev.airisk.adapters.git;

import java.io.IOException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * One {@link ObjectReader} for every object a registry reads, so that reading thousands of trees
 * does not set up a reader (and its inflater and delta base cache) each time. An ObjectReader serves
 * one thread at a time, hence the lock; each read is short.
 */
final class SharedReader implements AutoCloseable {
    private final ObjectReader reader;

    SharedReader(Repository repo) {
        this.reader = repo.newObjectReader();
    }

    /** The raw bytes of a tree object. */
    synchronized byte[] tree(ObjectId id) throws IOException {
        return reader.open(id, Constants.OBJ_TREE).getCachedBytes();
    }

    /** A copy of a blob's bytes. */
    synchronized byte[] blob(ObjectId id) throws IOException {
        return reader.open(id, Constants.OBJ_BLOB).getBytes();
    }

    /**
     * Runs {@code read} with the shared reader, so that it shares the reader's cache of delta bases:
     * reading the trees of neighbouring commits one after another then resolves each delta chain once.
     */
    synchronized <T> T read(Read<T> read) throws IOException {
        return read.apply(reader);
    }

    /** Something read with an ObjectReader. */
    @FunctionalInterface
    interface Read<T> {
        T apply(ObjectReader reader) throws IOException;
    }

    @Override
    public synchronized void close() {
        reader.close();
    }
}
