package dev.airisk.core.scan;

import dev.airisk.core.port.ContainerReader.ZipEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What is wrong with a zip's layout, from its central directory and local headers: names that climb out, names
 * listed twice, local headers that name another file, entries only one kind of reader sees, overlapping entries.
 * The scanner turns these into findings; {@code register}'s archive source refuses the archive.
 */
public final class ZipChecks {

    /**
     * @param rule    the finding's rule ({@code zip/...})
     * @param entry   the entry's central directory name, or null for the archive as a whole
     * @param message one line a person can act on
     * @param offset  where in the archive, or -1
     * @param stop    whether nothing more of the archive should be read (a bomb)
     */
    public record Problem(String rule, String entry, String message, long offset, boolean stop) {
    }

    private ZipChecks() {
    }

    public static List<Problem> of(List<ZipEntry> entries, int unlisted) {
        List<Problem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ZipEntry e : entries) {
            String name = e.name();
            long at = e.headerOffset();
            if (Formats.escapes(name) || (e.localName() != null && Formats.escapes(e.localName()))) {
                problems.add(new Problem("zip/path-traversal", name, "zip entry name '"
                        + (Formats.escapes(name) ? name : e.localName()) + "' points outside the folder it is extracted into; "
                        + "rebuild the archive with relative names", at, false));
            }
            if (!names.add(name)) {
                problems.add(new Problem("zip/duplicate-entry", name, "the central directory lists '" + name
                        + "' more than once; readers disagree on which one they load, so rebuild the archive with unique names",
                        at, false));
            }
            if (e.localName() == null) {
                problems.add(new Problem("zip/malformed", null, "zip: entry '" + name + "' has no local header at offset " + at,
                        at, false));
            } else if (!e.localName().equals(name)) {
                problems.add(new Problem("zip/name-mismatch", name, "the local header names entry '" + name + "' '"
                        + e.localName() + "'; a streaming reader and a loader see different files, so rebuild the archive",
                        at, false));
            } else if (!e.sequential()) {
                problems.add(new Problem("zip/hidden-entry", name, "entry '" + name + "' is reachable only through the "
                        + "central directory: a reader walking the local headers does not meet it, so tools that stream the "
                        + "archive miss what a loader reads; rebuild the archive", at, false));
            }
        }
        if (unlisted > 0) {
            problems.add(new Problem("zip/unlisted-entry", null, "the archive holds " + unlisted + " local entr"
                    + (unlisted == 1 ? "y" : "ies") + " that the central directory does not list; a streaming reader "
                    + "extracts what a loader never reads, so rebuild the archive", -1, false));
        }
        List<ZipEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(ZipEntry::headerOffset));
        for (int k = 1; k < byOffset.size(); k++) {
            ZipEntry before = byOffset.get(k - 1);
            ZipEntry after = byOffset.get(k);
            if (before.dataEnd() > after.headerOffset()) {
                problems.add(new Problem("zip/bomb", null, "zip bomb: entries '" + before.name() + "' and '" + after.name()
                        + "' overlap; scanning of the archive stopped", after.headerOffset(), true));
                break;
            }
        }
        return problems;
    }
}
