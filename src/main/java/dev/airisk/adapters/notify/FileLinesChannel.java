package dev.airisk.adapters.notify;

import dev.airisk.core.Redact;
import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends the event's CloudEvents JSON as one line (UTF-8, ending in {@code \n}) to a file: JSON
 * Lines that a log shipper or a script can follow. Each append holds an exclusive lock on the whole
 * file (fcntl on Linux), so writers in other processes never interleave, and is forced to the disk
 * before it counts as sent. A file that does not end in a line break (a writer died mid-line) gets
 * one first, so the new line stays whole.
 *
 * <p>A missing file is created with mode 0644 (less the umask): the file holds notices meant to be
 * read, by other users too (a log shipper), and never a secret. A missing folder is not created: it
 * is a SETUP failure (the delivery waits until it exists), as is a path that is a folder or may not
 * be written.
 */
final class FileLinesChannel implements Channel {
    /** Not APPEND: the last byte is read first, and READ with APPEND is refused; the lock makes the end stable. */
    private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    /**
     * A file lock belongs to the whole JVM: a second lock on the same file from this process throws
     * instead of waiting. Appends from this process are therefore taken in turn per file here first;
     * the file lock then keeps other processes out.
     */
    private static final ConcurrentHashMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    @Override
    public Delivery deliver(Endpoint endpoint, Event event) {
        Path file;
        byte[] line;
        try {
            file = Path.of(endpoint.target()).toAbsolutePath().normalize();
            byte[] json = CloudEvents.json(event);
            line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
        } catch (InvalidPathException e) {
            return Delivery.permanent("the file endpoint '" + endpoint.target() + "' is not a valid path: " + e.getReason());
        } catch (IllegalArgumentException e) {
            return Delivery.permanent("event " + event.id() + " cannot be written as JSON: " + e.getMessage());
        }
        String unready = unready(file);
        if (unready != null) {
            return Delivery.setup(unready);
        }
        synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
            return append(file, line);
        }
    }

    @Override
    public String unready(Endpoint endpoint) {
        try {
            return unready(Path.of(endpoint.target()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** A missing folder, or a folder where the file should be: to fix on this host. */
    private static String unready(Path file) {
        Path folder = file.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            return missingFolder(folder);
        }
        if (Files.isDirectory(file)) {
            return file + " is a folder, not a file (name a file inside it)";
        }
        return null;
    }

    private static String missingFolder(Path folder) {
        return "folder " + folder + " does not exist (create it, or correct the file endpoint)";
    }

    private static Delivery append(Path file, byte[] line) {
        try (FileChannel out = open(file); FileLock lock = out.lock()) {
            assert lock.isValid() && !lock.isShared();
            long end = out.size();
            if (end > 0 && !endsWithLineBreak(out, end)) {
                end += writeFully(out, ByteBuffer.wrap(new byte[] {'\n'}), end);
            }
            writeFully(out, ByteBuffer.wrap(line), end);
            out.force(true);
            return Delivery.sent("appended to " + file);
        } catch (NoSuchFileException e) {
            return Delivery.setup(missingFolder(file.getParent()));
        } catch (AccessDeniedException e) {
            return Delivery.setup("no permission to write " + file + " (allow this user to write it, or choose another path)");
        } catch (FileSystemException e) {
            return Delivery.retry("cannot append to " + file + ": " + (e.getReason() == null ? Redact.failure(e) : e.getReason()), null);
        } catch (IOException e) {
            return Delivery.retry("cannot append to " + file + ": " + Redact.failure(e), null);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));
            return FileChannel.open(file, OPEN, mode);
        }
        return FileChannel.open(file, OPEN);
    }

    private static boolean endsWithLineBreak(FileChannel in, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return in.read(last, size - 1) == 1 && last.get(0) == '\n';
    }

    private static int writeFully(FileChannel out, ByteBuffer bytes, long at) throws IOException {
        int n = bytes.remaining();
        long position = at;
        while (bytes.hasRemaining()) {
            position += out.write(bytes, position);
        }
        return n;
    }
}
