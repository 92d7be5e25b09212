package dev.airisk.adapters.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Tree objects of one repository, each parsed once and then kept by id. Trees never change, so the
 * cache is always right; a snapshot holds one so that reading many paths reads each tree once.
 * Safe for use by several threads.
 */
final class Trees {
    private final Repository repo;
    private final Map<ObjectId, NavigableMap<String, TreeEntry>> parsed = new ConcurrentHashMap<>();

    Trees(Repository repo) {
        this.repo = repo;
    }

    /** The entries of a tree by name, sorted by name. */
    NavigableMap<String, TreeEntry> entries(ObjectId tree) throws IOException {
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
            current = entries(current.id()).get(segment);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** A blob's bytes. */
    byte[] blob(ObjectId id) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            return reader.open(id, Constants.OBJ_BLOB).getBytes();
        }
    }

    private NavigableMap<String, TreeEntry> load(ObjectId tree) {
        try (ObjectReader reader = repo.newObjectReader()) {
            CanonicalTreeParser parser = new CanonicalTreeParser();
            parser.reset(reader.open(tree, Constants.OBJ_TREE).getCachedBytes());
            NavigableMap<String, TreeEntry> out = new TreeMap<>();
            for (; !parser.eof(); parser.next()) {
                String name = parser.getEntryPathString();
                out.put(name, new TreeEntry(name, parser.getEntryFileMode(), parser.getEntryObjectId()));
            }
            return Collections.unmodifiableNavigableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
