package dev.airisk.core.io;

import dev.airisk.core.Redact;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Helpers for I/O failures: the short phrase a person reads after "cannot ...: ", and passing on a
 * failure caught on another thread as it was thrown.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** E.g. "permission denied: /srv/store/tmp", "no such file: /m/a.bin", "No space left on device". */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile() == null ? "" : ": " + fs.getFile();
            if (e instanceof AccessDeniedException) {
                return "permission denied" + file;
            }
            if (e instanceof NoSuchFileException) {
                return "no such file or folder" + file;
            }
            if (e instanceof FileAlreadyExistsException) {
                return "already exists" + file;
            }
            if (e instanceof NotDirectoryException) {
                return "not a folder" + file;
            }
            if (e instanceof DirectoryNotEmptyException) {
                return "folder not empty" + file;
            }
            if (fs.getReason() != null) {
                return fs.getReason() + file;
            }
        }
        return Redact.failure(e);
    }

    /**
     * A failure caught on another thread, to be thrown as it was: an unchecked exception or error is
     * thrown from here, an IOException is returned, anything else comes back wrapped in one. Use as
     * {@code throw IoErrors.rethrown(t);}.
     */
    public static IOException rethrown(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof IOException e ? e : new IOException(t);
    }
}
