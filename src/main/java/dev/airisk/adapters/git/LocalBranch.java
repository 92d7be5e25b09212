package dev.airisk.adapters.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code refs/heads/main} of a local bare repository, moved with a compare-and-swap RefUpdate: Git
 * locks the ref file, checks the expected old id under the lock and renames the new value into place,
 * so two processes writing at once cannot both win.
 *
 * <p>A writer holds {@code refs/heads/main.lock} only while it writes the new id, forces it to disk,
 * appends to the reflog and renames the lock into place: milliseconds, a little more on a busy disk.
 * A process killed in that moment (kill -9, power loss) leaves the lock file behind, and every later
 * write would fail on it. A lock older than {@link #STALE_LOCK} is therefore
 * taken for a leftover: it is removed, with a warning, and the write goes ahead. Removal is serialised
 * by an operating-system lock on {@code airisk-stale-lock} in the repository (released when its holder
 * dies), so two writers that both find the leftover cannot remove each other's fresh lock.
 */
final class LocalBranch implements MainBranch {
    static final String MAIN = Constants.R_HEADS + "main";
    /** How old a lock of main must be to be taken for the leftover of a killed writer. */
    static final Duration STALE_LOCK = Duration.ofSeconds(10);

    private final Repository repo;
    private final Consumer<String> warnings;
    private final Path lock;
    /** The lock of main the last failed attempts found, and on how many attempts in a row (guarded by this). */
    private Instant blockedBy;
    private int blockedAttempts;

    LocalBranch(Repository repo) {
        this(repo, w -> { });
    }

    LocalBranch(Repository repo, Consumer<String> warnings) {
        this.repo = repo;
        this.warnings = warnings;
        this.lock = repo.getDirectory().toPath().resolve(MAIN + ".lock");
    }

    @Override
    public ObjectId read() throws IOException {
        Ref ref = repo.exactRef(MAIN);
        return ref == null ? null : ref.getObjectId();
    }

    @Override
    public boolean compareAndSet(ObjectId expected, ObjectId next, String reason) throws IOException {
        RefUpdate.Result result = update(expected, next, reason);
        if (result == RefUpdate.Result.LOCK_FAILURE && removeStaleLock()) {
            result = update(expected, next, reason);
        }
        if (result == RefUpdate.Result.LOCK_FAILURE) {
            blocked(lockModified());
        }
        return switch (result) {
            case NEW, FAST_FORWARD, FORCED -> true;
            case LOCK_FAILURE, REJECTED -> false;
            default -> throw new IOException("moving " + MAIN + " failed: " + result);
        };
    }

    /**
     * The lock of main when the same lock file stopped three or more attempts in a row: not the race of
     * writers that each hold it for milliseconds, but one lock held all that time, or left behind.
     */
    @Override
    public synchronized String busy() {
        if (blockedAttempts < 3 || !blockedBy.equals(lockModified())) {
            return null;
        }
        // The lock file's age: its modification time is the file system's, so it is compared with the system's time.
        Duration age = Duration.between(blockedBy, Instant.now());
        return lock + " has been there for " + age.toSeconds() + " s: another writer is committing, or one was killed"
                + " while it held the lock; a lock older than " + STALE_LOCK.toSeconds() + " s is removed by the next write";
    }

    private RefUpdate.Result update(ObjectId expected, ObjectId next, String reason) throws IOException {
        RefUpdate update = repo.updateRef(MAIN);
        update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
        update.setNewObjectId(next);
        update.setRefLogMessage(reason, false);
        return update.update();
    }

    private static boolean isStale(Duration age) {
        return age != null && age.compareTo(STALE_LOCK) >= 0;
    }

    private synchronized void blocked(Instant lockModified) {
        if (lockModified != null && lockModified.equals(blockedBy)) {
            blockedAttempts++;
        } else {
            blockedBy = lockModified;
            blockedAttempts = lockModified == null ? 0 : 1;
        }
    }

    /** When the lock of main was written, or null when there is none. */
    private Instant lockModified() {
        try {
            return Files.getLastModifiedTime(lock).toInstant();
        } catch (IOException noLock) {
            return null;
        }
    }

    /** How long ago the lock of main was written, or null when there is none. */
    private Duration lockAge() {
        Instant modified = lockModified();
        // Elapsed time since the file system wrote the lock, on the file system's own (the system's) time.
        return modified == null ? null : Duration.between(modified, Instant.now());
    }

    /** Removes the lock of main when it is a leftover (older than {@link #STALE_LOCK}); true when it did. */
    private boolean removeStaleLock() throws IOException {
        if (!isStale(lockAge())) {
            return false;
        }
        synchronized (LocalBranch.class) {
            Path guard = repo.getDirectory().toPath().resolve("airisk-stale-lock");
            try (FileChannel ch = FileChannel.open(guard, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = ch.lock()) {
                Duration age = lockAge();
                if (!isStale(age) || !Files.deleteIfExists(lock)) {
                    return false;
                }
                warnings.accept("removed " + lock + ", left " + age.toSeconds() + " s ago by a writer that was stopped"
                        + " while it moved main (main was not changed by it)");
                return true;
            }
        }
    }
}
