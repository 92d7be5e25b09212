package dev.airisk.adapters.git;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/** The entries of one tree object, sorted by name and found by binary search. Immutable. */
final class TreeListing {
    private static final int ID_LENGTH = 20;

    private final String[] names;
    private final TreeEntry[] entries;

    private TreeListing(TreeEntry[] entries) {
        this.entries = entries;
        this.names = new String[entries.length];
        for (int i = 0; i < entries.length; i++) {
            names[i] = entries[i].name();
        }
    }

    /** Parses a raw tree: entries of {@code <octal mode> <name>\0<20-byte id>}. */
    static TreeListing parse(byte[] raw) throws CorruptObjectException {
        TreeEntry[] out = new TreeEntry[countEntries(raw)];
        boolean sorted = true;
        int pos = 0;
        for (int n = 0; n < out.length; n++) {
            int mode = 0;
            for (; raw[pos] >= '0' && raw[pos] <= '7'; pos++) {
                mode = (mode << 3) + (raw[pos] - '0');
            }
            if (raw[pos] != ' ') {
                throw new CorruptObjectException("a tree entry has no valid mode");
            }
            int nameStart = ++pos;
            while (raw[pos] != 0) {
                pos++;
            }
            String name = new String(raw, nameStart, pos - nameStart, StandardCharsets.UTF_8);
            out[n] = new TreeEntry(name, FileMode.fromBits(mode), ObjectId.fromRaw(raw, pos + 1));
            pos += 1 + ID_LENGTH;
            sorted &= n == 0 || out[n - 1].name().compareTo(name) < 0;
        }
        if (!sorted) {
            Arrays.sort(out, Comparator.comparing(TreeEntry::name));
        }
        return new TreeListing(out);
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

    /** The entry called {@code name}, or null. */
    TreeEntry get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i < 0 ? null : entries[i];
    }

    /** The names, sorted. */
    List<String> names() {
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    /** The entries, sorted by name. */
    List<TreeEntry> entries() {
        return Collections.unmodifiableList(Arrays.asList(entries));
    }
}
