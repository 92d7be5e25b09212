package dev.airisk.adapters.git;

import java.io.IOException;
import java.util.Date;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;

/**
 * Keeps a registry's local copy packed with bitmaps. A push sends the objects the remote lacks; JGit
 * finds them by marking everything reachable from the remote's main as already there, which without
 * a bitmap index means reading every tree of the registry (a second or more for 10,000 models) and
 * with one means reading only the trees changed since the bitmap was written. The copy is packed
 * after its first fetch and again when many objects were added since the last bitmap. Packing keeps
 * loose objects younger than two weeks, so a process writing into the copy at the same time loses
 * nothing.
 */
final class CachePacker {
    /** Objects added since the last bitmap after which a write repacks: about 8 per write, so every ~200 writes. */
    static final long REPACK_AFTER_OBJECTS = 1600;

    private CachePacker() {
    }

    /** Packs the copy with bitmaps now. */
    static void pack(Repository repo) throws IOException {
        try (Git git = Git.wrap(repo)) {
            // Loose objects older than two weeks by their files' modification times, which are the system's time.
            git.gc().setExpire(new Date(System.currentTimeMillis() - 14L * 24 * 3600 * 1000)).call();
        } catch (GitAPIException e) {
            throw new IOException("packing the local copy failed: " + e.getMessage(), e);
        }
    }

    /** Packs the copy when enough was added since the last bitmap. */
    static void packWhenDue(Repository repo) throws IOException {
        try (Git git = Git.wrap(repo)) {
            Object since = git.gc().getStatistics().get("numberOfObjectsSinceBitmap");
            if (since != null && Long.parseLong(since.toString()) > REPACK_AFTER_OBJECTS) {
                pack(repo);
            }
        } catch (GitAPIException | NumberFormatException e) {
            throw new IOException("reading the local copy's statistics failed: " + e.getMessage(), e);
        }
    }
}
