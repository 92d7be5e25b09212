package dev.airisk.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;

/**
 * Tree edits: a write that only replaces existing entries of a tree in canonical form splices the new
 * object ids into the tree's bytes; every edit gives the tree that building the resulting files from
 * nothing gives.
 */
class TreeEditorTest {
    private final InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("trees"));
    private final SharedReader objects = new SharedReader(repo);

    private ObjectId edit(ObjectId base, Map<String, byte[]> writes) throws Exception {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId id = new TreeEditor(new Trees(objects), inserter).apply(base, writes);
            inserter.flush();
            return id;
        }
    }

    private static Map<String, byte[]> files(String... pathsAndTexts) {
        Map<String, byte[]> out = new TreeMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            out.put(pathsAndTexts[i], pathsAndTexts[i + 1] == null ? null : pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The files after {@code writes} (null bytes delete), built from nothing: the tree every edit must give. */
    private ObjectId expected(Map<String, byte[]> before, Map<String, byte[]> writes) throws Exception {
        Map<String, byte[]> after = new HashMap<>(before);
        writes.forEach((path, bytes) -> {
            if (bytes == null) {
                after.remove(path);
            } else {
                after.put(path, bytes);
            }
        });
        return edit(null, after);
    }

    @Test
    void editsOfExistingFiles_deletions_additions_andAFolderWhoseGitOrderIsNotByteOrder_giveTheTreeBuiltFromNothing() throws Exception {
        Map<String, byte[]> base = files("registry.yaml", "r", "models/a/model.yaml", "a", "models/a/versions/1.0.0/record.yaml", "ra",
                "models/b/model.yaml", "b", "models/b/state.yaml", "sb", "models/c-d/model.yaml", "cd", "models/c/model.yaml", "c",
                "policy.yaml", "p");
        ObjectId root = edit(null, base);
        for (Map<String, byte[]> writes : java.util.List.of(
                files("models/b/state.yaml", "sb2"),
                files("models/b/state.yaml", "sb2", "models/a/versions/1.0.0/record.yaml", "ra2", "registry.yaml", "r2"),
                files("models/c/model.yaml", "c2"),
                files("models/c-d/model.yaml", "cd2", "models/c/model.yaml", "c3"),
                files("models/b/approvals/x.json", "new"),
                files("models/b/state.yaml", null),
                files("models/a/versions/1.0.0/record.yaml", null),
                files("models/b/state.yaml", "same", "models/z/model.yaml", "z"),
                files("policy.yaml", "p"))) {
            assertEquals(expected(base, writes), edit(root, writes), writes.keySet().toString());
        }
    }

    @Test
    void aBaseTreeNotInCanonicalForm_isRebuilt() throws Exception {
        ObjectId blob;
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            blob = inserter.insert(Constants.OBJ_BLOB, "x".getBytes(StandardCharsets.UTF_8));
            inserter.flush();
        }
        // "100664" is a mode old Git versions wrote; rebuilt, the file is 100644
        byte[] raw = ("100664 a.yaml\0").getBytes(StandardCharsets.US_ASCII);
        byte[] tree = new byte[raw.length + 20];
        System.arraycopy(raw, 0, tree, 0, raw.length);
        blob.copyRawTo(tree, raw.length);
        ObjectId odd;
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            odd = inserter.insert(Constants.OBJ_TREE, tree);
            inserter.flush();
        }
        Map<String, byte[]> writes = files("a.yaml", "y");
        TreeFormatter f = new TreeFormatter();
        ObjectId y;
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            y = inserter.insert(Constants.OBJ_BLOB, "y".getBytes(StandardCharsets.UTF_8));
            f.append("a.yaml", FileMode.REGULAR_FILE, y);
            inserter.flush();
        }
        assertEquals(f.computeId(repo.newObjectInserter()), edit(odd, writes));
    }

    @Test
    void aWriteOfAFileAndAFolderAtOnePath_isRefused() throws Exception {
        ObjectId root = edit(null, files("models/a/model.yaml", "a"));
        assertThrows(IllegalArgumentException.class, () -> edit(root, files("models/a", "file", "models/a/model.yaml", "a2")));
    }
}
