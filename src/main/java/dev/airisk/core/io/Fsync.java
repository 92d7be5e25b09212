package dev.airisk.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Makes directory changes durable. A renamed or linked file survives a crash only once its
 * directory entry is on disk, which needs an fsync of the directory itself.
 */
public final class Fsync {
    private static final boolean DIRECTORIES_OPENABLE =
            !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private Fsync() {
    }

    /** Flushes a directory's entries to disk. Does nothing where directories cannot be opened (Windows). */
    public static void directory(Path dir) throws IOException {
        if (!DIRECTORIES_OPENABLE) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Creates {@code dir} and any missing parents, then flushes the parent of every folder it
     * created, so the new folders survive a crash.
     */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        if (missing.isEmpty()) {
            return;
        }
        Files.createDirectories(absolute);
        for (Path created : missing) {
            directory(created.getParent());
        }
    }
}
