package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Anchors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Trust anchors as small files, one per registry, under {@code AIRISK_HOME/anchors}: the file is named
 * after the SHA-256 of the registry's canonical location (a real path, or a URL without credentials)
 * and holds that location and the commit id. It is replaced atomically under an operating-system
 * lock, so processes sharing the folder never see a torn anchor and never move one back.
 *
 * <p>Beside it, {@code <same name>.contains} keeps the latest few facts "commit X contains commit Y"
 * checked for that registry (one {@code X Y} line each, after a {@code registry <location>} line),
 * so that a command need not walk the history back to a pinned trust anchor again: commit ids name
 * their parents, so such a fact never changes. A line that is not such a fact is not one.
 */
public final class AnchorFiles implements Anchors {
    /** One monitor per folder for the threads of this process: the JVM lets a process hold one lock of a file at a time. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();
    /** How many facts "commit X contains commit Y" are kept per registry. */
    private static final int KEPT_FACTS = 16;
    private final Path dir;

    public AnchorFiles(Path dir) {
        this.dir = dir;
    }

    /** The file holding the anchor of the registry at {@code location}. */
    public Path file(String location) {
        return dir.resolve(Sha256.digest(location.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 40) + ".anchor");
    }

    @Override
    public Optional<String> read(String location) {
        Path file = file(location);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AiriskException.Unavailable("cannot read the trust anchor " + file + ": " + e.getMessage(),
                    "check that AIRISK_HOME is readable", e);
        }
        if (lines.size() != 2 || !lines.get(0).equals("registry " + location) || !lines.get(1).startsWith("commit ")
                || !ObjectId.isId(lines.get(1).substring("commit ".length()))) {
            throw new AiriskException.IntegrityFailure("the trust anchor " + file + " of the registry at " + location + " is damaged",
                    "remove it, then run 'airisk audit verify' to verify the registry from its first commit");
        }
        return Optional.of(lines.get(1).substring("commit ".length()));
    }

    /** The file of the facts "commit X contains commit Y" of the registry at {@code location}. */
    public Path containsFile(String location) {
        Path anchor = file(location);
        return anchor.resolveSibling(anchor.getFileName().toString().replace(".anchor", ".contains"));
    }

    @Override
    public boolean knownToContain(String location, String commit, String ancestor) {
        return facts(location).contains(commit + " " + ancestor);
    }

    @Override
    public void rememberContains(String location, String commit, String ancestor) {
        if (!ObjectId.isId(commit) || !ObjectId.isId(ancestor)) {
            return;
        }
        String fact = commit + " " + ancestor;
        locked(location, () -> {
            List<String> facts = new ArrayList<>(facts(location));
            if (facts.contains(fact)) {
                return;
            }
            facts.add(fact);
            List<String> kept = facts.subList(Math.max(0, facts.size() - KEPT_FACTS), facts.size());
            replace(containsFile(location), "registry " + location + "\n" + String.join("\n", kept) + "\n");
        });
    }

    /** The well-formed facts recorded for the registry at {@code location}, oldest first; none when unreadable. */
    private List<String> facts(String location) {
        List<String> lines;
        try {
            lines = Files.readAllLines(containsFile(location), StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        if (lines.isEmpty() || !lines.get(0).equals("registry " + location)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] ids = line.split(" ", -1);
            if (ids.length == 2 && ObjectId.isId(ids[0]) && ObjectId.isId(ids[1])) {
                out.add(line);
            }
        }
        return out;
    }

    @Override
    public void advance(String location, String commit, Predicate<String> supersedes) {
        write(location, commit, supersedes);
    }

    @Override
    public void reset(String location, String commit) {
        write(location, commit, recorded -> true);
    }

    /**
     * Temporary files of writers killed before their rename: under the lock no other writer is
     * between writing one and renaming it, so every one there is a leftover.
     */
    private void removeLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private void write(String location, String commit, Predicate<String> supersedes) {
        locked(location, () -> writeLocked(location, commit, supersedes, file(location)));
    }

    private interface Locked {
        void run() throws IOException;
    }

    /** Runs {@code work} holding this folder's lock, with its leftovers removed. */
    private void locked(String location, Locked work) {
        try {
            Files.createDirectories(dir);
            // the file lock keeps other processes out; the monitor, other threads of this one (a JVM may hold one lock of a file)
            synchronized (IN_PROCESS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new Object())) {
                try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = lockFile.lock()) {
                    removeLeftovers();
                    work.run();
                }
            }
        } catch (IOException e) {
            throw new AiriskException.Unavailable("cannot record the trust anchor of the registry at " + location + " in " + dir
                    + ": " + e.getMessage(), "check that AIRISK_HOME is writable", e);
        }
    }

    private void writeLocked(String location, String commit, Predicate<String> supersedes, Path file) throws IOException {
        Optional<String> recorded = read(location);
        if (recorded.isPresent() && (recorded.get().equals(commit) || !supersedes.test(recorded.get()))) {
            return;
        }
        replace(file, "registry " + location + "\ncommit " + commit + "\n");
    }

    /** Replaces {@code file} with {@code text} atomically (called under the lock). */
    private void replace(Path file, String text) throws IOException {
        Path tmp = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
