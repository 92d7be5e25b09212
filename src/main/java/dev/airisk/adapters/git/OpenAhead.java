package dev.airisk.adapters.git;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.Repository;

/**
 * The opening of the registry at a path, started on another thread while the command line is still
 * being parsed: the repository is opened and its head's tree read, which loads the pack indexes (a
 * registry of 100,000 versions has a pack index of several megabytes). {@link GitRegistryProvider#open}
 * takes the opened repository when it opens the same location, and otherwise opens its own; it makes
 * every check either way, so this changes only when the reading happens. Nothing is reported from
 * here: a location that is not a registry is refused by the open that follows, with its own message.
 * A repository nobody took is closed with {@link #close}.
 */
public final class OpenAhead implements AutoCloseable {
    private final String location;
    private final CompletableFuture<Repository> opened = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicBoolean taken = new AtomicBoolean();

    private OpenAhead(String location) {
        this.location = location;
    }

    /** An opening of the registry at {@code location} to run, or null when it is none (no location). */
    public static OpenAhead of(String location) {
        return location == null || location.isBlank() ? null : new OpenAhead(location);
    }

    /**
     * Opens the repository and reads its head's tree, on the thread that does the work ahead; nothing
     * when the command already reached its own opening (which then does not wait for this one).
     */
    public void run() {
        if (!claimed.compareAndSet(false, true)) {
            return;
        }
        Repository repo = null;
        try {
            if (GitRegistryProvider.isUrl(location)) {
                opened.complete(null);
                return;
            }
            repo = GitRegistryProvider.openAhead(location);
            opened.complete(repo);
        } catch (Exception | LinkageError e) {
            if (repo != null) {
                repo.close();
            }
            opened.complete(null);
        }
    }

    /** The repository opened for {@code location}, once (waiting for the opening); null when it opened none or another location. */
    Repository take(String location) {
        if (!this.location.equals(location) || !taken.compareAndSet(false, true) || claimed.compareAndSet(false, true)) {
            return null;
        }
        return opened.join();
    }

    /** Closes the repository when nobody took it (when the opening ends, if it still runs); none is opened after this. */
    @Override
    public void close() {
        claimed.compareAndSet(false, true);
        if (taken.compareAndSet(false, true)) {
            opened.thenAccept(repo -> {
                if (repo != null) {
                    repo.close();
                }
            });
        }
    }
}
