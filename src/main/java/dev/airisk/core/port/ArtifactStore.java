package dev.airisk.core.port;

import dev.airisk.core.model.Sha256;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * Content-addressed, immutable blob storage. Keys are {@code sha256/<2 hex>/<62 hex>}. Nothing is
 * ever overwritten; every read is checked against the digest.
 */
public interface ArtifactStore {

    /** Where the store is, for messages and registry.yaml. */
    String location();

    /**
     * Stores content and returns its digest. The bytes are read once, hashed while they are copied to
     * a temporary name, made durable, then published under their digest; a blob that exists already
     * is not written again. When {@code likely} is given (the digest a previous version recorded for
     * this path and size) and the store holds it, the store may first hash the source without
     * copying and skip the copy when it matches. {@code beforePublish} runs once the bytes are hashed
     * and durable, just before a new blob becomes visible; when it throws, nothing is published and
     * the exception propagates.
     */
    Sha256 put(Content content, Sha256 likely, Runnable beforePublish);

    /** {@link #put(Content, Sha256, Runnable)} with nothing to wait for before publishing. */
    default Sha256 put(Content content, Sha256 likely) {
        return put(content, likely, () -> { });
    }

    /** Where a blob lives in this store, for messages: a file path or an {@code s3://} URL. */
    default String objectName(Sha256 digest) {
        return location() + "/" + digest.storeKey();
    }

    /** True when a blob with that digest is stored. */
    boolean contains(Sha256 digest);

    /** Re-reads a blob and re-hashes it. */
    BlobStatus check(Sha256 digest, long expectedSize);

    /**
     * {@link #put(Content, Sha256, Runnable)}, telling {@code done} how many bytes were read, as it
     * goes where the store can (else once, at the end).
     */
    default Sha256 put(Content content, Sha256 likely, Runnable beforePublish, LongConsumer done) {
        Sha256 digest = put(content, likely, beforePublish);
        done.accept(content.size());
        return digest;
    }

    /** {@link #check(Sha256, long)}, telling {@code done} how many bytes were read, as it goes where the store can. */
    default BlobStatus check(Sha256 digest, long expectedSize, LongConsumer done) {
        BlobStatus status = check(digest, expectedSize);
        done.accept(Math.max(0, expectedSize));
        return status;
    }

    /** {@link #copyTo(Sha256, long, Path)}, telling {@code done} how many bytes were copied, as it goes where the store can. */
    default void copyTo(Sha256 digest, long expectedSize, Path target, LongConsumer done) {
        copyTo(digest, expectedSize, target);
        done.accept(Math.max(0, expectedSize));
    }

    /**
     * Copies a blob to {@code target}, hashing while it writes to a temporary file beside it, and
     * moves it into place only when the bytes match. IntegrityFailure (and no file) otherwise.
     */
    void copyTo(Sha256 digest, long expectedSize, Path target);

    /** Opens a blob's raw bytes; callers verify (see {@code core.io.VerifyingInputStream}). NotFound when absent. */
    InputStream open(Sha256 digest);

    /**
     * Deletes a blob, for retention ({@code airisk gc}). A blob under a retention lock (S3 Object
     * Lock) is left in place and reported as {@link Deletion#LOCKED}.
     */
    Deletion delete(Sha256 digest);

    /**
     * How long a temporary file of a put must have gone unmodified before it counts as left behind by
     * a killed process and is removed: a put still running writes to its file all the time.
     */
    Duration STALE_TEMPORARY_AGE = Duration.ofHours(1);

    /**
     * Removes what killed puts left behind: temporary files last modified before {@code modifiedBefore}
     * (a local store's {@code tmp/put-*.part}). Returns how many were removed, or with {@code dryRun}
     * how many would be. A store with nothing of the kind removes nothing.
     */
    default int removeStaleTemporaries(Instant modifiedBefore, boolean dryRun) {
        return 0;
    }

    /** The result of re-hashing one blob. */
    enum BlobStatus { OK, MISSING, CORRUPT }

    /** What {@link #delete} did. */
    enum Deletion { DELETED, ABSENT, LOCKED }
}
