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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.Deflater;
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
 * Opens and creates registries that are bare Git repositories. A location is a path, or a Git URL
 * ({@code file://}, {@code git://}, {@code http(s)://}, {@code ssh://}) whose registry is worked on
 * through a local copy (see {@link RemoteBranch}); commit times come from the given clock.
 */
public final class GitRegistryProvider implements RegistryProvider {
    private final Clock clock;
    private final Consumer<String> warnings;
    private final RemoteAccess remote;

    /** Commits carry the system time; paths only. */
    public GitRegistryProvider() {
        this(Clock.systemUTC());
    }

    /** Commits carry the time of {@code clock}; paths only. */
    public GitRegistryProvider(Clock clock) {
        this(clock, null);
    }

    /** Paths, and URLs reached as {@code remote} says (null: paths only). */
    public GitRegistryProvider(Clock clock, RemoteAccess remote) {
        this(clock, remote, w -> { });
    }

    /**
     * Paths, and URLs reached as {@code remote} says (null: paths only); what a person should know (a
     * leftover lock removed) goes to {@code warnings}.
     */
    public GitRegistryProvider(Clock clock, RemoteAccess remote, Consumer<String> warnings) {
        RegistrySystemReader.install();
        this.clock = clock;
        this.remote = remote;
        this.warnings = warnings;
    }

    /** True when {@code location} is a URL rather than a path. */
    public static boolean isUrl(String location) {
        return RemoteUrl.isUrl(location);
    }

    /** The folder of the local copy of the registry at URL {@code location}. */
    public Path cacheOf(String location) {
        return RegistryCache.folder(remote().cacheRoot(), RemoteUrl.parse(location));
    }

    @Override
    public String defaultStore(String location) {
        if (isUrl(location)) {
            RemoteUrl.parse(location); // a malformed URL or an unsupported transport is refused before anything is probed
            return null;
        }
        return RegistryProvider.super.defaultStore(location);
    }

    @Override
    public String folder(String location) {
        Path dir = isUrl(location) ? null : path(location);
        return dir == null ? null : dir.toAbsolutePath().normalize().toString();
    }

    @Override
    public GitRegistry open(String location, Signer signer) {
        return open(location, signer, null);
    }

    /** As {@link #open(String, Signer)}, with the repository {@code ahead} opened when it opened this location. */
    public GitRegistry open(String location, Signer signer, OpenAhead ahead) {
        if (isUrl(location)) {
            return openRemote(RemoteUrl.parse(location), signer);
        }
        Path dir = requireRepository(location);
        Repository repo = ahead == null ? null : ahead.take(location);
        try {
            if (repo == null) {
                repo = build(dir);
            }
            if (!isBare(repo) || !hasSettings(repo, new LocalBranch(repo).read())) {
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

    /** The repository at {@code location} opened, and its head's tree read, for {@link OpenAhead}. */
    static Repository openAhead(String location) throws IOException {
        RegistrySystemReader.install();
        Repository repo = build(requireRepository(location));
        try {
            hasSettings(repo, new LocalBranch(repo).read());
            return repo;
        } catch (IOException | RuntimeException e) {
            repo.close();
            throw e;
        }
    }

    /** The folder of the repository at the path {@code location}; refused when there is none. */
    private static Path requireRepository(String location) {
        Path dir = path(location);
        if (dir != null && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw Failures.noSuchPath(location);
        }
        if (dir == null || !Files.isDirectory(dir) || !RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
            throw Failures.notARegistry(location);
        }
        return dir;
    }

    private static Repository build(Path dir) throws IOException {
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
    }

    @Override
    public GitRegistry create(String location, Signer signer, Map<String, byte[]> files, CommitMessage message) {
        if (signer == null) {
            throw Failures.noActingKey(location);
        }
        if (isUrl(location)) {
            return createRemote(RemoteUrl.parse(location), signer, files, message);
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

    private GitRegistry openRemote(RemoteUrl url, Signer signer) {
        RemoteAccess access = remote();
        if (signer != null && access.freshness() == RemoteAccess.Freshness.OFFLINE) {
            throw Failures.offlineWrite(url.shown());
        }
        if (access.freshness() == RemoteAccess.Freshness.OFFLINE && RegistryCache.missing(access.cacheRoot(), url)) {
            throw Failures.noCopy(url.shown());
        }
        RegistryCache cache = openCache(url, access);
        try {
            RemoteBranch main = new RemoteBranch(cache, url, access, clock);
            ObjectId head = main.read();
            if (head == null) {
                throw Failures.noMainAt(url.shown());
            }
            if (!hasSettings(cache.repo(), head)) {
                throw Failures.notARegistryAt(url.shown());
            }
            return new GitRegistry(url.shown(), cache.repo(), main, signer, clock);
        } catch (IOException e) {
            cache.close(true);
            throw Failures.unreadable(url.shown(), e);
        } catch (RuntimeException e) {
            cache.close(true);
            throw e;
        }
    }

    /**
     * Makes the first commit in the local copy and pushes it to a remote that has no main branch yet.
     * A remote that has one is refused before anything is written.
     */
    private GitRegistry createRemote(RemoteUrl url, Signer signer, Map<String, byte[]> files, CommitMessage message) {
        RemoteAccess access = remote();
        if (access.freshness() == RemoteAccess.Freshness.OFFLINE) {
            throw Failures.offlineWrite(url.shown());
        }
        RegistryCache cache = openCache(url, access);
        GitRegistry registry = null;
        try {
            RemoteBranch main = new RemoteBranch(cache, url, access, clock);
            if (main.advertised() != null) {
                throw new AiriskException.Conflict(url.shown() + " already has a main branch; nothing was changed",
                        "to work with the registry there, run 'airisk clone " + url.shown() + "'; init needs a repository without a main branch");
            }
            main.forget();
            registry = new GitRegistry(url.shown(), cache.repo(), main, signer, clock);
            if (registry.initialize(files, message)) {
                return registry;
            }
            throw new AiriskException.Conflict(url.shown() + " was given a main branch by another writer at the same time",
                    "run 'airisk clone " + url.shown() + "' to see what is there");
        } catch (IOException e) {
            cache.close(true);
            throw Failures.unwritable(url.shown(), e);
        } catch (RuntimeException e) {
            cache.close(true);
            throw e;
        }
    }

    private RemoteAccess remote() {
        if (remote == null) {
            throw new AiriskException.InvalidInput("registry URLs are not available here", "give the registry's path");
        }
        return remote;
    }

    private static RegistryCache openCache(RemoteUrl url, RemoteAccess access) {
        try {
            return RegistryCache.open(access.cacheRoot(), url);
        } catch (IOException e) {
            throw new AiriskException.Unavailable("cannot make the local copy of " + url.shown() + " under " + access.cacheRoot()
                    + ": " + e.getMessage(), "check that AIRISK_HOME is writable", e);
        }
    }

    /** Creates the bare repository with HEAD on main; false when another writer created one there first. */
    static boolean initBare(Repository repo) throws IOException {
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
        // Loose objects at zlib's fastest level (git reads any level): a write stores the trees on the path
        // it changes, and a registry's folder of 10,000 models is a 400 KB tree, which zlib's default level
        // takes twice as long to compress for 1% less space; git gc and airisk's packing of a registry's
        // local copy compress again at their own level. Unless the repository's config sets a level.
        if (repo.getConfig().getString(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_COMPRESSION) == null) {
            repo.getConfig().setInt(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_COMPRESSION, Deflater.BEST_SPEED);
        }
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

    private static boolean hasSettings(Repository repo, ObjectId head) throws IOException {
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
