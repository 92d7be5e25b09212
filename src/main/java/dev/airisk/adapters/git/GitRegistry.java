package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.History;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.Snapshot;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.sha1.SHA1;

/**
 * The registry as a bare Git repository, written without a work tree. A write builds the new tree
 * from the head's tree with an {@link ObjectInserter}, signs a commit with the acting key and moves
 * {@code refs/heads/main} only if it still points at that head (compare-and-swap); a lost race
 * re-reads the head and runs the operation again. Safe for several threads and processes at once.
 */
public final class GitRegistry implements Registry {
    private final String location;
    private final Repository repo;
    private final MainBranch main;
    private final CommitWriter writer;
    private final SharedReader objects;
    private static final AtomicBoolean WARMED = new AtomicBoolean();

    GitRegistry(String location, Repository repo, MainBranch main, Signer signer, Clock clock) {
        this.location = location;
        this.repo = repo;
        this.main = main;
        this.objects = new SharedReader(repo);
        this.writer = signer == null ? null : new CommitWriter(signer, clock);
        if (signer != null) {
            warmUpHashing();
        }
    }

    /**
     * Runs JGit's SHA-1 (with collision detection) over a few hundred kilobytes on a daemon thread, once
     * per process, so that it is compiled by the time this process writes: a write hashes every tree it
     * changes, and in a registry of thousands of models the folder of models is a tree of hundreds of
     * kilobytes, which the interpreter hashes about ten times slower than compiled code.
     */
    private static void warmUpHashing() {
        if (WARMED.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                SHA1 sha1 = SHA1.newInstance();
                byte[] block = new byte[8192];
                for (int i = 0; i < 24; i++) {
                    sha1.update(block);
                }
                sha1.digest();
            }, "airisk-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public String location() {
        return location;
    }

    /** The repository's folder for a registry at a path; null for the local copy of a registry at a URL. */
    @Override
    public String folder() {
        return main instanceof LocalBranch ? repo.getDirectory().toPath().toAbsolutePath().normalize().toString() : null;
    }

    @Override
    public Snapshot head() {
        return snapshot(false);
    }

    @Override
    public <T> Committed<T> update(Function<Snapshot, Change<T>> op) {
        if (writer == null) {
            throw Failures.noActingKey(location);
        }
        int attempts = main.maxAttempts();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            GitSnapshot head = snapshot(true);
            Change<T> change = op.apply(head);
            if (change.isEmpty()) {
                return new Committed<>(change.result(), null);
            }
            if (change.message() == null) {
                throw new IllegalArgumentException("a change that writes files needs a commit message");
            }
            ObjectId commit = commit(head.trees(), head.commit(), head.tree(), change.writes(), change.message());
            if (moveMain(head.commit(), commit, change.message())) {
                return new Committed<>(change.result(), commit.name());
            }
            if (attempt < attempts) {
                pause(main.maxPauseMillis(attempt));
            }
        }
        throw main.exhausted(location, attempts);
    }

    /** The main branch's history, read on demand: each call of its methods reads the repository afresh. */
    @Override
    public History history() {
        return new GitHistory(location, repo, main, objects);
    }

    @Override
    public void close() {
        objects.close();
        repo.close();
    }

    /** The repository this registry writes (for the adapter's tests). */
    Repository repository() {
        return repo;
    }

    /** Writes the first commit: main must not exist yet. False when another writer created it first. */
    boolean initialize(Map<String, byte[]> files, CommitMessage message) throws IOException {
        if (writer == null) {
            throw Failures.noActingKey(location);
        }
        ObjectId commit = commit(new Trees(objects), null, null, files, message);
        return main.compareAndSet(null, commit, message.subject());
    }

    /** The head as a read sees it, or as a write must ({@code latest}: for a remote, fetched now). */
    private GitSnapshot snapshot(boolean latest) {
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId id = latest ? main.latest() : main.read();
            if (id == null) {
                throw Failures.notARegistry(location);
            }
            return GitSnapshot.of(location, walk.parseCommit(id), new Trees(objects));
        } catch (IOException e) {
            throw Failures.unreadable(location, e);
        }
    }

    private ObjectId commit(Trees trees, ObjectId parent, ObjectId baseTree, Map<String, byte[]> writes,
                            CommitMessage message) {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId tree = new TreeEditor(trees, inserter).apply(baseTree, writes);
            ObjectId commit = writer.write(inserter, tree, parent, message);
            inserter.flush();
            return commit;
        } catch (IOException e) {
            throw Failures.unwritable(location, e);
        }
    }

    private boolean moveMain(ObjectId expected, ObjectId next, CommitMessage message) {
        try {
            return main.compareAndSet(expected, next, message.subject());
        } catch (IOException e) {
            throw Failures.unwritable(location, e);
        }
    }

    private void pause(long maxMillis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.max(2, maxMillis)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiriskException.Unavailable("interrupted while writing to the registry at " + location,
                    "run the command again", e);
        }
    }
}
