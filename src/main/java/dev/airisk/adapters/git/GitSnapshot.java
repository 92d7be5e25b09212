package dev.airisk.adapters.git;

import dev.airisk.core.port.Snapshot;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The registry tree at one commit, read straight from the object database: no index, no work tree.
 * Tree lookups are cached, so listing thousands of models reads each tree object once.
 */
final class GitSnapshot implements Snapshot {
    private final String location;
    private final ObjectId commit;
    private final ObjectId tree;
    private final Trees trees;

    GitSnapshot(String location, ObjectId commit, ObjectId tree, Trees trees) {
        this.location = location;
        this.commit = commit;
        this.tree = tree;
        this.trees = trees;
    }

    /** The tree of a parsed commit. */
    static GitSnapshot of(String location, RevCommit commit, Trees trees) {
        return new GitSnapshot(location, commit.copy(), commit.getTree().copy(), trees);
    }

    @Override
    public String commitId() {
        return commit.name();
    }

    ObjectId commit() {
        return commit;
    }

    ObjectId tree() {
        return tree;
    }

    Trees trees() {
        return trees;
    }

    @Override
    public Optional<byte[]> read(String path) {
        try {
            TreeEntry entry = trees.find(tree, path);
            return entry == null || !entry.isFile() ? Optional.empty() : Optional.of(trees.blob(entry.id()));
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }

    @Override
    public boolean exists(String path) {
        try {
            return trees.find(tree, path) != null;
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }

    @Override
    public List<String> children(String dir) {
        try {
            TreeEntry entry = trees.find(tree, dir);
            return entry == null || !entry.isTree() ? List.of() : trees.listing(entry.id()).names();
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }
}
