package dev.airisk.adapters.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * Builds a new tree from a base tree plus writes, without an index or a work tree. Only the folders
 * on the path of a write are read and written again; every other subtree is kept by its id, so the
 * cost of a write does not grow with the number of models.
 */
final class TreeEditor {
    private final Trees trees;
    private final ObjectInserter inserter;

    TreeEditor(Trees trees, ObjectInserter inserter) {
        this.trees = trees;
        this.inserter = inserter;
    }

    /**
     * The id of {@code base} (null for none) with {@code writes} applied: path to bytes, where null
     * bytes delete the file or folder at that path. The root is written even when it ends up empty.
     */
    ObjectId apply(ObjectId base, Map<String, byte[]> writes) throws IOException {
        Map<List<String>, byte[]> split = new LinkedHashMap<>();
        writes.forEach((path, bytes) -> split.put(RegistryPaths.segments(path), bytes));
        ObjectId root = edit(base, split, "");
        return root != null ? root : inserter.insert(new TreeFormatter());
    }

    private ObjectId edit(ObjectId base, Map<List<String>, byte[]> writes, String where) throws IOException {
        if (base != null) {
            ObjectId spliced = splice(trees.listing(base), writes, where);
            if (spliced != null) {
                return spliced;
            }
        }
        TreeMap<String, TreeEntry> entries = new TreeMap<>();
        if (base != null) {
            trees.listing(base).entries().forEach(e -> entries.put(e.name(), e));
        }
        Map<String, Map<List<String>, byte[]>> below = new TreeMap<>();
        for (Map.Entry<List<String>, byte[]> w : writes.entrySet()) {
            List<String> segments = w.getKey();
            String name = segments.get(0);
            if (segments.size() > 1) {
                below.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(segments.subList(1, segments.size()), w.getValue());
            } else if (w.getValue() == null) {
                entries.remove(name);
            } else {
                entries.put(name, new TreeEntry(name, FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, w.getValue())));
            }
        }
        for (Map.Entry<String, Map<List<String>, byte[]>> folder : below.entrySet()) {
            String name = folder.getKey();
            if (writes.get(List.of(name)) != null) {
                throw new IllegalArgumentException("a change writes both a file and a folder at '" + where + name + "'");
            }
            TreeEntry existing = entries.get(name);
            ObjectId subtree = edit(existing != null && existing.isTree() ? existing.id() : null,
                    folder.getValue(), where + name + "/");
            if (subtree != null) {
                entries.put(name, new TreeEntry(name, FileMode.TREE, subtree));
            } else if (existing != null && existing.isTree()) {
                entries.remove(name);
            }
        }
        return entries.isEmpty() ? null : insert(entries.values());
    }

    /**
     * When every write at this level replaces the object of an existing entry of the same kind (a file's
     * bytes, or a folder's contents that do not end empty) and the base tree is in canonical form, the
     * new tree is the base's raw bytes with those object ids replaced: the same tree rebuilding it would
     * give (a registry's folder of models holds thousands of entries; one write changes one). Else null:
     * the tree is rebuilt.
     */
    private ObjectId splice(TreeListing base, Map<List<String>, byte[]> writes, String where) throws IOException {
        if (!base.canonical()) {
            return null;
        }
        Map<Integer, byte[]> files = new TreeMap<>();
        Map<Integer, Map<List<String>, byte[]>> folders = new TreeMap<>();
        for (Map.Entry<List<String>, byte[]> w : writes.entrySet()) {
            List<String> segments = w.getKey();
            int i = base.indexOf(segments.get(0));
            if (i < 0) {
                return null;
            }
            if (segments.size() > 1) {
                if (!base.isTree(i) || files.containsKey(i)) {
                    return null;
                }
                folders.computeIfAbsent(i, k -> new LinkedHashMap<>()).put(segments.subList(1, segments.size()), w.getValue());
            } else {
                if (w.getValue() == null || !base.isRegularFile(i) || folders.containsKey(i)) {
                    return null;
                }
                files.put(i, w.getValue());
            }
        }
        Map<Integer, ObjectId> ids = new TreeMap<>();
        for (Map.Entry<Integer, Map<List<String>, byte[]>> folder : folders.entrySet()) {
            int i = folder.getKey();
            ObjectId subtree = edit(base.id(i), folder.getValue(), where + base.entry(i).name() + "/");
            if (subtree == null) {
                return null;
            }
            ids.put(i, subtree);
        }
        for (Map.Entry<Integer, byte[]> file : files.entrySet()) {
            ids.put(file.getKey(), inserter.insert(Constants.OBJ_BLOB, file.getValue()));
        }
        byte[] raw = base.rawCopy();
        ids.forEach((i, id) -> base.putId(raw, i, id));
        return inserter.insert(Constants.OBJ_TREE, raw);
    }

    private ObjectId insert(Iterable<TreeEntry> entries) throws IOException {
        List<TreeEntry> ordered = new ArrayList<>();
        entries.forEach(ordered::add);
        ordered.sort(TreeEntry.GIT_ORDER);
        TreeFormatter formatter = new TreeFormatter();
        for (TreeEntry e : ordered) {
            formatter.append(e.name(), e.mode(), e.id());
        }
        return inserter.insert(formatter);
    }
}
