package dev.airisk.adapters.git;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/** One entry of a Git tree: a name, whether it is a file or a folder, and the object it points at. */
record TreeEntry(String name, FileMode mode, ObjectId id) {

    /** The order Git requires inside a tree object: byte order of the names, folders compared as "name/". */
    static final Comparator<TreeEntry> GIT_ORDER = (a, b) -> Arrays.compareUnsigned(a.sortKey(), b.sortKey());

    boolean isTree() {
        return (mode.getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_TREE;
    }

    boolean isFile() {
        return (mode.getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
    }

    private byte[] sortKey() {
        return (isTree() ? name + "/" : name).getBytes(StandardCharsets.UTF_8);
    }
}
