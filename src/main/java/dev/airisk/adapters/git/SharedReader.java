package dev.airisk.adapters.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * The {@link ObjectReader}s a registry reads its objects with, kept and reused so that reading
 * thousands of trees does not set up a reader (and its inflater and delta base cache) each time. An
 * ObjectReader serves one thread at a time: a read borrows an idle one (or makes one when all are
 * busy) and gives it back, so one thread reads with the same reader and its cache of delta bases
 * again and again, and threads checking commits side by side do not wait for each other.
 */
final class SharedReader implements AutoCloseable {
    private final Repository repo;
    private final ConcurrentLinkedDeque<ObjectReader> idle = new ConcurrentLinkedDeque<>();
    private final List<ObjectReader> all = new ArrayList<>();
    private boolean closed;

    SharedReader(Repository repo) {
        this.repo = repo;
    }

    /** The raw bytes of a tree object. */
    byte[] tree(ObjectId id) throws IOException {
        return read(reader -> reader.open(id, Constants.OBJ_TREE).getCachedBytes());
    }

    /** A copy of a blob's bytes. */
    byte[] blob(ObjectId id) throws IOException {
        return read(reader -> reader.open(id, Constants.OBJ_BLOB).getBytes());
    }

    /**
     * Runs {@code read} with a reader no other thread is using, so that it shares that reader's cache of
     * delta bases: reading the trees of neighbouring commits one after another then resolves each delta
     * chain once.
     */
    <T> T read(Read<T> read) throws IOException {
        ObjectReader reader = borrow();
        try {
            return read.apply(reader);
        } finally {
            idle.push(reader);
        }
    }

    private ObjectReader borrow() {
        ObjectReader reader = idle.poll();
        if (reader != null) {
            return reader;
        }
        synchronized (all) {
            if (closed) {
                throw new IllegalStateException("the registry was closed");
            }
            reader = repo.newObjectReader();
            all.add(reader);
            return reader;
        }
    }

    /** Something read with an ObjectReader. */
    @FunctionalInterface
    interface Read<T> {
        T apply(ObjectReader reader) throws IOException;
    }

    @Override
    public void close() {
        synchronized (all) {
            closed = true;
            all.forEach(ObjectReader::close);
            all.clear();
            idle.clear();
        }
    }
}
