package dev.airisk.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;

/** Tree listings: names looked up in the raw tree when it is in byte order, parsed whole when Git's order differs. */
class TreeListingTest {
    static final ObjectId X = ObjectId.fromString("1111111111111111111111111111111111111111");
    static final ObjectId Y = ObjectId.fromString("2222222222222222222222222222222222222222");

    private static TreeListing tree(Object... entries) throws Exception {
        TreeFormatter f = new TreeFormatter();
        for (int i = 0; i < entries.length; i += 3) {
            f.append((String) entries[i], (FileMode) entries[i + 1], (ObjectId) entries[i + 2]);
        }
        return TreeListing.parse(f.toByteArray());
    }

    @Test
    void aTreeInByteOrder_findsEveryEntryAndNoOther() throws Exception {
        TreeListing t = tree("churn", FileMode.TREE, X, "fraud-00001", FileMode.TREE, Y, "model.yaml", FileMode.REGULAR_FILE, X,
                "ré", FileMode.REGULAR_FILE, Y);
        assertEquals(new TreeEntry("churn", FileMode.TREE, X), t.get("churn"));
        assertEquals(new TreeEntry("fraud-00001", FileMode.TREE, Y), t.get("fraud-00001"));
        assertEquals(new TreeEntry("model.yaml", FileMode.REGULAR_FILE, X), t.get("model.yaml"));
        assertEquals(new TreeEntry("ré", FileMode.REGULAR_FILE, Y), t.get("ré"));
        for (String absent : List.of("", "a", "churn2", "fraud", "model.yam", "zzz", "r")) {
            assertNull(t.get(absent), absent);
        }
        assertEquals(List.of("churn", "fraud-00001", "model.yaml", "ré"), t.names());
        assertEquals(4, t.entries().size());
        assertEquals(t.get("ré"), t.entry(3));
    }

    @Test
    void aTreeWhoseGitOrderIsNotByteOrder_isParsedWholeAndSortedByName() throws Exception {
        // Git orders the folder "a" as "a/", after the file "a-b" ('-' < '/'); by name "a" comes first
        TreeListing t = tree("a-b", FileMode.REGULAR_FILE, X, "a", FileMode.TREE, Y);
        assertEquals(List.of("a", "a-b"), t.names());
        assertEquals(new TreeEntry("a", FileMode.TREE, Y), t.get("a"));
        assertEquals(new TreeEntry("a-b", FileMode.REGULAR_FILE, X), t.get("a-b"));
        TreeListing lazy = tree("a", FileMode.REGULAR_FILE, X, "a-b", FileMode.REGULAR_FILE, X);
        assertEquals(false, t.mergeableWith(lazy));
    }

    @Test
    void entriesOfTwoListings_compareByNameAndObject() throws Exception {
        TreeListing a = tree("m1", FileMode.TREE, X, "m2", FileMode.TREE, X);
        TreeListing b = tree("m1", FileMode.TREE, X, "m2", FileMode.TREE, Y);
        assertEquals(true, a.mergeableWith(b));
        assertEquals(0, a.compareName(0, b, 0));
        assertEquals(true, a.sameObject(0, b, 0));
        assertEquals(false, a.sameObject(1, b, 1));
        assertEquals(true, a.compareName(0, b, 1) < 0);
        TreeListing c = tree("m1", FileMode.REGULAR_FILE, X);
        assertEquals(false, a.sameObject(0, c, 0), "same object, other mode");
    }
}
