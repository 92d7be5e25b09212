package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import dev.airisk.core.Layout;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryProvider;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Opens and creates registries that are bare Git repositories on the file system. A location is a
 * path; commit times come from the given clock.
 */
public final class GitRegistryProvider implements RegistryProvider {
    private final Clock clock;
    private final Consumer<String> warnings;

    /** Commits carry the system time. */
    public GitRegistryProvider() {
        this(Clock.systemUTC());
    }

    /** Commits carry the system time; what a person should know (a leftover lock removed) goes to {@code warnings}. */
    public GitRegistryProvider(Consumer<String> warnings) {
        this(Clock.systemUTC(), warnings);
    }

    /** Commits carry the time of {@code clock}. */
    public GitRegistryProvider(Clock clock) {
        this(clock, w -> { });
    }

    /** Commits carry the time of {@code clock}; warnings go to {@code warnings}. */
    public GitRegistryProvider(Clock clock, Consumer<String> warnings) {
        RegistrySystemReader.install();
        this.clock = clock;
        this.warnings = warnings;
    }

    @Override
    public GitRegistry open(String location, Signer signer) {
        Path dir = path(location);
        if (dir == null || !Files.isDirectory(dir) || !RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
            throw Failures.notARegistry(location);
        }
        Repository repo = null;
        try {
            repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
            if (!isBare(repo) || !hasSettings(repo)) {
                throw Failures.notARegistry(location);
            }
            durable(repo);
            return new GitRegistry(location, repo, new LocalBranch(repo, warnings), signer, clock);
        } catch (IOException e) {
            close(repo);
            throw Failures.unreadable(location, e);
        } catch (RuntimeException e) {
            close(repo);
            throw e;
        }
    }

    @Override
    public GitRegistry create(String location, Signer signer, Map<String, byte[]> files, CommitMessage message) {
        if (signer == null) {
            throw Failures.noActingKey(location);
        }
        Path dir = path(location);
        if (dir == null) {
            throw new AiriskException.InvalidInput("'" + location + "' is not a path", "give the folder to create the registry in");
        }
        dir = dir.toAbsolutePath();
        if (isOccupied(dir)) {
            throw new AiriskException.Conflict(location + " already exists", "choose another path or remove it");
        }
        CreatedPath created = CreatedPath.before(dir);
        Repository repo = null;
        GitRegistry registry = null;
        try {
            repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
            if (initBare(repo)) {
                durable(repo);
                registry = new GitRegistry(location, repo, new LocalBranch(repo, warnings), signer, clock);
                if (registry.initialize(files, message)) {
                    return registry;
                }
            }
        } catch (IOException e) {
            close(repo, registry);
            created.remove(e);
            throw Failures.unwritable(location, e);
        } catch (RuntimeException e) {
            close(repo, registry);
            created.remove(e);
            throw e;
        }
        close(repo, registry);
        throw new AiriskException.Conflict(location + " was created by another writer at the same time",
                "open it instead, or choose another path");
    }

    /** Creates the bare repository with HEAD on main; false when another writer created one there first. */
    private static boolean initBare(Repository repo) throws IOException {
        try {
            repo.create(true);
        } catch (IllegalStateException alreadyThere) {
            return false;
        }
        RefUpdate head = repo.getRefDatabase().newUpdate(Constants.HEAD, false);
        head.disableRefLog();
        RefUpdate.Result result = head.link(LocalBranch.MAIN);
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("cannot point HEAD at " + LocalBranch.MAIN + ": " + result);
        }
        return true;
    }

    /**
     * Makes every object and ref this process writes reach the disk before the next step relies on it:
     * a commit's objects are forced before main is moved onto it, and main's new value before the write
     * reports success. JGit, like git, skips both by default, so a power loss after a write could leave
     * main pointing at a commit whose object is empty. Set in memory for this process only; the
     * repository's config file is not changed.
     */
    static void durable(Repository repo) {
        repo.getConfig().setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "fsyncObjectFiles", true);
        repo.getConfig().setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "fsyncRefFiles", true);
    }

    private static Path path(String location) {
        try {
            return location == null || location.isBlank() ? null : Path.of(location);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static boolean isBare(Repository repo) {
        return repo.getConfig().getBoolean(ConfigConstants.CONFIG_CORE_SECTION, ConfigConstants.CONFIG_KEY_BARE, false);
    }

    private static boolean hasSettings(Repository repo) throws IOException {
        ObjectId head = new LocalBranch(repo).read();
        if (head == null) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repo); SharedReader objects = new SharedReader(repo)) {
            TreeEntry settings = new Trees(objects).find(walk.parseCommit(head).getTree(), Layout.SETTINGS);
            return settings != null && settings.isFile();
        }
    }

    private static boolean isOccupied(Path dir) {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    private static void close(Repository repo) {
        close(repo, null);
    }

    private static void close(Repository repo, GitRegistry registry) {
        if (registry != null) {
            registry.close();
        } else if (repo != null) {
            repo.close();
        }
    }
}
