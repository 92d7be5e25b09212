package dev.airisk.adapters.git;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The entries of one tree object, sorted by name and found by binary search. Immutable.
 *
 * <p>A registry's {@code models} folder holds an entry per model (10,000 and more), and every write
 * makes a new one, so parsing is done lazily: the raw tree is scanned once for where each entry's
 * name and id lie, a lookup compares the name's bytes with the raw bytes, and only the entries asked
 * for become objects. This holds when the names are in byte order, as Git writes them for every name
 * airisk uses (Git orders a folder as if its name ended in '/', which only matters when one name
 * is the start of another followed by a character before '/'); other trees are parsed whole and
 * sorted by name.
 */
final class TreeListing {
    private static final int ID_LENGTH = 20;

    private final byte[] raw;
    /** Per entry: where its mode starts, where its name starts, where the NUL after its name is. */
    private final int[] starts;
    private final int[] nameStarts;
    private final int[] nameEnds;
    /** True when the names are in byte order and entries are found in the raw tree; false when parsed whole and sorted. */
    private final boolean lazy;
    /** All entries as objects, sorted by name: made at once for a tree not in byte order, else when first asked for. */
    private volatile TreeEntry[] entries;
    private volatile String[] names;

    private TreeListing(byte[] raw, int[] starts, int[] nameStarts, int[] nameEnds, TreeEntry[] sorted) {
        this.raw = raw;
        this.starts = starts;
        this.nameStarts = nameStarts;
        this.nameEnds = nameEnds;
        this.lazy = sorted == null;
        if (sorted != null) {
            this.entries = sorted;
            this.names = Arrays.stream(sorted).map(TreeEntry::name).toArray(String[]::new);
        }
    }

    /** Scans a raw tree: entries of {@code <octal mode> <name>\0<20-byte id>}. */
    static TreeListing parse(byte[] raw) throws CorruptObjectException {
        int count = countEntries(raw);
        int[] starts = new int[count];
        int[] nameStarts = new int[count];
        int[] nameEnds = new int[count];
        boolean byteOrder = true;
        int pos = 0;
        for (int n = 0; n < count; n++) {
            starts[n] = pos;
            while (raw[pos] >= '0' && raw[pos] <= '7') {
                pos++;
            }
            if (pos == starts[n] || raw[pos] != ' ') {
                throw new CorruptObjectException("a tree entry has no valid mode");
            }
            nameStarts[n] = ++pos;
            while (raw[pos] != 0) {
                pos++;
            }
            nameEnds[n] = pos;
            pos += 1 + ID_LENGTH;
            byteOrder &= n == 0 || Arrays.compareUnsigned(raw, nameStarts[n - 1], nameEnds[n - 1], raw, nameStarts[n], nameEnds[n]) < 0;
        }
        if (byteOrder) {
            return new TreeListing(raw, starts, nameStarts, nameEnds, null);
        }
        TreeEntry[] out = new TreeEntry[count];
        for (int n = 0; n < count; n++) {
            out[n] = entry(raw, starts[n], nameStarts[n], nameEnds[n]);
        }
        Arrays.sort(out, Comparator.comparing(TreeEntry::name));
        return new TreeListing(raw, starts, nameStarts, nameEnds, out);
    }

    private static int countEntries(byte[] raw) throws CorruptObjectException {
        int count = 0;
        for (int pos = 0; pos < raw.length; count++) {
            while (pos < raw.length && raw[pos] != 0) {
                pos++;
            }
            pos += 1 + ID_LENGTH;
            if (pos > raw.length) {
                throw new CorruptObjectException("a tree object ends in the middle of an entry");
            }
        }
        return count;
    }

    private static TreeEntry entry(byte[] raw, int start, int nameStart, int nameEnd) {
        int mode = 0;
        for (int p = start; p < nameStart - 1; p++) {
            mode = (mode << 3) + (raw[p] - '0');
        }
        return new TreeEntry(new String(raw, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8), FileMode.fromBits(mode),
                ObjectId.fromRaw(raw, nameEnd + 1));
    }

    /** True when the entries are looked up in the raw tree, by the bytes of their names. */
    private boolean lazy() {
        return lazy;
    }

    /** The number of entries. */
    int size() {
        return starts.length;
    }

    /** The {@code i}-th entry in name order. */
    TreeEntry entry(int i) {
        TreeEntry[] all = entries;
        return all != null ? all[i] : entry(raw, starts[i], nameStarts[i], nameEnds[i]);
    }

    /** The entry called {@code name}, or null. */
    TreeEntry get(String name) {
        if (!lazy) {
            int i = Arrays.binarySearch(names, name);
            return i < 0 ? null : entries[i];
        }
        int i = indexOf(name);
        return i < 0 ? null : entry(i);
    }

    /**
     * How the name of this listing's {@code i}-th entry orders against the {@code j}-th of {@code other}:
     * by the bytes of the names when both are looked up lazily, else as strings.
     */
    int compareName(int i, TreeListing other, int j) {
        if (lazy() && other.lazy()) {
            return Arrays.compareUnsigned(raw, nameStarts[i], nameEnds[i], other.raw, other.nameStarts[j], other.nameEnds[j]);
        }
        return entry(i).name().compareTo(other.entry(j).name());
    }

    /** True when the two listings can be merged by {@link #compareName} (both in the same order). */
    boolean mergeableWith(TreeListing other) {
        return lazy() == other.lazy();
    }

    /** True when this listing's {@code i}-th entry and the {@code j}-th of {@code other} have the same mode and object. */
    boolean sameObject(int i, TreeListing other, int j) {
        if (lazy() && other.lazy()) {
            return Arrays.equals(raw, starts[i], nameStarts[i], other.raw, other.starts[j], other.nameStarts[j])
                    && Arrays.equals(raw, nameEnds[i] + 1, nameEnds[i] + 1 + ID_LENGTH,
                    other.raw, other.nameEnds[j] + 1, other.nameEnds[j] + 1 + ID_LENGTH);
        }
        TreeEntry x = entry(i);
        TreeEntry y = other.entry(j);
        return x.id().equals(y.id()) && x.mode().equals(y.mode());
    }

    /** The names, sorted. */
    List<String> names() {
        String[] n = names;
        if (n == null) {
            n = new String[starts.length];
            for (int i = 0; i < n.length; i++) {
                n[i] = new String(raw, nameStarts[i], nameEnds[i] - nameStarts[i], StandardCharsets.UTF_8);
            }
            names = n;
        }
        return Collections.unmodifiableList(Arrays.asList(n));
    }

    /** The entries, sorted by name. */
    List<TreeEntry> entries() {
        TreeEntry[] all = entries;
        if (all == null) {
            all = new TreeEntry[starts.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = entry(raw, starts[i], nameStarts[i], nameEnds[i]);
            }
            entries = all;
        }
        return Collections.unmodifiableList(Arrays.asList(all));
    }

    /** The modes Git writes, as it writes them: a tree in canonical form uses only these. */
    private static final byte[][] CANONICAL_MODES = {
        "40000".getBytes(StandardCharsets.US_ASCII), "100644".getBytes(StandardCharsets.US_ASCII),
        "100755".getBytes(StandardCharsets.US_ASCII), "120000".getBytes(StandardCharsets.US_ASCII),
        "160000".getBytes(StandardCharsets.US_ASCII),
    };
    private static final byte[] TREE_MODE = CANONICAL_MODES[0];
    private static final byte[] FILE_MODE = CANONICAL_MODES[1];
    private volatile Boolean canonical;

    /**
     * True when the raw tree is exactly what formatting its entries anew would give: names in byte
     * order, entries in Git's order (a tree's name compared as if it ended in '/'), each mode written
     * as Git writes it. Then replacing one entry's object id in a copy of the raw bytes gives the same
     * tree as rebuilding it (see {@link TreeEditor}).
     */
    boolean canonical() {
        Boolean c = canonical;
        if (c == null) {
            c = lazy && canonicalModesAndOrder();
            canonical = c;
        }
        return c;
    }

    private boolean canonicalModesAndOrder() {
        for (int n = 0; n < starts.length; n++) {
            boolean known = false;
            for (byte[] mode : CANONICAL_MODES) {
                known |= Arrays.equals(raw, starts[n], nameStarts[n] - 1, mode, 0, mode.length);
            }
            if (!known || n > 0 && gitCompare(n - 1, n) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** How entry {@code i} orders against entry {@code j} in Git's order. */
    private int gitCompare(int i, int j) {
        int la = nameEnds[i] - nameStarts[i];
        int lb = nameEnds[j] - nameStarts[j];
        int n = Math.min(la, lb);
        int m = Arrays.mismatch(raw, nameStarts[i], nameStarts[i] + n, raw, nameStarts[j], nameStarts[j] + n);
        if (m >= 0) {
            return (raw[nameStarts[i] + m] & 0xff) - (raw[nameStarts[j] + m] & 0xff);
        }
        int ca = la > n ? raw[nameStarts[i] + n] & 0xff : isTree(i) ? '/' : 0;
        int cb = lb > n ? raw[nameStarts[j] + n] & 0xff : isTree(j) ? '/' : 0;
        return ca - cb;
    }

    private boolean hasMode(int i, byte[] mode) {
        return Arrays.equals(raw, starts[i], nameStarts[i] - 1, mode, 0, mode.length);
    }

    /** True when entry {@code i} is a tree written as Git writes one (mode 40000). */
    boolean isTree(int i) {
        return hasMode(i, TREE_MODE);
    }

    /** True when entry {@code i} is a regular file written as Git writes one (mode 100644). */
    boolean isRegularFile(int i) {
        return hasMode(i, FILE_MODE);
    }

    /** The index of the entry called {@code name} in a listing looked up lazily, or -1. */
    int indexOf(String name) {
        if (!lazy) {
            throw new IllegalStateException("not a listing in byte order");
        }
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(raw, nameStarts[mid], nameEnds[mid], key, 0, key.length);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** A copy of the raw tree. */
    byte[] rawCopy() {
        return raw.clone();
    }

    /** Writes {@code id} as the object of entry {@code i} into {@code copy}, a copy of the raw tree. */
    void putId(byte[] copy, int i, ObjectId id) {
        id.copyRawTo(copy, nameEnds[i] + 1);
    }

    /** The object id of entry {@code i}. */
    ObjectId id(int i) {
        return ObjectId.fromRaw(raw, nameEnds[i] + 1);
    }
}
