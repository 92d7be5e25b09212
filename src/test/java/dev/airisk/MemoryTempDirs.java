package dev.airisk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Where the tests' {@code @TempDir} folders are made (junit-platform.properties names this factory):
 * in {@code /dev/shm} when the machine mounts a memory file system there with room to spare, else in
 * the default temporary folder. The registries, stores and models the tests write then live in memory:
 * the fsyncs every registry write makes return at once instead of waiting for the disk. Nothing the
 * tests check depends on the disk: a killed process leaves the same files in memory as on a disk
 * (fsync only matters when the machine itself stops).
 */
public final class MemoryTempDirs implements TempDirFactory {
    /** Less free memory than this: the default temporary folder. */
    static final long ROOM = 4L << 30;
    static final Path BASE = memory();

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        return BASE == null ? Files.createTempDirectory("junit") : Files.createTempDirectory(BASE, "junit");
    }

    private static Path memory() {
        Path shm = Path.of("/dev/shm");
        try {
            FileStore store = Files.getFileStore(shm);
            return store.type().equals("tmpfs") && Files.isWritable(shm) && store.getUsableSpace() >= ROOM ? shm : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
