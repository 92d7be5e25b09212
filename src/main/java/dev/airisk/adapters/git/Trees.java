package dev.airisk.adapters.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Tree objects, each parsed once and then kept by id. Trees never change, so the cache is always
 * right; a snapshot holds one so that reading many paths reads each tree once. Safe for use by
 * several threads.
 */
final class Trees {
    private final SharedReader objects;
    private final Map<ObjectId, TreeListing> parsed;

    /** Trees kept for as long as this lives (a snapshot's). */
    Trees(SharedReader objects) {
        this.objects = objects;
        this.parsed = new ConcurrentHashMap<>();
    }

    /**
     * At most {@code limit} trees kept, the least recently used dropped first: for reading the trees
     * of one commit after another, where a commit's trees are mostly its parent's.
     */
    Trees(SharedReader objects, int limit) {
        this.objects = objects;
        this.parsed = Collections.synchronizedMap(new LinkedHashMap<>(limit * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ObjectId, TreeListing> eldest) {
                return size() > limit;
            }
        });
    }

    /** The entries of a tree. */
    TreeListing listing(ObjectId tree) throws IOException {
        TreeListing cached = parsed.get(tree);
        if (cached != null) {
            return cached;
        }
        TreeListing loaded;
        try {
            loaded = load(tree);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        TreeListing raced = parsed.putIfAbsent(tree, loaded);
        return raced != null ? raced : loaded;
    }

    /**
     * The entry at a path below a root tree, or null when there is none. The empty path is the root
     * itself. A path must be relative and POSIX, without empty, "." or ".." segments.
     */
    TreeEntry find(ObjectId root, String path) throws IOException {
        TreeEntry current = new TreeEntry("", FileMode.TREE, root);
        if (RegistryPaths.isRoot(path)) {
            return current;
        }
        for (String segment : RegistryPaths.segments(path)) {
            if (!current.isTree()) {
                return null;
            }
            current = listing(current.id()).get(segment);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** A blob's bytes. */
    byte[] blob(ObjectId id) throws IOException {
        return objects.blob(id);
    }

    private TreeListing load(ObjectId tree) {
        try {
            return TreeListing.parse(objects.tree(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
