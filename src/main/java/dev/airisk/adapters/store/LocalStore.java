package dev.airisk.adapters.store;

import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.io.Fsync;
import dev.airisk.core.io.HashingCopier;
import dev.airisk.core.io.HashingCopier.Hashed;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Content;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A content-addressed store in a local folder: blobs at {@code <root>/sha256/<2 hex>/<62 hex>},
 * read-only (0444), never overwritten.
 *
 * <p>{@link #put} reads the source once, hashing while it copies into {@code <root>/tmp/} (same
 * file system), forces the bytes to disk, then publishes the blob with a hard link, which fails
 * rather than replaces when the blob exists (a rename is the fallback where links are not
 * supported), and flushes the directory. A failed put leaves no blob and no temporary file; a killed
 * one leaves its {@code tmp/put-*.part}, which the first put of a later process removes once it is
 * older than {@link ArtifactStore#STALE_TEMPORARY_AGE} (as {@code airisk gc} does).
 */
public final class LocalStore implements ArtifactStore {
    private final Path root;
    private final Path tmp;
    private static final String TEMP_PREFIX = "put-";
    private static final String TEMP_SUFFIX = ".part";

    private final HashingCopier copier;
    private final Clock clock;
    private final AtomicBoolean swept = new AtomicBoolean();

    /** A store in the existing folder {@code root}, copying with 4 buffers of 4 MiB per transfer. */
    public LocalStore(Path root) {
        this(root, new HashingCopier());
    }

    /**
     * A store in the existing folder {@code root} that copies and hashes with {@code copier}. Left-over
     * temporary files are aged by their modification times, which the file system writes on the system's
     * time, so that is the clock they are compared with.
     */
    public LocalStore(Path root, HashingCopier copier) {
        this(root, copier, Clock.systemUTC());
    }

    /** As above, judging the age of left-over temporary files by {@code clock}. */
    public LocalStore(Path root, HashingCopier copier, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        this.copier = copier;
        this.clock = clock;
    }

    @Override
    public String location() {
        return root.toString();
    }

    /** Where a blob lives (whether or not it is stored). */
    public Path blobPath(Sha256 digest) {
        return root.resolve(digest.storeKey());
    }

    @Override
    public Sha256 put(Content content, Sha256 likely, Runnable beforePublish) {
        return put(content, likely, beforePublish, NOTHING);
    }

    @Override
    public Sha256 put(Content content, Sha256 likely, Runnable beforePublish, LongConsumer done) {
        if (likely != null && content.file().isPresent() && isUnchanged(content, content.file().get(), likely, done)) {
            return likely;
        }
        return copyIn(content, beforePublish, done);
    }

    private static final LongConsumer NOTHING = n -> { };

    @Override
    public boolean contains(Sha256 digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    @Override
    public BlobStatus check(Sha256 digest, long expectedSize) {
        return check(digest, expectedSize, NOTHING);
    }

    @Override
    public BlobStatus check(Sha256 digest, long expectedSize, LongConsumer done) {
        try (FileChannel in = FileChannel.open(blobPath(digest), StandardOpenOption.READ)) {
            if (expectedSize >= 0 && in.size() != expectedSize) {
                return BlobStatus.CORRUPT;
            }
            Hashed h = copier.hash(in, done);
            boolean sizeOk = expectedSize < 0 || h.size() == expectedSize;
            return sizeOk && h.digest().equals(digest) ? BlobStatus.OK : BlobStatus.CORRUPT;
        } catch (NoSuchFileException e) {
            return BlobStatus.MISSING;
        } catch (IOException e) {
            throw unreadable(digest, e);
        }
    }

    @Override
    public void copyTo(Sha256 digest, long expectedSize, Path target) {
        copyTo(digest, expectedSize, target, NOTHING);
    }

    @Override
    public void copyTo(Sha256 digest, long expectedSize, Path target, LongConsumer done) {
        try (FileChannel in = openBlob(digest)) {
            BlobCopy.verified(target, digest, expectedSize, null, in.size(), out -> copier.copyFile(in, out, true, done));
        } catch (IOException e) {
            throw unreadable(digest, e);
        }
    }

    @Override
    public InputStream open(Sha256 digest) {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw missing(digest);
        } catch (IOException e) {
            throw unreadable(digest, e);
        }
    }

    @Override
    public Deletion delete(Sha256 digest) {
        Path blob = blobPath(digest);
        try {
            if (!Files.deleteIfExists(blob)) {
                return Deletion.ABSENT;
            }
            Fsync.directory(blob.getParent());
            return Deletion.DELETED;
        } catch (IOException e) {
            throw new Unavailable("cannot delete blob " + digest.prefixed() + " in the store at " + root + ": "
                    + IoErrors.describe(e), "check that the store folder is writable", e);
        }
    }

    /** Best effort: a temporary file that cannot be read or deleted is left for the next time. */
    @Override
    public int removeStaleTemporaries(Instant modifiedBefore, boolean dryRun) {
        int removed = 0;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path part : parts) {
                if (isStale(part, modifiedBefore) && (dryRun || deleted(part))) {
                    removed++;
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // no tmp folder yet, or it cannot be listed: nothing to remove now
        }
        return removed;
    }

    private static boolean isStale(Path part, Instant modifiedBefore) {
        try {
            BasicFileAttributes a = Files.readAttributes(part, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(modifiedBefore);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean deleted(Path part) {
        try {
            return Files.deleteIfExists(part);
        } catch (IOException e) {
            return false;
        }
    }

    /** Hashes the source in place; true when it is exactly the stored blob {@code likely}. */
    private boolean isUnchanged(Content content, Path file, Sha256 likely, LongConsumer done) {
        Path blob = blobPath(likely);
        try {
            if (!Files.isRegularFile(blob) || Files.size(blob) != content.size()) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Hashed h = copier.hash(in, done);
            return h.size() == content.size() && h.digest().equals(likely);
        } catch (IOException e) {
            throw BlobCopy.unreadableSource(content, e);
        }
    }

    /**
     * Copies the content into a temp file, hashing as it goes, and publishes it unless the blob is
     * there already. A file is copied by the kernel, hashed as the copy grows and flushed behind the
     * copy; a stream goes through the read/hash/write pipeline. The final force is then short.
     */
    private Sha256 copyIn(Content content, Runnable beforePublish, LongConsumer done) {
        if (swept.compareAndSet(false, true)) {
            removeStaleTemporaries(clock.instant().minus(STALE_TEMPORARY_AGE), false);
        }
        Path temp = tmp.resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
        try (ReadableByteChannel in = BlobCopy.openSource(content)) {
            Fsync.createDirectories(tmp);
            Hashed h;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileChannel file = in instanceof FileChannel f ? f : null;
                h = file != null ? copier.copyFile(file, out, true, done) : copier.copy(in, out, done);
                if (h.size() != content.size()) {
                    throw BlobCopy.changedWhileStored(content, h.size());
                }
                if (contains(h.digest())) {
                    return h.digest();
                }
                if (file == null) {
                    out.force(true);
                }
            }
            beforePublish.run();
            publish(temp, blobPath(h.digest()));
            return h.digest();
        } catch (AccessDeniedException e) {
            throw new Unavailable("store folder " + root + " is not writable",
                    "fix its permissions or point 'store' in registry.yaml at a writable folder", e);
        } catch (IOException e) {
            throw new Unavailable("cannot store '" + content.path() + "' in " + root + ": " + IoErrors.describe(e),
                    "check that the model file is readable and the store folder is writable and has free space", e);
        } finally {
            BlobCopy.deleteQuietly(temp);
        }
    }

    /** Publishes a complete, durable temp file under its digest without ever replacing a blob. */
    private void publish(Path temp, Path blob) throws IOException {
        makeReadOnly(temp);
        Path dir = blob.getParent();
        Fsync.createDirectories(dir);
        try {
            Files.createLink(blob, temp);
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof AccessDeniedException denied) {
                throw denied;
            }
            if (Files.exists(blob)) {
                return;
            }
            Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE);
        }
        Fsync.directory(dir);
    }

    private static void makeReadOnly(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            posix.setPermissions(PosixFilePermissions.fromString("r--r--r--"));
        } else if (!file.toFile().setReadOnly()) {
            throw new IOException("cannot make " + file + " read-only");
        }
    }

    private FileChannel openBlob(Sha256 digest) {
        try {
            return FileChannel.open(blobPath(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw missing(digest);
        } catch (IOException e) {
            throw unreadable(digest, e);
        }
    }

    private NotFound missing(Sha256 digest) {
        return new NotFound("blob " + digest.prefixed() + " is not in the store at " + root,
                "re-register the model, or check 'store' in registry.yaml");
    }

    private Unavailable unreadable(Sha256 digest, IOException e) {
        return new Unavailable("cannot read blob " + digest.prefixed() + " in the store at " + root + ": " + IoErrors.describe(e),
                "check that the store folder is readable", e);
    }
}
