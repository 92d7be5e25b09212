package dev.airisk.adapters.git;

import java.io.IOException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code refs/heads/main} of a local bare repository, moved with a compare-and-swap RefUpdate: Git
 * locks the ref file, checks the expected old id under the lock and renames the new value into place,
 * so two processes writing at once cannot both win.
 */
final class LocalBranch implements MainBranch {
    static final String MAIN = Constants.R_HEADS + "main";

    private final Repository repo;

    LocalBranch(Repository repo) {
        this.repo = repo;
    }

    @Override
    public ObjectId read() throws IOException {
        Ref ref = repo.exactRef(MAIN);
        return ref == null ? null : ref.getObjectId();
    }

    @Override
    public boolean compareAndSet(ObjectId expected, ObjectId next, String reason) throws IOException {
        RefUpdate update = repo.updateRef(MAIN);
        update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
        update.setNewObjectId(next);
        update.setRefLogMessage(reason, false);
        RefUpdate.Result result = update.update();
        return switch (result) {
            case NEW, FAST_FORWARD, FORCED -> true;
            case LOCK_FAILURE, REJECTED -> false;
            default -> throw new IOException("moving " + MAIN + " failed: " + result);
        };
    }
}
