package dev.airisk.core.io;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder filled under a hidden name and moved into place only once complete, so that a failure
 * leaves its target as it was. It is staged beside the target ({@code .<name>.staged-*}, or inside an
 * existing target, {@code .airisk-staged-*}, when its parent is not writable); an absent target is
 * then renamed into place, and into an existing empty one the staged entries are moved. {@link #close()} without {@link #publish()}
 * removes the staging folder and any parent folders {@link #create} made; nothing that was there
 * before is ever deleted, and nothing published is replaced.
 */
public final class StagedFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final Path firstCreated;
    private boolean published;

    private StagedFolder(Path target, Path staging, Path firstCreated) {
        this.target = target;
        this.staging = staging;
        this.firstCreated = firstCreated;
    }

    /** Starts staging {@code target}, which must be absent or an empty folder. */
    public static StagedFolder create(Path target) throws IOException {
        Path t = target.toAbsolutePath().normalize();
        Path parent = t.getParent();
        Path firstCreated = null;
        for (Path p = parent; p != null && !Files.exists(p); p = p.getParent()) {
            firstCreated = p;
        }
        try {
            Fsync.createDirectories(parent);
            return new StagedFolder(t, Files.createTempDirectory(parent, "." + t.getFileName() + ".staged-"), firstCreated);
        } catch (IOException e) {
            if (Files.isDirectory(t)) {
                // an existing folder in a folder this user cannot write to: stage inside it
                return new StagedFolder(t, Files.createTempDirectory(t, ".airisk-staged-"), null);
            }
            new StagedFolder(t, null, firstCreated).close();
            throw e;
        }
    }

    /** Where to write. */
    public Path path() {
        return staging;
    }

    /** Moves what was staged into place; on failure what it had moved is removed again and the target is as before. */
    public void publish() throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.move(staging, target);
                Fsync.directory(target.getParent());
                published = true;
                return;
            } catch (FileAlreadyExistsException e) {
                // the target appeared meanwhile: move the entries into it instead, without replacing any
            }
        }
        List<Path> moved = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
            for (Path entry : entries) {
                Path destination = target.resolve(entry.getFileName().toString());
                Files.move(entry, destination);
                moved.add(destination);
            }
            Fsync.directory(target);
        } catch (IOException e) {
            for (Path p : moved) {
                deleteQuietly(p, e);
            }
            throw e;
        }
        Files.delete(staging);
        published = true;
    }

    /** Removes what was staged unless it was published; best effort. */
    @Override
    public void close() {
        if (published) {
            return;
        }
        IOException failure = new IOException("cleanup");
        if (staging != null) {
            deleteQuietly(staging, failure);
        }
        for (Path p = target.getParent(); firstCreated != null && p != null && p.startsWith(firstCreated); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                break;   // someone else put something there: keep it
            } catch (IOException e) {
                break;
            }
        }
    }

    /** Deletes a file or a folder tree; failures are added to {@code failure}. */
    private static void deleteQuietly(Path root, Exception failure) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
