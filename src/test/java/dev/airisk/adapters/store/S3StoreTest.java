package dev.airisk.adapters.store;

import static dev.airisk.adapters.store.LocalStoreTest.fileContent;
import static dev.airisk.adapters.store.LocalStoreTest.random;
import static dev.airisk.adapters.store.LocalStoreTest.streamContent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.AiriskException;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.StoreSettings;
import dev.airisk.core.port.ArtifactStore.BlobStatus;
import dev.airisk.core.port.ArtifactStore.Deletion;
import dev.airisk.core.port.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link S3Store} against a real S3 server (S3Proxy) on loopback. */
class S3StoreTest {
    /** The smallest parts S3 allows, so a multipart upload needs only some MiB. */
    private static final S3Store.Tuning SMALL_PARTS = new S3Store.Tuning(5L << 20, 3);

    @TempDir
    Path dir;
    final S3Proxy server = S3Proxy.shared();
    String bucket;
    S3StoreProvider provider;
    S3Store store;
    final AtomicLong uploaded = new AtomicLong();

    @BeforeEach
    void setUp() {
        bucket = server.newBucket();
        Progress counting = (what, total) -> new Progress.Task() {
            @Override
            public void advance(long bytes) {
                uploaded.addAndGet(bytes);
            }

            @Override
            public void close() {
            }
        };
        provider = new S3StoreProvider(connection(server.env()), counting, SMALL_PARTS, Clock.systemUTC());
        store = provider.open("s3://" + bucket + "/team/models", settings(), false);
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void put_smallFile_storesObjectUnderPrefixedDigestKey() throws IOException {
        byte[] bytes = random(1000, 1);
        Path file = write("model.bin", bytes);

        Sha256 digest = store.put(fileContent("model.bin", file), null);

        assertEquals(Sha256.digest(bytes), digest);
        String key = "team/models/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex().substring(2);
        assertEquals(key, store.key(digest));
        assertArrayEquals(bytes, server.admin().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        assertTrue(store.contains(digest));
        assertEquals("s3://" + bucket + "/team/models", store.location());
    }

    @Test
    void put_blobAlreadyStored_isNotUploadedAgain() throws IOException {
        byte[] bytes = random(2000, 2);
        Sha256 digest = store.put(streamContent("a.bin", bytes), null);
        Path onDisk = server.objectFile(bucket, store.key(digest));
        byte[] marker = random(2000, 3);
        Files.write(onDisk, marker);

        assertEquals(digest, store.put(streamContent("b.bin", bytes), null));

        assertArrayEquals(marker, Files.readAllBytes(onDisk), "the second put must not have written the object");
    }

    @Test
    void put_largeFile_goesUpInParallelPartsAndReadsBackExactly() throws IOException {
        byte[] bytes = random((23 << 20) + 123, 4);
        Path file = write("large.bin", bytes);

        Sha256 digest = store.put(fileContent("large.bin", file), null);

        assertEquals(Sha256.digest(bytes), digest);
        HeadObjectResponse head = server.admin().headObject(b -> b.bucket(bucket).key(store.key(digest)));
        assertTrue(head.eTag().endsWith("-5\""), "a multipart object of 5 parts, not " + head.eTag());
        assertEquals(bytes.length, uploaded.get());
        assertEquals(BlobStatus.OK, store.check(digest, bytes.length));
        Path target = dir.resolve("out/large.bin");
        store.copyTo(digest, bytes.length, target);
        assertArrayEquals(bytes, Files.readAllBytes(target));
        assertEquals(List.of(), server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads());
    }

    @Test
    void put_largeStream_isSpooledOnceAndUploadedInParts() throws IOException {
        byte[] bytes = random((11 << 20) + 7, 5);

        Sha256 digest = store.put(streamContent("stream.bin", bytes), null);

        assertEquals(Sha256.digest(bytes), digest);
        assertArrayEquals(bytes, store.open(digest).readAllBytes());
    }

    @Test
    void put_emptyContent_storesEmptyObject() {
        Sha256 digest = store.put(streamContent("empty", new byte[0]), null);

        assertEquals(Sha256.digest(new byte[0]), digest);
        assertEquals(BlobStatus.OK, store.check(digest, 0));
    }

    @Test
    void put_sameKeyByTwoWriters_oneWinsAndTheOtherGets412AndCarriesOn() {
        byte[] bytes = random(4000, 6);
        Sha256 expected = Sha256.digest(bytes);
        S3Store other = provider.open("s3://" + bucket + "/team/models", settings(), false);
        Sha256[] second = new Sha256[1];

        // The first writer has hashed and checked (HEAD: absent); the second stores the blob before the first sends it.
        Sha256 first = store.put(streamContent("a.bin", bytes), null, () -> second[0] = other.put(streamContent("b.bin", bytes), null));

        assertEquals(expected, first);
        assertEquals(expected, second[0]);
        assertEquals(BlobStatus.OK, store.check(expected, bytes.length));
    }

    @Test
    void put_sameLargeKeyByTwoWriters_completeGets412_uploadIsAbortedAndPutCarriesOn() throws IOException {
        byte[] bytes = random((6 << 20) + 1, 7);
        Path file = write("large.bin", bytes);
        S3Store other = provider.open("s3://" + bucket + "/team/models", settings(), false);
        var content = fileContent("large.bin", file);

        Sha256 digest = store.put(content, null, () -> other.put(content, null));

        assertEquals(Sha256.digest(bytes), digest);
        assertEquals(BlobStatus.OK, store.check(digest, bytes.length));
        assertEquals(List.of(), server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads());
    }

    @Test
    void ifNoneMatch_secondConditionalPutOfOneKey_isRefusedWith412() {
        server.admin().putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("one"));

        S3Exception e = assertThrows(S3Exception.class,
                () -> server.admin().putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("two")));

        assertEquals(412, e.statusCode());
        assertEquals("one", server.admin().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
    }

    @Test
    void ifNoneMatch_completingAMultipartUploadOverAnExistingKey_isRefusedWith412() {
        server.admin().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one"));
        String upload = server.admin().createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String etag = server.admin().uploadPart(b -> b.bucket(bucket).key("k").uploadId(upload).partNumber(1),
                RequestBody.fromString("two")).eTag();

        S3Exception e = assertThrows(S3Exception.class, () -> server.admin().completeMultipartUpload(b -> b.bucket(bucket).key("k")
                .uploadId(upload).ifNoneMatch("*").multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag)))));

        assertEquals(412, e.statusCode());
        assertEquals("one", server.admin().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
        server.admin().abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(upload));
    }

    @Test
    void checksum_aPartWhoseBytesDifferFromItsSha256_isRefusedByTheServer() {
        String upload = server.admin().createMultipartUpload(b -> b.bucket(bucket).key("k").checksumAlgorithm("SHA256")).uploadId();
        String wrong = Base64.getEncoder().encodeToString(Sha256.digest("other".getBytes()).raw());

        S3Exception e = assertThrows(S3Exception.class, () -> server.admin().uploadPart(b -> b.bucket(bucket).key("k")
                .uploadId(upload).partNumber(1).checksumSHA256(wrong), RequestBody.fromString("bytes")));

        assertEquals(400, e.statusCode());
        server.admin().abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(upload));
    }

    @Test
    void put_whenAnotherWriterStoredDamagedBytesUnderTheKey_failsNamingTheObject() {
        byte[] bytes = random(3000, 8);
        String key = store.key(Sha256.digest(bytes));

        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> store.put(streamContent("a.bin", bytes), null,
                () -> server.admin().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(random(3000, 9)))));

        assertEquals("the object s3://" + bucket + "/" + key + " that another writer stored does not hash to its name"
                + " (delete the damaged object, then register again)", e.oneLine());
    }

    @Test
    void put_whenBeforePublishFails_storesNothingAndAbortsTheUpload() throws IOException {
        byte[] bytes = random((6 << 20) + 3, 10);
        Path file = write("large.bin", bytes);

        assertThrows(IllegalStateException.class, () -> store.put(fileContent("large.bin", file), null, () -> {
            throw new IllegalStateException("no");
        }));

        assertFalse(store.contains(Sha256.digest(bytes)));
        assertEquals(List.of(), server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads());
    }

    @Test
    void check_andCopyTo_corruptedObjectOnTheServer_areCaughtNamingTheObject() throws IOException {
        byte[] bytes = random(70_000, 11);
        Sha256 digest = store.put(streamContent("a.bin", bytes), null);
        byte[] damaged = bytes.clone();
        damaged[1234] ^= 1;
        Files.write(server.objectFile(bucket, store.key(digest)), damaged);
        Path out = Files.createDirectory(dir.resolve("out"));

        assertEquals(BlobStatus.CORRUPT, store.check(digest, bytes.length));
        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> store.copyTo(digest, bytes.length, out.resolve("a.bin")));

        assertTrue(e.oneLine().startsWith("the stored blob s3://" + bucket + "/" + store.key(digest) + " for "
                + out.resolve("a.bin") + " is damaged: it hashes to "), e.oneLine());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void check_wrongSize_isCorrupt_andMissingBlob_isMissing() {
        byte[] bytes = random(1000, 12);
        Sha256 digest = store.put(streamContent("a", bytes), null);

        assertEquals(BlobStatus.CORRUPT, store.check(digest, bytes.length + 1));
        assertEquals(BlobStatus.MISSING, store.check(Sha256.digest(random(10, 13)), 10));
    }

    @Test
    void open_missingBlob_isNotFound() {
        Sha256 absent = Sha256.digest(random(10, 14));

        NotFound e = assertThrows(NotFound.class, () -> store.open(absent));

        assertEquals("blob " + absent.prefixed() + " is not in the store at s3://" + bucket + "/team/models"
                + " (re-register the model, or check 'store' in registry.yaml)", e.oneLine());
    }

    @Test
    void open_returnsTheStoredBytes() throws IOException {
        byte[] bytes = random(5000, 15);
        Sha256 digest = store.put(streamContent("a", bytes), null);

        try (InputStream in = store.open(digest)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void delete_storedBlob_isDeleted_thenAbsent() {
        Sha256 digest = store.put(streamContent("a", random(100, 16)), null);

        assertEquals(Deletion.DELETED, store.delete(digest));

        assertFalse(store.contains(digest));
        assertEquals(Deletion.ABSENT, store.delete(digest));
    }

    @Test
    void put_withRetention_onAServerWithoutObjectLock_failsClearlyAndStoresNothing() {
        Map<String, String> withRetention = new HashMap<>(settings());
        withRetention.put(StoreSettings.RETENTION, "365d");
        S3Store locked = provider.open("s3://" + bucket + "/locked", withRetention, false);
        byte[] bytes = random(100, 17);

        Unavailable e = assertThrows(Unavailable.class, () -> locked.put(streamContent("a.bin", bytes), null));

        assertEquals("cannot store 'a.bin' in s3://" + bucket + "/locked: " + server.endpoint()
                + " does not implement what the request needs (NotImplemented) (if s3_retention is set in registry.yaml,"
                + " the server may lack Object Lock: remove the setting or use a server that has it)", e.oneLine());
        assertFalse(locked.contains(Sha256.digest(bytes)));
    }

    @Test
    void open_missingBucket_isUnavailableNamingIt() {
        Unavailable e = assertThrows(Unavailable.class, () -> provider.open("s3://no-such-bucket-here/x", settings(), false));

        assertEquals("cannot open the store s3://no-such-bucket-here/x: bucket 'no-such-bucket-here' does not exist at "
                + server.endpoint() + " (create the bucket, or fix the s3:// store in registry.yaml)", e.oneLine());
    }

    @Test
    void open_wrongSecret_isUnavailable_andNeverShowsTheSecret() {
        Map<String, String> env = new HashMap<>(server.env());
        env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret-123");
        try (S3StoreProvider wrong = new S3StoreProvider(connection(env), Progress.NONE, Clock.systemUTC())) {
            Unavailable e = assertThrows(Unavailable.class, () -> wrong.open("s3://" + bucket, settings(), false));

            assertEquals("cannot open the store s3://" + bucket + ": access to bucket '" + bucket + "' at " + server.endpoint()
                    + " is denied (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, and that they may use"
                    + " this bucket)", e.oneLine());
            assertFalse(e.oneLine().contains("not-the-secret-123"));
        }
    }

    @Test
    void open_unreachableEndpoint_isUnavailableWithinSeconds() {
        Map<String, String> s = Map.of(StoreSettings.ENDPOINT, "http://127.0.0.1:" + S3Proxy.closedPort(), StoreSettings.PATH_STYLE, "true");
        long start = System.nanoTime();

        Unavailable e = assertThrows(Unavailable.class, () -> provider.open("s3://" + bucket, s, false));

        assertEquals("cannot open the store s3://" + bucket + ": cannot connect to the S3 endpoint " + s.get(StoreSettings.ENDPOINT)
                + " (check that the server is running and that s3_endpoint in registry.yaml or AWS_ENDPOINT_URL_S3 is right)", e.oneLine());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "retries must stay modest");
    }

    @Test
    void endpointInTheEnvironment_winsOverRegistrySettings() {
        Map<String, String> env = new HashMap<>(server.env());
        env.put("AWS_ENDPOINT_URL_S3", server.endpoint().toString());
        Map<String, String> s = Map.of(StoreSettings.ENDPOINT, "http://127.0.0.1:" + S3Proxy.closedPort(), StoreSettings.PATH_STYLE, "true");
        try (S3StoreProvider p = new S3StoreProvider(connection(env), Progress.NONE, Clock.systemUTC())) {
            S3Store viaEnv = p.open("s3://" + bucket, s, false);

            assertFalse(viaEnv.contains(Sha256.digest(new byte[1])));
        }
    }

    @Test
    void location_badS3Urls_areInvalidInput() {
        for (String bad : List.of("s3://", "s3://A_B/x", "s3://ab", "s3://bucket/../x", "s3://bucket/a//b")) {
            AiriskException e = assertThrows(InvalidInput.class, () -> provider.canonical(bad), bad);
            assertTrue(e.oneLine().contains("s3://BUCKET"), e.oneLine());
        }
        assertEquals("s3://bucket/a/b", provider.canonical("s3://bucket/a/b/"));
    }

    @Test
    void tuning_partsGrowSoThatAnUploadStaysWithin10000Parts() {
        S3Store.Tuning t = S3Store.Tuning.DEFAULT;

        assertEquals(16L << 20, t.partSizeFor(2L << 30));
        assertEquals(16L << 20, t.partSizeFor(10_000L * (16L << 20)));
        assertEquals(17L << 20, t.partSizeFor(10_000L * (16L << 20) + 1));
        assertTrue(t.partSizeFor(5L << 40) * 10_000 >= 5L << 40);
    }

    @Test
    void connection_toString_neverShowsSecrets() {
        S3Connection c = S3Connection.from(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s3cr3t",
                "AWS_SESSION_TOKEN", "t0k3n"));

        assertFalse(c.toString().contains("s3cr3t") || c.toString().contains("t0k3n") || c.toString().contains("AKIDEXAMPLE"), c.toString());
    }

    private Map<String, String> settings() {
        return new StoreSettings(server.endpoint().toString(), true, null).toMap();
    }

    private static S3Connection connection(Map<String, String> env) {
        return S3Connection.from(env);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** An incomplete multipart upload as a killed register leaves it, with one part. */
    private String startUpload(String key) {
        String id = server.admin().createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        server.admin().uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(random(100, 9)));
        return id;
    }

    private List<String> uploads() {
        return server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                .map(software.amazon.awssdk.services.s3.model.MultipartUpload::key).toList();
    }

    @Test
    void removeStaleTemporaries_abortsOldIncompleteUploadsOfBlobKeys_only() {
        String blob = "team/models/sha256/ab/" + "c".repeat(62);
        String foreign = "team/models/other/file.bin";
        startUpload(blob);
        startUpload(foreign);
        Instant later = Instant.now().plusSeconds(60);

        assertEquals(0, store.removeStaleTemporaries(Instant.now().minus(Duration.ofHours(1)), false),
                "an upload started just now may still be running");
        assertEquals(1, store.removeStaleTemporaries(later, true));
        assertEquals(2, uploads().size(), "a dry run aborted an upload");

        assertEquals(1, store.removeStaleTemporaries(later, false));
        assertEquals(List.of(foreign), uploads());
    }
}
