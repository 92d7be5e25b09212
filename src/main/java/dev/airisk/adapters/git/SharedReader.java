package dev.airisk.adapters.git;

import java.io.IOException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * One {@link ObjectReader} for every object a registry reads, so that reading thousands of trees
 * does not set up a reader (and its inflater) each time. An ObjectReader serves one thread at a
 * time, hence the lock; each read is short.
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

    @Override
    public synchronized void close() {
        reader.close();
    }
}
