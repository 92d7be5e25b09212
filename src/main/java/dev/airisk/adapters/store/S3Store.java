package dev.airisk.adapters.store;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.AiriskException;
import dev.airisk.core.io.HashingCopier.Hashed;
import dev.airisk.core.io.HashingCopier;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.io.Parallel;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Content;
import dev.airisk.core.port.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A content-addressed store in an S3 bucket (AWS or any S3-compatible server): blobs at
 * {@code <prefix>/sha256/<2 hex>/<62 hex>}, never overwritten, verified on every read.
 *
 * <p>{@link #put} reads the source once, computing the blob's SHA-256 and the SHA-256 of each part
 * together; a small blob is kept in memory, a large file is re-read part by part from the file (a
 * large stream is spooled to a temporary file first). A blob already stored (HEAD) is not uploaded.
 * Otherwise it is written with {@code If-None-Match: *}, so nothing is ever replaced, and with
 * {@code x-amz-checksum-sha256} for the object or for every part, so the server refuses bytes that
 * differ from those hashed. A large blob goes up as a multipart upload with parts in parallel, read
 * straight from the file (no part buffers in memory); a failed upload is aborted. A 412 answer means
 * another writer stored the blob first: its bytes are checked, and the put carries on.
 */
public final class S3Store implements ArtifactStore {
    private static final String OCTETS = "application/octet-stream";

    /** The rest of a blob key after {@code sha256/}. */
    private static final Pattern BLOB_KEY = Pattern.compile("[0-9a-f]{2}/[0-9a-f]{62}");

    /** Multipart part size and how many parts go up at once. */
    public record Tuning(long partSize, int parallelism) {
        /** 16 MiB parts, 8 at a time. */
        public static final Tuning DEFAULT = new Tuning(16L << 20, 8);
        /** S3 takes at most 10,000 parts per upload. */
        static final int MAX_PARTS = 10_000;

        public Tuning {
            if (partSize < (5L << 20) || partSize > (5L << 30) || parallelism < 1) {
                throw new IllegalArgumentException("parts of 5 MiB to 5 GiB, at least one at a time");
            }
        }

        /** The part size for {@code size} bytes: the tuned size, or larger (whole MiB) to stay within 10,000 parts. */
        long partSizeFor(long size) {
            long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
            return Math.max(partSize, (needed + (1 << 20) - 1) >> 20 << 20);
        }
    }

    private final S3Client s3;
    private final S3Location where;
    private final Duration retention;
    private final Progress progress;
    private final Tuning tuning;
    private final S3Errors errors;
    private final Clock clock;
    private final HashingCopier copier = new HashingCopier();

    S3Store(S3Client s3, S3Location where, Duration retention, Progress progress, Tuning tuning, S3Errors errors, Clock clock) {
        this.s3 = s3;
        this.where = where;
        this.retention = retention;
        this.progress = progress;
        this.tuning = tuning;
        this.errors = errors;
        this.clock = clock;
    }

    @Override
    public String location() {
        return where.toString();
    }

    /** The object key of a blob (whether or not it is stored). */
    public String key(Sha256 digest) {
        return where.key(digest);
    }

    @Override
    public Sha256 put(Content content, Sha256 likely, Runnable beforePublish) {
        long partSize = tuning.partSizeFor(content.size());
        boolean small = content.size() <= partSize;
        Optional<Path> file = content.file();
        Path spool = null;
        try {
            if (!small && file.isEmpty()) {
                spool = Files.createTempFile("airisk-s3-", ".part");
            }
            MemorySink memory = small ? new MemorySink(content.size()) : null;
            Hashed h;
            List<String> parts;
            try (ReadableByteChannel in = BlobCopy.openSource(content);
                 WritableByteChannel copy = spool != null ? FileChannel.open(spool, StandardOpenOption.WRITE) : memory) {
                PartDigests digests = new PartDigests(partSize, copy);
                h = copier.copy(in, digests);
                parts = digests.base64();
            }
            if (h.size() != content.size()) {
                throw BlobCopy.changedWhileStored(content, h.size());
            }
            String key = where.key(h.digest());
            if (exists(key)) {
                return h.digest();
            }
            if (small) {
                putObject(key, memory.bytes(), h.digest(), beforePublish);
            } else {
                putMultipart(content, key, h.digest(), spool != null ? spool : file.get(), h.size(), partSize, parts, beforePublish);
            }
            return h.digest();
        } catch (IOException e) {
            throw new Unavailable("cannot store '" + content.path() + "' in " + where + ": " + IoErrors.describe(e),
                    "check that the model file is readable and the temporary folder has free space", e);
        } catch (SdkException e) {
            throw mapPut(content, e);
        } finally {
            if (spool != null) {
                BlobCopy.deleteQuietly(spool);
            }
        }
    }

    @Override
    public boolean contains(Sha256 digest) {
        try {
            return exists(where.key(digest));
        } catch (SdkException e) {
            throw errors.map("read " + where.url(where.key(digest)), e);
        }
    }

    @Override
    public BlobStatus check(Sha256 digest, long expectedSize) {
        String key = where.key(digest);
        try (ResponseInputStream<GetObjectResponse> in = get(key)) {
            if (expectedSize >= 0 && in.response().contentLength() != expectedSize) {
                in.abort();
                return BlobStatus.CORRUPT;
            }
            Hashed h = copier.hash(Channels.newChannel(in));
            boolean sizeOk = expectedSize < 0 || h.size() == expectedSize;
            return sizeOk && h.digest().equals(digest) ? BlobStatus.OK : BlobStatus.CORRUPT;
        } catch (NoSuchKeyException e) {
            return BlobStatus.MISSING;
        } catch (SdkException e) {
            throw errors.map("read " + where.url(key), e);
        } catch (IOException e) {
            throw unreadable(key, e);
        }
    }

    @Override
    public void copyTo(Sha256 digest, long expectedSize, Path target) {
        String key = where.key(digest);
        String object = where.url(key);
        try (ResponseInputStream<GetObjectResponse> in = get(key)) {
            long stored = in.response().contentLength();
            BlobCopy.verified(target, digest, expectedSize, object, stored, out -> copier.copy(Channels.newChannel(in), out));
        } catch (NoSuchKeyException e) {
            throw missing(digest);
        } catch (SdkException e) {
            throw errors.map("read " + object, e);
        } catch (IOException e) {
            throw unreadable(key, e);
        }
    }

    @Override
    public InputStream open(Sha256 digest) {
        String key = where.key(digest);
        try {
            return get(key);
        } catch (NoSuchKeyException e) {
            throw missing(digest);
        } catch (SdkException e) {
            throw errors.map("read " + where.url(key), e);
        }
    }

    @Override
    public Deletion delete(Sha256 digest) {
        String key = where.key(digest);
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(where.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            return Deletion.ABSENT;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 && S3Errors.code(e).isEmpty()) {
                return Deletion.ABSENT;
            }
            throw errors.map("delete " + where.url(key), e);
        } catch (SdkException e) {
            throw errors.map("delete " + where.url(key), e);
        }
        if (head.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON
                || (head.objectLockRetainUntilDate() != null && head.objectLockRetainUntilDate().isAfter(clock.instant()))) {
            return Deletion.LOCKED;
        }
        try {
            s3.deleteObject(b -> b.bucket(where.bucket()).key(key).versionId(head.versionId()));
            return Deletion.DELETED;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 403 && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("lock")) {
                return Deletion.LOCKED;
            }
            throw errors.map("delete " + where.url(key), e);
        } catch (SdkException e) {
            throw errors.map("delete " + where.url(key), e);
        }
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(where.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 && S3Errors.code(e).isEmpty()) {
                return false;
            }
            throw e;
        }
    }

    private ResponseInputStream<GetObjectResponse> get(String key) {
        return s3.getObject(b -> b.bucket(where.bucket()).key(key));
    }

    /** One PUT of a small blob, conditional and with its checksum. */
    private void putObject(String key, byte[] bytes, Sha256 digest, Runnable beforePublish) {
        beforePublish.run();
        PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(where.bucket()).key(key)
                .contentType(OCTETS).contentLength((long) bytes.length).ifNoneMatch("*")
                .checksumSHA256(Base64.getEncoder().encodeToString(digest.raw()));
        if (retention != null) {
            req.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(clock.instant().plus(retention));
        }
        try {
            s3.putObject(req.build(), RequestBody.fromBytes(bytes));
        } catch (AwsServiceException e) {
            if (!preconditionFailed(e)) {
                throw e;
            }
            confirmExisting(key, digest, bytes.length);
        }
    }

    /**
     * A multipart upload: parts read from {@code file} in parallel, each with its SHA-256; completed
     * with {@code If-None-Match: *} once every part is stored and {@code beforePublish} has run;
     * aborted on any failure.
     */
    private void putMultipart(Content content, String key, Sha256 digest, Path file, long size, long partSize, List<String> partDigests,
                              Runnable beforePublish) throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(where.bucket()).key(key)
                .contentType(OCTETS).checksumAlgorithm(ChecksumAlgorithm.SHA256);
        if (retention != null) {
            create.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(clock.instant().plus(retention));
        }
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        boolean completed = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             Progress.Task task = progress.start("uploading " + content.path(), size)) {
            List<Integer> numbers = IntStream.rangeClosed(1, partDigests.size()).boxed().toList();
            List<CompletedPart> parts = Parallel.map(numbers, tuning.parallelism(),
                    n -> uploadPart(channel, key, uploadId, n, size, partSize, partDigests.get(n - 1), task));
            beforePublish.run();
            try {
                s3.completeMultipartUpload(b -> b.bucket(where.bucket()).key(key).uploadId(uploadId).ifNoneMatch("*")
                        .multipartUpload(m -> m.parts(parts)));
                completed = true;
            } catch (AwsServiceException e) {
                if (!preconditionFailed(e)) {
                    throw e;
                }
                abort(key, uploadId);
                completed = true;
                confirmExisting(key, digest, size);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (!completed) {
                abort(key, uploadId);
            }
        }
    }

    private CompletedPart uploadPart(FileChannel channel, String key, String uploadId, int number, long size,
                                     long partSize, String checksum, Progress.Task task) {
        long offset = (number - 1) * partSize;
        long length = Math.min(partSize, size - offset);
        UploadPartResponse r = s3.uploadPart(b -> b.bucket(where.bucket()).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength(length).checksumSHA256(checksum),
                RequestBody.fromContentProvider(() -> region(channel, offset, length), length, OCTETS));
        task.advance(length);
        return CompletedPart.builder().partNumber(number).eTag(r.eTag()).checksumSHA256(checksum).build();
    }

    private static InputStream region(FileChannel channel, long offset, long length) {
        try {
            return new RegionInputStream(channel, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Aborts what killed registers left: incomplete multipart uploads of blob keys under this store's
     * prefix that were started before {@code modifiedBefore} and have had no part uploaded since. A
     * server without ListMultipartUploads (501) has nothing removed.
     */
    @Override
    public int removeStaleTemporaries(Instant modifiedBefore, boolean dryRun) {
        String blobs = where.blobPrefix();
        int removed = 0;
        try {
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(where.bucket()).prefix(blobs)).uploads()) {
                boolean ours = BLOB_KEY.matcher(u.key().substring(blobs.length())).matches();
                if (ours && u.initiated() != null && u.initiated().isBefore(modifiedBefore) && !partSince(u, modifiedBefore)) {
                    if (!dryRun) {
                        abort(u.key(), u.uploadId());
                    }
                    removed++;
                }
            }
        } catch (AwsServiceException e) {
            if (e.statusCode() == 501 || "NotImplemented".equals(S3Errors.code(e))) {
                return 0;
            }
            throw errors.map("list the incomplete uploads in " + where, e);
        } catch (SdkException e) {
            throw errors.map("list the incomplete uploads in " + where, e);
        }
        return removed;
    }

    /** True when a part of the upload was stored at or after {@code t}: it may still be running. */
    private boolean partSince(MultipartUpload u, Instant t) {
        return s3.listPartsPaginator(b -> b.bucket(where.bucket()).key(u.key()).uploadId(u.uploadId())).parts().stream()
                .anyMatch(p -> p.lastModified() != null && !p.lastModified().isBefore(t));
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(where.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException ignored) {
            // best effort: an incomplete upload is never visible, and a bucket lifecycle rule can expire it
        }
    }

    /** Another writer stored the blob first: carry on when its bytes are the ones named. */
    private void confirmExisting(String key, Sha256 digest, long size) {
        BlobStatus status = check(digest, size);
        if (status == BlobStatus.CORRUPT) {
            throw new IntegrityFailure("the object " + where.url(key) + " that another writer stored does not hash to its name",
                    "delete the damaged object, then register again");
        }
        if (status == BlobStatus.MISSING) {
            throw new Unavailable("the object " + where.url(key) + " was written by another writer and is gone again",
                    "register again", null);
        }
    }

    private static boolean preconditionFailed(AwsServiceException e) {
        return e.statusCode() == 412 || "PreconditionFailed".equals(S3Errors.code(e));
    }

    private AiriskException mapPut(Content content, SdkException e) {
        if (e instanceof AwsServiceException s) {
            String code = S3Errors.code(s);
            if (code.equals("BadDigest") || code.equals("XAmzContentChecksumMismatch") || code.equals("InvalidDigest")) {
                return new IntegrityFailure("'" + content.path() + "' changed while it was stored: " + where
                        + " refused bytes that differ from those hashed (" + code + ")",
                        "make sure nothing writes to the model while it is registered, then register again", e);
            }
        }
        return errors.map("store '" + content.path() + "' in " + where, e);
    }


    private NotFound missing(Sha256 digest) {
        return new NotFound("blob " + digest.prefixed() + " is not in the store at " + where,
                "re-register the model, or check 'store' in registry.yaml");
    }

    private Unavailable unreadable(String key, IOException e) {
        return new Unavailable("cannot read " + where.url(key) + ": " + IoErrors.describe(e),
                "retry; check the network and the S3 server", e);
    }
}
