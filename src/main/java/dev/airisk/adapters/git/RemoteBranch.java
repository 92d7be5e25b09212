package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import dev.airisk.core.Layout;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The main branch of a registry at a URL, seen through its local copy (a bare cache repository).
 * Reads use the copy's main and fetch first when the copy is older than the registry's fetch interval
 * (or always with {@link RemoteAccess.Freshness#REFRESH}, never when offline). A write fetches first
 * ({@link #latest()}), and {@link #compareAndSet} pushes with the expected old id: a push rejected
 * because another writer pushed first returns false, so {@link GitRegistry} fetches, runs the
 * operation (and its gates) again on the new head and retries. The copy's main only moves forward,
 * to what the remote holds, and only after the remote has it.
 */
final class RemoteBranch implements MainBranch {
    static final String MAIN = LocalBranch.MAIN;
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    private static final int TIMEOUT_SECONDS = 30;

    private final RegistryCache cache;
    private final Repository repo;
    private final RemoteUrl url;
    private final RemoteAccess access;
    private final Clock clock;
    private boolean checked;

    RemoteBranch(RegistryCache cache, RemoteUrl url, RemoteAccess access, Clock clock) {
        this.cache = cache;
        this.repo = cache.repo();
        this.url = url;
        this.access = access;
        this.clock = clock;
    }

    /** The copy's main, fetched first when the freshness rules ask for it (once per opened registry). */
    @Override
    public ObjectId read() throws IOException {
        if (!checked) {
            checked = true;
            if (needsFetch()) {
                ObjectId remote = fetch();
                if (remote == null) {
                    throw Failures.noMainAt(url.shown());
                }
            }
        }
        ObjectId local = local();
        if (local == null && access.freshness() == RemoteAccess.Freshness.OFFLINE) {
            throw Failures.noCopy(url.shown());
        }
        return local;
    }

    /** Fetches, and returns the remote's main: a write applies its operation there. */
    @Override
    public ObjectId latest() throws IOException {
        requireOnline();
        checked = true;
        ObjectId remote = fetch();
        if (remote == null) {
            throw Failures.noMainAt(url.shown());
        }
        return remote;
    }

    /** Pushes {@code next} if the remote's main is still {@code expected}; false when another writer was first. */
    @Override
    public boolean compareAndSet(ObjectId expected, ObjectId next, String reason) throws IOException {
        requireOnline();
        RemoteRefUpdate update = new RemoteRefUpdate(repo, null, next, MAIN, false, null,
                expected == null ? ObjectId.zeroId() : expected);
        try (Transport transport = open()) {
            transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        } catch (TransportException e) {
            throw unreachable(e);
        }
        switch (update.getStatus()) {
            case OK, UP_TO_DATE -> {
                advance(next);
                CachePacker.packWhenDue(repo);
                return true;
            }
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
                return false;
            }
            case REJECTED_OTHER_REASON -> {
                String why = url.scrub(update.getMessage());
                if (lostRace(why, expected)) {
                    return false;
                }
                throw Failures.pushRefused(url.shown(), why);
            }
            default -> throw new IOException("pushing " + MAIN + " to " + url.shown() + " failed: " + update.getStatus()
                    + (update.getMessage() == null ? "" : " (" + url.scrub(update.getMessage()) + ")"));
        }
    }

    @Override
    public int maxAttempts() {
        return 15;
    }

    @Override
    public long maxPauseMillis(int attempt) {
        return Math.min(500L, 25L * attempt);
    }

    @Override
    public AiriskException exhausted(String location, int attempts) {
        return Failures.remoteBusy(url.shown(), attempts);
    }

    /**
     * Brings the remote's main into the copy: asks the remote where main is and fetches only when the
     * copy lacks that commit (fetching what the copy already has would make JGit check the whole
     * registry's connectivity). Moves the copy's main forward to it and records the time. Returns the
     * remote's main, or null when the remote has none. A first fetch into an empty copy is packed
     * with bitmaps, so that later pushes need not walk the whole registry (see {@link CachePacker}).
     */
    ObjectId fetch() throws IOException {
        ObjectId remote = fetchOnce();
        if (behind(remote)) {
            // another process sharing the copy may have pushed since the remote was asked: ask again
            remote = fetchOnce();
            if (behind(remote)) {
                throw Failures.rewritten(url.shown(), local().name(), remote.name(), cache.dir().toString());
            }
        }
        return remote;
    }

    /** True when the remote's main is an older commit than the copy's: the remote lost commits the copy has. */
    private boolean behind(ObjectId remote) throws IOException {
        ObjectId local = local();
        if (remote == null || local == null || remote.equals(local)) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.isMergedInto(walk.parseCommit(remote), walk.parseCommit(local));
        }
    }

    private ObjectId fetchOnce() throws IOException {
        Instant started = clock.instant();
        ObjectId local = local();
        ObjectId remote = advertised();
        if (remote != null && !repo.getObjectDatabase().has(remote)) {
            FetchResult result;
            try (Transport transport = open()) {
                result = transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec(MAIN)));
            } catch (TransportException e) {
                throw unreachable(e);
            }
            Ref main = result.getAdvertisedRef(MAIN);
            remote = main == null ? null : main.getObjectId();
        }
        if (remote != null) {
            advance(remote);
        }
        cache.fetched(started);
        if (local == null && remote != null) {
            CachePacker.pack(repo);
        }
        return remote;
    }

    /** The remote's main, read from its advertisement without fetching; null when it has none. */
    ObjectId advertised() throws IOException {
        try (Transport transport = open(); FetchConnection connection = transport.openFetch()) {
            Ref main = connection.getRef(MAIN);
            return main == null ? null : main.getObjectId();
        } catch (TransportException e) {
            throw unreachable(e);
        }
    }

    /** Forgets the copy's main: for a remote that no longer has one (a registry created anew there). */
    void forget() throws IOException {
        ObjectId local = local();
        if (local != null) {
            RefUpdate update = repo.updateRef(MAIN);
            update.setExpectedOldObjectId(local);
            update.setForceUpdate(true);
            update.disableRefLog();
            update.delete();
        }
    }

    private ObjectId local() throws IOException {
        Ref ref = repo.exactRef(MAIN);
        return ref == null ? null : ref.getObjectId();
    }

    /**
     * Moves the copy's main to {@code target} when that is ahead of it. Another process sharing the copy
     * may have moved it further already (nothing to do) or move it at the same time (read again). A
     * target that is neither ahead nor behind means the remote's history was rewritten: reported, never
     * followed.
     */
    private void advance(ObjectId target) throws IOException {
        for (int i = 0; i < 100; i++) {
            ObjectId current = local();
            if (target.equals(current)) {
                return;
            }
            if (current != null) {
                try (RevWalk walk = new RevWalk(repo)) {
                    if (walk.isMergedInto(walk.parseCommit(target), walk.parseCommit(current))) {
                        return;
                    }
                    walk.reset();
                    if (!walk.isMergedInto(walk.parseCommit(current), walk.parseCommit(target))) {
                        throw Failures.rewritten(url.shown(), current.name(), target.name(), cache.dir().toString());
                    }
                }
            }
            RefUpdate update = repo.updateRef(MAIN);
            update.setExpectedOldObjectId(current == null ? ObjectId.zeroId() : current);
            update.setNewObjectId(target);
            update.setForceUpdate(true);
            update.disableRefLog();
            switch (update.update()) {
                case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> {
                    return;
                }
                case LOCK_FAILURE, REJECTED -> Thread.onSpinWait();
                default -> throw new IOException("moving the cached " + MAIN + " of " + url.shown() + " failed");
            }
        }
        throw new IOException("the cached " + MAIN + " of " + url.shown() + " stayed locked");
    }

    /**
     * Whether a push the server rejected lost a race: the server says a lock or the old value failed, or
     * the remote's main is no longer where the push expected it.
     */
    private boolean lostRace(String why, ObjectId expected) throws IOException {
        String w = why.toLowerCase(Locale.ROOT);
        if (w.contains("lock") || w.contains("stale") || w.contains("failed to update ref") || w.contains("invalid old id")) {
            return true;
        }
        ObjectId now = advertised();
        return expected == null ? now != null : !expected.equals(now);
    }

    private boolean needsFetch() throws IOException {
        return switch (access.freshness()) {
            case OFFLINE -> false;
            case REFRESH -> true;
            case CACHED -> {
                ObjectId local = local();
                Instant last = cache.fetchedAt();
                yield local == null || last == null
                        || Duration.between(last, clock.instant()).compareTo(interval(local)) >= 0;
            }
        };
    }

    /**
     * fetch_interval of the cached registry.yaml; 60 s when it names none, zero (fetch now) when the
     * local copy cannot be read. A registry.yaml that does not parse is the codec's error naming it.
     */
    private Duration interval(ObjectId local) {
        try (RevWalk walk = new RevWalk(repo); SharedReader objects = new SharedReader(repo)) {
            TreeEntry settings = new Trees(objects).find(walk.parseCommit(local).getTree(), Layout.SETTINGS);
            if (settings == null || !settings.isFile()) {
                return Duration.ZERO;
            }
            Duration d = access.fetchInterval().apply(objects.blob(settings.id()));
            return d == null ? DEFAULT_INTERVAL : d;
        } catch (IOException e) {
            // a local copy missing objects: fetching again repairs it
            return Duration.ZERO;
        }
    }

    private void requireOnline() {
        if (access.freshness() == RemoteAccess.Freshness.OFFLINE) {
            throw Failures.offlineWrite(url.shown());
        }
    }

    private Transport open() throws IOException {
        Transport transport;
        try {
            transport = Transport.open(repo, url.uri());
        } catch (NotSupportedException e) {
            throw new AiriskException.InvalidInput("'" + url.shown() + "' uses a transport airisk does not support",
                    RemoteUrl.TRANSPORTS, e);
        } catch (TransportException e) {
            throw unreachable(e);
        }
        transport.setTimeout(TIMEOUT_SECONDS);
        if (url.uri().getUser() != null && url.uri().getPass() != null && transport instanceof HttpTransport) {
            transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(url.uri().getUser(), url.uri().getPass()));
        }
        return transport;
    }

    private AiriskException unreachable(TransportException e) {
        String why = url.scrub(e.getMessage());
        if (e instanceof NoRemoteRepositoryException) {
            return Failures.noRepositoryAt(url.shown(), why, e);
        }
        return Failures.unreachable(url.shown(), why, e);
    }
}
