package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Anchors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 */
public final class AnchorFiles implements Anchors {
    /** One monitor per folder for the threads of this process: the JVM lets a process hold one lock of a file at a time. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();
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
        Path file = file(location);
        try {
            Files.createDirectories(dir);
            // the file lock keeps other processes out; the monitor, other threads of this one (a JVM may hold one lock of a file)
            synchronized (IN_PROCESS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new Object())) {
                writeLocked(location, commit, supersedes, file);
            }
        } catch (IOException e) {
            throw new AiriskException.Unavailable("cannot record the trust anchor of the registry at " + location + " in " + dir
                    + ": " + e.getMessage(), "check that AIRISK_HOME is writable", e);
        }
    }

    private void writeLocked(String location, String commit, Predicate<String> supersedes, Path file) throws IOException {
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            removeLeftovers();
            Optional<String> recorded = read(location);
            if (recorded.isPresent() && (recorded.get().equals(commit) || !supersedes.test(recorded.get()))) {
                return;
            }
            Path tmp = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.writeString(tmp, "registry " + location + "\ncommit " + commit + "\n", StandardCharsets.UTF_8);
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
}
