package dev.airisk.adapters.git;

import java.io.IOException;
import java.io.UncheckedIOException;
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
    private final Map<ObjectId, TreeListing> parsed = new ConcurrentHashMap<>();

    Trees(SharedReader objects) {
        this.objects = objects;
    }

    /** The entries of a tree. */
    TreeListing listing(ObjectId tree) throws IOException {
        TreeListing cached = parsed.get(tree);
        if (cached != null) {
            return cached;
        }
        try {
            return parsed.computeIfAbsent(tree, this::load);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
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
