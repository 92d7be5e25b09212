package dev.airisk.adapters.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The local copy of a registry at a URL: one bare repository per URL under the cache folder, and the
 * time of its last fetch. A new copy is made under a temporary name and renamed into place, so
 * processes that start at once never see a half-made repository; the fetch time is written the same
 * way, so a reader sees the old time or the new one, never a torn one.
 */
final class RegistryCache {
    static final String FETCHED_AT = "airisk-fetched-at";

    private final Path dir;
    private final Repository repo;
    private final boolean created;

    private RegistryCache(Path dir, Repository repo, boolean created) {
        this.dir = dir;
        this.repo = repo;
        this.created = created;
    }

    /** The folder of the copy of {@code url} under {@code root}. */
    static Path folder(Path root, RemoteUrl url) {
        return root.resolve(url.cacheName());
    }

    /** Opens the copy of {@code url}, making it when there is none yet. */
    static RegistryCache open(Path root, RemoteUrl url) throws IOException {
        Path dir = folder(root, url);
        boolean created = false;
        if (!Files.isDirectory(dir)) {
            created = make(root, dir);
        }
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
        return new RegistryCache(dir, repo, created);
    }

    /** True when {@code dir} holds no copy yet (reading offline is then impossible). */
    static boolean missing(Path root, RemoteUrl url) {
        return !Files.isDirectory(folder(root, url));
    }

    private static boolean make(Path root, Path dir) throws IOException {
        Files.createDirectories(root);
        Path tmp = root.resolve("." + dir.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (Repository fresh = new FileRepositoryBuilder().setGitDir(tmp.toFile()).setBare().build()) {
            GitRegistryProvider.initBare(fresh);
            fresh.getConfig().setInt("gc", null, "auto", 0);
            fresh.getConfig().setString("gc", null, "prunePackExpire", "now");
            fresh.getConfig().save();
        }
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException another) {
            CreatedPath.deleteTree(tmp, true);
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            CreatedPath.deleteTree(tmp, true);
            throw e;
        }
    }

    Repository repo() {
        return repo;
    }

    Path dir() {
        return dir;
    }

    /** When the copy was last fetched, or null when never (or the record is unreadable). */
    Instant fetchedAt() {
        try {
            return Instant.ofEpochMilli(Long.parseLong(Files.readString(dir.resolve(FETCHED_AT), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Records a fetch that started at {@code when}. */
    void fetched(Instant when) throws IOException {
        Path tmp = dir.resolve(FETCHED_AT + "." + UUID.randomUUID() + ".tmp");
        Files.writeString(tmp, Long.toString(when.toEpochMilli()), StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve(FETCHED_AT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Closes the repository; when this call made the copy, takes it away again (a first use that failed). */
    void close(boolean discardIfNew) {
        repo.close();
        if (discardIfNew && created) {
            try {
                CreatedPath.deleteTree(dir, true);
            } catch (IOException e) {
                // a copy that cannot be removed is only a cache: the next use fetches into it
            }
        }
    }
}
