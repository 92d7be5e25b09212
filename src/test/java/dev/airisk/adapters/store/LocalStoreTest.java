package dev.airisk.adapters.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.io.HashingCopier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.ArtifactStore.BlobStatus;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Content;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
    /** Small buffers, so a few hundred KiB already run through the threaded pipeline. */
    private static final HashingCopier SMALL_BUFFERS = new HashingCopier(64 * 1024, 3);

    @TempDir
    Path dir;
    Path root;
    LocalStore store;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(dir.resolve("store"));
        store = new LocalStore(root, SMALL_BUFFERS);
    }

    @Test
    void put_file_storesReadOnlyBlobUnderItsDigest() throws IOException {
        byte[] bytes = random(1000, 1);
        Path file = write("model.bin", bytes);

        Sha256 digest = store.put(fileContent("model.bin", file), null);

        assertEquals(Sha256.digest(bytes), digest);
        Path blob = root.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex().substring(2));
        assertEquals(blob, store.blobPath(digest));
        assertArrayEquals(bytes, Files.readAllBytes(blob));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(blob)));
        assertTrue(store.contains(digest));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void put_largeFile_hashesAcrossManyBuffers() throws IOException {
        byte[] bytes = random(64 * 1024 * 10 + 17, 2);
        Path file = write("big.bin", bytes);

        Sha256 digest = store.put(fileContent("big.bin", file), null);

        assertEquals(Sha256.digest(bytes), digest);
        assertArrayEquals(bytes, Files.readAllBytes(store.blobPath(digest)));
    }

    @Test
    void putCheckAndCopy_tellHowManyBytesWereRead_asTheyGo() throws IOException {
        byte[] bytes = random(64 * 1024 * 10 + 17, 4);
        Path file = write("big.bin", bytes);
        List<Long> steps = new CopyOnWriteArrayList<>();

        Sha256 digest = store.put(fileContent("big.bin", file), null, () -> { }, steps::add);
        assertEquals(bytes.length, steps.stream().mapToLong(Long::longValue).sum());
        assertTrue(steps.size() > 5, "reported buffer by buffer: " + steps);

        steps.clear();
        assertEquals(ArtifactStore.BlobStatus.OK, store.check(digest, bytes.length, steps::add));
        assertEquals(bytes.length, steps.stream().mapToLong(Long::longValue).sum());
        assertTrue(steps.size() > 5, steps.toString());

        steps.clear();
        store.copyTo(digest, bytes.length, dir.resolve("copy.bin"), steps::add);
        assertEquals(bytes.length, steps.stream().mapToLong(Long::longValue).sum());
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("copy.bin")));

        steps.clear();
        Sha256 streamed = store.put(streamContent("s.bin", bytes), null, () -> { }, steps::add);
        assertEquals(digest, streamed);
        assertEquals(bytes.length, steps.stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void put_fileLargerThanTheFlushStep_isFlushedBehindAndStoredIntact() throws IOException {
        byte[] bytes = random(136 << 20, 22);
        Path file = write("large.bin", bytes);
        LocalStore defaults = new LocalStore(root);

        Sha256 digest = defaults.put(fileContent("large.bin", file), null);

        assertEquals(Sha256.digest(bytes), digest);
        assertEquals(BlobStatus.OK, defaults.check(digest, bytes.length));
    }

    @Test
    void put_stream_ofExactlyBufferMultiple_storesSameBytes() throws IOException {
        byte[] bytes = random(64 * 1024 * 4, 3);

        Sha256 digest = store.put(streamContent("s.bin", bytes), null);

        assertEquals(Sha256.digest(bytes), digest);
        assertArrayEquals(bytes, Files.readAllBytes(store.blobPath(digest)));
    }

    @Test
    void put_emptyContent_storesEmptyBlob() throws IOException {
        Sha256 digest = store.put(streamContent("empty", new byte[0]), null);

        assertEquals(Sha256.digest(new byte[0]), digest);
        assertEquals(0, Files.size(store.blobPath(digest)));
    }

    @Test
    void put_sameContentTwice_keepsTheFirstBlob() throws IOException {
        byte[] bytes = random(300_000, 4);
        Sha256 first = store.put(streamContent("a", bytes), null);
        Object inode = Files.getAttribute(store.blobPath(first), "unix:ino");

        Sha256 second = store.put(streamContent("b", bytes), null);

        assertEquals(first, second);
        assertEquals(inode, Files.getAttribute(store.blobPath(first), "unix:ino"));
        assertEquals(List.of(store.blobPath(first)), blobs());
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void put_withLikelyDigestOfStoredBlob_hashesInPlaceWithoutCopying() throws IOException {
        byte[] bytes = random(300_000, 5);
        Path file = write("w.bin", bytes);
        Sha256 digest = store.put(fileContent("w.bin", file), null);
        blockTempFolder();

        assertEquals(digest, store.put(fileContent("w.bin", file), digest));
    }

    @Test
    void put_withStaleLikelyDigest_copiesAndReturnsTheRealDigest() throws IOException {
        Sha256 old = store.put(streamContent("w.bin", random(1000, 6)), null);
        byte[] now = random(1000, 7);
        Path file = write("w.bin", now);

        Sha256 digest = store.put(fileContent("w.bin", file), old);

        assertEquals(Sha256.digest(now), digest);
        assertEquals(2, blobs().size());
    }

    @Test
    void put_sourceShorterThanDeclared_isRefusedAndStoresNothing() throws IOException {
        Content lying = content("weights.bin", 2000, () -> new ByteArrayInputStream(new byte[1000]), null);

        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> store.put(lying, null));

        assertEquals("'weights.bin' changed while it was stored: 2000 bytes were expected, 1000 were read"
                + " (make sure nothing writes to the model while it is registered, then register again)", e.oneLine());
        assertEquals(List.of(), blobs());
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void put_sourceFailingMidway_leavesStoreUnchanged() throws IOException {
        Content failing = content("weights.bin", 1_000_000, () -> new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                throw new IOException("disk read error");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > 500_000) {
                    throw new IOException("disk read error");
                }
                served += len;
                return len;
            }
        }, null);

        Unavailable e = assertThrows(Unavailable.class, () -> store.put(failing, null));

        assertEquals("cannot store 'weights.bin' in " + root + ": disk read error"
                + " (check that the model file is readable and the store folder is writable and has free space)", e.oneLine());
        assertEquals(List.of(), blobs());
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void put_whenTempFolderCannotBeCreated_isUnavailableWithOneLineMessage() throws IOException {
        blockTempFolder();

        Unavailable e = assertThrows(Unavailable.class, () -> store.put(streamContent("a", random(10, 8)), null));

        assertEquals("cannot store 'a' in " + root + ": already exists: " + root.resolve("tmp")
                + " (check that the model file is readable and the store folder is writable and has free space)", e.oneLine());
        assertEquals(List.of(), blobs());
    }

    @Test
    void put_sameStreamFromTwoThreadsAtOnce_storesOneBlob() throws Exception {
        byte[] bytes = random(2 * 1024 * 1024, 9);

        putConcurrently(i -> streamContent("copy" + i, bytes));

        assertEquals(List.of(store.blobPath(Sha256.digest(bytes))), blobs());
        assertArrayEquals(bytes, Files.readAllBytes(blobs().get(0)));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void put_sameFileFromTwoThreadsAtOnce_storesOneBlob() throws Exception {
        byte[] bytes = random(2 * 1024 * 1024, 19);
        Path file = write("shared.bin", bytes);

        putConcurrently(i -> fileContent("shared.bin", file));

        assertEquals(List.of(store.blobPath(Sha256.digest(bytes))), blobs());
        assertArrayEquals(bytes, Files.readAllBytes(blobs().get(0)));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void put_fileShorterThanDeclared_isRefusedAndStoresNothing() throws IOException {
        Path file = write("w.bin", random(1000, 20));
        Content declared = fileContent("w.bin", file);
        Files.write(file, random(600, 21));

        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> store.put(declared, null));

        assertTrue(e.oneLine().startsWith("'w.bin' changed while it was stored: 1000 bytes were expected, 600 were read"), e.oneLine());
        assertEquals(List.of(), blobs());
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void contains_absentDigest_isFalse() {
        assertFalse(store.contains(Sha256.digest("nothing".getBytes())));
    }

    @Test
    void check_intactBlob_isOk() {
        byte[] bytes = random(500_000, 10);
        Sha256 digest = store.put(streamContent("a", bytes), null);

        assertEquals(BlobStatus.OK, store.check(digest, bytes.length));
    }

    @Test
    void check_absentBlob_isMissing() {
        assertEquals(BlobStatus.MISSING, store.check(Sha256.digest(new byte[1]), 1));
    }

    @Test
    void check_blobWithFlippedByte_isCorrupt() throws IOException {
        byte[] bytes = random(500_000, 11);
        Sha256 digest = store.put(streamContent("a", bytes), null);
        corrupt(store.blobPath(digest));

        assertEquals(BlobStatus.CORRUPT, store.check(digest, bytes.length));
    }

    @Test
    void check_blobOfOtherSize_isCorrupt() {
        byte[] bytes = random(1000, 12);
        Sha256 digest = store.put(streamContent("a", bytes), null);

        assertEquals(BlobStatus.CORRUPT, store.check(digest, bytes.length + 1));
    }

    @Test
    void copyTo_writesTheBlobToTargetAndNothingElse() throws IOException {
        byte[] bytes = random(700_000, 13);
        Sha256 digest = store.put(streamContent("a", bytes), null);
        Path target = dir.resolve("out/sub/model.bin");

        store.copyTo(digest, bytes.length, target);

        assertArrayEquals(bytes, Files.readAllBytes(target));
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(target), s.toList());
        }
    }

    @Test
    void copyTo_corruptBlob_throwsIntegrityFailureNamingTheFile_andLeavesNoFile() throws IOException {
        byte[] bytes = random(700_000, 14);
        Sha256 digest = store.put(streamContent("a", bytes), null);
        corrupt(store.blobPath(digest));
        Path out = Files.createDirectory(dir.resolve("out"));
        Path target = out.resolve("model.bin");

        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> store.copyTo(digest, bytes.length, target));

        assertTrue(e.oneLine().startsWith("the stored blob for " + target + " is damaged: it hashes to "), e.oneLine());
        assertTrue(e.oneLine().endsWith(", not " + digest.shortHex() + " (700000 bytes)"
                + " (nothing was written; re-register the model from its source to repair the store)"), e.oneLine());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void copyTo_corruptBlob_leavesAnExistingTargetUntouched() throws IOException {
        byte[] bytes = random(1000, 15);
        Sha256 digest = store.put(streamContent("a", bytes), null);
        corrupt(store.blobPath(digest));
        Path target = write("existing.bin", "keep me".getBytes());

        assertThrows(IntegrityFailure.class, () -> store.copyTo(digest, bytes.length, target));

        assertEquals("keep me", Files.readString(target));
    }

    @Test
    void copyTo_absentBlob_isNotFound() {
        Sha256 digest = Sha256.digest("x".getBytes());

        NotFound e = assertThrows(NotFound.class, () -> store.copyTo(digest, 1, dir.resolve("x")));

        assertEquals("blob " + digest.prefixed() + " is not in the store at " + root
                + " (re-register the model, or check 'store' in registry.yaml)", e.oneLine());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void open_storedBlob_givesItsBytes() throws IOException {
        byte[] bytes = random(5000, 16);
        Sha256 digest = store.put(streamContent("a", bytes), null);

        try (InputStream in = store.open(digest)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void open_absentBlob_isNotFound() {
        assertThrows(NotFound.class, () -> store.open(Sha256.digest(new byte[3])));
    }

    /** Two threads put the content {@code contentOf} gives them at the same moment; both get its digest. */
    private void putConcurrently(ContentFactory contentOf) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Sha256>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Content content = contentOf.make(i);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.put(content, null);
                }));
            }
            assertEquals(results.get(0).get(), results.get(1).get());
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ContentFactory {
        Content make(int thread) throws IOException;
    }

    private void blockTempFolder() throws IOException {
        Path tmp = root.resolve("tmp");
        if (Files.isDirectory(tmp)) {
            Files.delete(tmp);
        }
        Files.writeString(tmp, "not a folder");
    }

    private static void corrupt(Path blob) throws IOException {
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] b = Files.readAllBytes(blob);
        b[b.length / 2] ^= 1;
        Files.write(blob, b);
    }

    private List<Path> blobs() throws IOException {
        Path sha = root.resolve("sha256");
        if (!Files.exists(sha)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(sha)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private List<Path> tempFiles() throws IOException {
        Path tmp = root.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Content fileContent(String path, Path file) throws IOException {
        return content(path, Files.size(file), () -> Files.newInputStream(file), file);
    }

    static Content streamContent(String path, byte[] bytes) {
        return content(path, bytes.length, () -> new ByteArrayInputStream(bytes), null);
    }

    /** Content as a source would hand it out: declared path and size, an opener, maybe the file. */
    static Content content(String path, long size, Opener opener, Path file) {
        return new Content() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return opener.open();
            }

            @Override
            public Optional<Path> file() {
                return Optional.ofNullable(file);
            }
        };
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }
}
