package dev.airisk.adapters.store;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.io.Fsync;
import dev.airisk.core.io.HashingCopier.Hashed;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Content;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/** What every store does alike: a verified copy out of the store, and the failures of a put. */
final class BlobCopy {
    private static final String DAMAGED_FIX = "nothing was written; re-register the model from its source to repair the store";

    private BlobCopy() {
    }

    /** Copies into {@code out}, returning the digest and size of what it wrote. */
    interface Body {
        Hashed copy(FileChannel out) throws IOException;
    }

    /**
     * Writes a blob to a temporary file beside {@code target} with {@code body}, and moves it into
     * place only when its size and digest match; IntegrityFailure (and no file) otherwise.
     * {@code object} names the stored blob in messages (null for "the stored blob for TARGET").
     */
    static void verified(Path target, Sha256 digest, long expectedSize, String object, long storedSize, Body body) {
        Path absolute = target.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        Path temp = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            if (expectedSize >= 0 && storedSize >= 0 && storedSize != expectedSize) {
                throw damaged(object, absolute, digest, expectedSize, "has " + storedSize + " bytes");
            }
            Fsync.createDirectories(dir);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                Hashed h = body.copy(out);
                if (!h.digest().equals(digest)) {
                    throw damaged(object, absolute, digest, expectedSize, "hashes to " + h.digest().shortHex());
                }
                if (expectedSize >= 0 && h.size() != expectedSize) {
                    throw damaged(object, absolute, digest, expectedSize, "has " + h.size() + " bytes");
                }
                out.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Fsync.directory(dir);
        } catch (IOException e) {
            throw new Unavailable("cannot write " + absolute + ": " + IoErrors.describe(e),
                    "check that its folder is writable and has free space", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** The source yielded another number of bytes than it declared. */
    static IntegrityFailure changedWhileStored(Content content, long read) {
        return new IntegrityFailure("'" + content.path() + "' changed while it was stored: "
                + content.size() + " bytes were expected, " + read + " were read",
                "make sure nothing writes to the model while it is registered, then register again");
    }

    /** The source as a file channel when it is a file, else as a channel over its stream. */
    static ReadableByteChannel openSource(Content content) {
        try {
            Optional<Path> file = content.file();
            return file.isPresent()
                    ? FileChannel.open(file.get(), StandardOpenOption.READ)
                    : Channels.newChannel(content.open());
        } catch (IOException e) {
            throw unreadableSource(content, e);
        }
    }

    static Unavailable unreadableSource(Content content, IOException e) {
        return new Unavailable("cannot read '" + content.path() + "': " + IoErrors.describe(e),
                "check that the model files are readable", e);
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a leftover temp file never becomes a blob
        }
    }

    private static IntegrityFailure damaged(String object, Path target, Sha256 digest, long expectedSize, String what) {
        return new IntegrityFailure("the stored blob " + (object == null ? "" : object + " ") + "for " + target
                + " is damaged: it " + what + ", not " + digest.shortHex() + " (" + expectedSize + " bytes)", DAMAGED_FIX);
    }
}
