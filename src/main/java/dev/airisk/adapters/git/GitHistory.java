package dev.airisk.adapters.git;

import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.History;
import dev.airisk.core.port.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The main branch's history, read from the object database when asked. Listing the commits walks
 * them once without reading a tree. A commit's changed paths compare its tree with its first
 * parent's and skip every subtree the two share, so only the folders on the way to a change are
 * read; they are read with the registry's one reader, whose cache of delta bases makes reading the
 * trees of one commit after another cheap (a fresh reader would resolve each tree's whole delta
 * chain from a packed registry again).
 */
final class GitHistory implements History {
    /** How many trees the snapshots of one history share: enough for the folders of a few commits side by side. */
    private static final int SHARED_TREES = 64;

    private final String location;
    private final Repository repo;
    private final MainBranch main;
    private final SharedReader objects;
    private final Trees trees;

    GitHistory(String location, Repository repo, MainBranch main, SharedReader objects) {
        this.location = location;
        this.repo = repo;
        this.main = main;
        this.objects = objects;
        this.trees = new Trees(objects, SHARED_TREES);
    }

    @Override
    public List<Commit> commits() {
        try {
            ObjectId start = main.read();
            if (start == null) {
                throw Failures.notARegistry(location);
            }
            return commits(null, start.name());
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }

    @Override
    public List<Commit> commits(String since, String until) {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.sort(RevSort.TOPO);
            walk.sort(RevSort.REVERSE, true);
            walk.markStart(find(walk, until));
            if (since != null) {
                walk.markUninteresting(find(walk, since));
            }
            List<Commit> out = new ArrayList<>();
            for (RevCommit c = walk.next(); c != null; c = walk.next()) {
                out.add(commit(c));
            }
            return out;
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }

    @Override
    public Commit commit(String commitId) {
        try (RevWalk walk = new RevWalk(repo)) {
            return commit(find(walk, commitId));
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }

    @Override
    public boolean contains(String descendant, String ancestor) {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.isMergedInto(find(walk, ancestor), find(walk, descendant));
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }

    @Override
    public Snapshot at(String commitId) {
        try (RevWalk walk = new RevWalk(repo)) {
            return GitSnapshot.of(location, find(walk, commitId), trees);
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }

    @Override
    public List<String> changedPaths(String commitId) {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = find(walk, commitId);
            ObjectId before = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0)).getTree();
            List<String> out = new ArrayList<>();
            diff(before, commit.getTree(), "", out);
            Collections.sort(out);
            return out;
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }

    /**
     * The files that differ between two trees (null: none), under {@code prefix}. Trees the two share
     * are skipped; the listings compared are those the snapshots of these commits read anyway (kept
     * in {@link #trees}), so a commit's diff against its parent costs one pass over the few folders on
     * the way to its change.
     */
    private void diff(ObjectId before, ObjectId after, String prefix, List<String> out) throws IOException {
        TreeListing a = before == null ? null : trees.listing(before);
        TreeListing b = after == null ? null : trees.listing(after);
        if (a != null && b != null && !a.mergeableWith(b)) {
            diff(a.entries(), b.entries(), prefix, out);
            return;
        }
        int na = a == null ? 0 : a.size();
        int nb = b == null ? 0 : b.size();
        int i = 0;
        int j = 0;
        while (i < na || j < nb) {
            int order = i == na ? 1 : j == nb ? -1 : a.compareName(i, b, j);
            if (order == 0 && a.sameObject(i, b, j)) {
                i++;
                j++;
                continue;
            }
            changed(order <= 0 ? a.entry(i++) : null, order >= 0 ? b.entry(j++) : null, prefix, out);
        }
    }

    /** The same for listings in different orders: both as entries sorted by name. */
    private void diff(List<TreeEntry> a, List<TreeEntry> b, String prefix, List<String> out) throws IOException {
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            int order = i == a.size() ? 1 : j == b.size() ? -1 : a.get(i).name().compareTo(b.get(j).name());
            TreeEntry x = order <= 0 ? a.get(i++) : null;
            TreeEntry y = order >= 0 ? b.get(j++) : null;
            if (x == null || y == null || !x.id().equals(y.id()) || !x.mode().equals(y.mode())) {
                changed(x, y, prefix, out);
            }
        }
    }

    /** An entry that differs (null: absent on that side): a file is a changed path, a folder is compared inside. */
    private void changed(TreeEntry x, TreeEntry y, String prefix, List<String> out) throws IOException {
        String path = prefix + (x != null ? x.name() : y.name());
        boolean xTree = x != null && x.isTree();
        boolean yTree = y != null && y.isTree();
        if (xTree || yTree) {
            diff(xTree ? x.id() : null, yTree ? y.id() : null, path + "/", out);
        }
        if ((x != null && !xTree) || (y != null && !yTree)) {
            out.add(path);
        }
    }

    /**
     * The commit with that full hex id; NotFound when the id names no commit of the registry. Any commit
     * in the repository is found, not only those on main: the only others are those of writes that
     * lost a race, which no one names.
     */
    private RevCommit find(RevWalk walk, String commitId) throws IOException {
        if (commitId == null || !ObjectId.isId(commitId)) {
            throw Failures.unknownCommit(location, commitId);
        }
        try {
            return walk.parseCommit(ObjectId.fromString(commitId));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw Failures.unknownCommit(location, commitId);
        }
    }

    private static Commit commit(RevCommit c) {
        List<String> parents = new ArrayList<>(c.getParentCount());
        for (RevCommit p : c.getParents()) {
            parents.add(p.name());
        }
        byte[] signature = c.getRawGpgSignature();
        return new Commit(c.name(), parents, c.getCommitterIdent().getWhenAsInstant(), c.getShortMessage(),
                CommitMessage.parseTrailers(c.getFullMessage()),
                signature == null ? null : new String(signature, StandardCharsets.US_ASCII),
                SignedPayload.of(c.getRawBuffer()), c.getAuthorIdent().getName());
    }
}
