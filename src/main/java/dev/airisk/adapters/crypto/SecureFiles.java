package dev.airisk.adapters.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * File writes that never expose a partial or wrongly permissioned file: content goes to a temporary
 * file in the same folder, created with its final mode, and is then linked or renamed into place.
 */
final class SecureFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private SecureFiles() {
    }

    /** Creates a folder (mode 0700) if it does not exist. */
    static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir.toAbsolutePath().getParent());
        try {
            Files.createDirectory(dir, mode("rwx------"));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Writes a new file with the given mode; FileAlreadyExistsException, and nothing written, when it exists. */
    static void createNew(Path target, byte[] content, String mode) throws IOException {
        Path tmp = writeTemporary(target, content, mode);
        try {
            Files.createLink(target, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a file with the given mode, replacing any file of that name in one rename. */
    static void replace(Path target, byte[] content, String mode) throws IOException {
        Path tmp = writeTemporary(target, content, mode);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Appends to a file in one write, creating it with the given mode when it does not exist; the file's size after. */
    static long append(Path target, byte[] content, String mode) throws IOException {
        try (FileChannel out = FileChannel.open(target, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), mode(mode))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            return out.size();
        }
    }

    private static Path writeTemporary(Path target, byte[] content, String mode) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                mode(mode))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static FileAttribute<?>[] mode(String mode) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
    }
}
