package dev.airisk.adapters.archive;

import static dev.airisk.adapters.archive.TestArchives.Entry.file;
import static dev.airisk.adapters.archive.TestArchives.Entry.hardlink;
import static dev.airisk.adapters.archive.TestArchives.Entry.special;
import static dev.airisk.adapters.archive.TestArchives.Entry.symlink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.store.LocalStore;
import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Content;
import dev.airisk.core.port.ModelSource;
import dev.airisk.core.port.ModelSource.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModelSourcesTest {
    private final FileModelSources sources = new FileModelSources();

    @TempDir
    Path dir;
    Path store;

    @BeforeEach
    void setUp() throws IOException {
        store = Files.createDirectory(dir.resolve("store"));
    }

    // --- what each kind of source lists and reads

    @Test
    void folder_listsEveryRegularFileSortedByPath_includingHiddenOnes() throws IOException {
        Path model = modelFolder();

        try (ModelSource source = sources.open(model)) {
            assertEquals(List.of(new SourceFile(".meta/info.json", 9), new SourceFile("config.json", 11),
                    new SourceFile("weights/a.bin", 3000), new SourceFile("weights/b.bin", 0)), source.files());
            assertEquals(model.toString(), source.description());
        }
    }

    @Test
    void folder_contentsAreTheFilesThemselves() throws IOException {
        Path model = modelFolder();

        try (ModelSource source = sources.open(model)) {
            Map<String, Optional<Path>> files = source.read(2, Content::file);
            assertEquals(Optional.of(model.toRealPath().resolve("config.json")), files.get("config.json"));
        }
    }

    @Test
    void singleFile_isAModelOfThatOneFile() throws IOException {
        Path file = Files.writeString(dir.resolve("model.onnx"), "onnx bytes");

        try (ModelSource source = sources.open(file)) {
            assertEquals(List.of(new SourceFile("model.onnx", 10)), source.files());
            assertEquals(Map.of("model.onnx", Optional.of(file.toAbsolutePath())), source.read(1, Content::file));
        }
    }

    @Test
    void folder_symlinkToFileInside_standsForThatFile() throws IOException {
        Path model = modelFolder();
        Files.createSymbolicLink(model.resolve("latest.bin"), Path.of("weights/a.bin"));

        try (ModelSource source = sources.open(model)) {
            assertTrue(source.files().contains(new SourceFile("latest.bin", 3000)));
            Map<String, Sha256> digests = source.read(2, FileModelSourcesTest::hash);
            assertEquals(digests.get("weights/a.bin"), digests.get("latest.bin"));
        }
    }

    @Test
    void tarGzZipAndFolderOfTheSameFiles_giveTheSameDigests() throws Exception {
        Path model = modelFolder();
        Path tgz = dir.resolve("model.tar.gz");
        Path tar = dir.resolve("model.tar");
        Path zip = dir.resolve("model.zip");
        TestArchives.run(model, "tar", "-czf", tgz.toString(), ".");
        TestArchives.run(model, "tar", "-cf", tar.toString(), ".meta", "config.json", "weights");
        TestArchives.run(model, "zip", "-qr", zip.toString(), ".");

        Map<String, Sha256> expected = registered(model);
        assertEquals(4, expected.size());
        assertEquals(expected, registered(tgz));
        assertEquals(expected, registered(tar));
        assertEquals(expected, registered(zip));
    }

    @Test
    void tar_handsOutEachFileOnceInArchiveOrder() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("m.tar"), false,
                List.of(file("z.bin", "last name"), file("a.bin", "first name")));
        List<String> order = Collections.synchronizedList(new ArrayList<>());

        try (ModelSource source = sources.open(tar)) {
            Map<String, String> read = source.read(4, c -> {
                order.add(c.path());
                try (InputStream in = c.open()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            });
            assertEquals(List.of("z.bin", "a.bin"), order);
            assertEquals(List.of("a.bin", "z.bin"), List.copyOf(read.keySet()));
            assertEquals("last name", read.get("z.bin"));
        }
    }

    @Test
    void tar_rewrittenBetweenOpenAndRead_isAnIntegrityFailure() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("m.tar"), false, List.of(file("a.bin", "one")));

        try (ModelSource source = sources.open(tar)) {
            TestArchives.tar(tar, false, List.of(file("a.bin", "three")));
            IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> source.read(1, Content::size));
            assertEquals(tar + " changed while it was read"
                    + " (make sure nothing writes to the archive while it is registered, then register again)", e.oneLine());
        }
    }

    @Test
    void read_firstFailureStopsTheRestAndIsRethrownAsItWas() throws IOException {
        Path model = Files.createDirectory(dir.resolve("many"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(model.resolve("f" + i), "x" + i);
        }
        IOException boom = new IOException("boom");
        AtomicInteger started = new AtomicInteger();

        try (ModelSource source = sources.open(model)) {
            IOException thrown = assertThrows(IOException.class, () -> source.read(2, c -> {
                if (started.incrementAndGet() == 3) {
                    throw boom;
                }
                pause(20);
                return c.size();
            }));
            assertSame(boom, thrown);
            assertTrue(started.get() < 50, "files read after the failure: " + started.get());
        }
    }

    @Test
    void read_airiskExceptionFromTheFunction_isRethrownUnwrapped() throws IOException {
        Path zip = TestArchives.zip(dir.resolve("m.zip"), "a", "1", "b", "2", "c", "3");
        InvalidInput bad = new InvalidInput("bad", null);

        try (ModelSource source = sources.open(zip)) {
            assertSame(bad, assertThrows(InvalidInput.class, () -> source.read(3, c -> {
                throw bad;
            })));
        }
    }

    @Test
    void zip_readsEntriesConcurrently() throws IOException {
        String[] entries = new String[16];
        for (int i = 0; i < 8; i++) {
            entries[2 * i] = "part-" + i;
            entries[2 * i + 1] = "content " + i;
        }
        Path zip = TestArchives.zip(dir.resolve("m.zip"), entries);
        Map<String, Boolean> threads = new ConcurrentHashMap<>();

        try (ModelSource source = sources.open(zip)) {
            Map<String, String> read = source.read(4, c -> {
                threads.put(Thread.currentThread().getName(), true);
                pause(30);
                try (InputStream in = c.open()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            });
            assertEquals("content 5", read.get("part-5"));
        }
        assertTrue(threads.size() > 1, "threads used: " + threads.keySet());
    }

    // --- bad inputs: the exact one-line message, and nothing stored

    @Test
    void missingPath_isRefused() {
        Path missing = dir.resolve("nothing-here");

        assertRefused(missing, missing + " does not exist (give a model file, folder or .tar/.tar.gz/.tgz/.zip archive)");
    }

    @Test
    void emptyFolder_isRefused() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/.hidden-empty-dir"));

        assertRefused(empty.getParent(), empty.getParent() + " has no files (give a model file, folder or archive with at least one file)");
    }

    @Test
    void emptyFile_isRefused() throws IOException {
        Path empty = Files.createFile(dir.resolve("model.bin"));

        assertRefused(empty, empty + " is empty (give a model file, folder or .tar/.tar.gz/.tgz/.zip archive)");
    }

    @Test
    void zipSlipEntry_isRefused() throws IOException {
        Path zip = TestArchives.zip(dir.resolve("slip.zip"), "ok.txt", "fine", "../x", "evil");

        assertRefused(zip, "entry '../x' in " + zip + " escapes the model root with '..' (model files must stay inside the model root)");
    }

    @Test
    void nestedZipSlipEntryInTarGz_isRefused() throws IOException {
        Path tgz = TestArchives.tar(dir.resolve("slip.tgz"), true, List.of(file("weights/../../x", "evil")));

        assertRefused(tgz, "entry 'weights/../../x' in " + tgz + " escapes the model root with '..' (model files must stay inside the model root)");
    }

    @Test
    void absoluteEntry_isRefused() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("abs.tar"), false, List.of(file("/etc/cron.d/evil", "evil")));

        assertRefused(tar, "entry '/etc/cron.d/evil' in " + tar + " is absolute (model files must stay inside the model root)");
    }

    @Test
    void folderSymlinkEscapingTheFolder_isRefused() throws IOException {
        Path model = modelFolder();
        Path outside = Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(model.resolve("weights/x"), outside);

        assertRefused(model, "symlink 'weights/x' points outside the model folder (copy the file into the folder instead of linking to it)");
    }

    @Test
    void folderSymlinkEscapingThroughDotDot_isRefused() throws IOException {
        Path model = modelFolder();
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(model.resolve("weights/x"), Path.of("../../secret.txt"));

        assertRefused(model, "symlink 'weights/x' points outside the model folder (copy the file into the folder instead of linking to it)");
    }

    @Test
    void folderSymlinkToAFolderInside_isRefused() throws IOException {
        Path model = modelFolder();
        Files.createSymbolicLink(model.resolve("w"), Path.of("weights"));

        assertRefused(model, "symlink 'w' does not point to a regular file (link only to files inside the model folder, or remove the link)");
    }

    @Test
    void folderFifo_isRefused() throws Exception {
        Path model = modelFolder();
        TestArchives.run(model, "mkfifo", "pipe");

        assertRefused(model, "entry 'pipe' is not a regular file (a device, fifo or socket)"
                + " (a model holds only regular files; remove it from the folder)");
    }

    @Test
    void tarSymlinkEntryEscaping_isRefused() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("link.tar"), false,
                List.of(file("a.bin", "a"), symlink("weights/passwd", "../../etc/passwd")));

        assertRefused(tar, "symlink 'weights/passwd' in " + tar + " points outside the model folder"
                + " (re-create the archive with 'tar --dereference' so it holds the file itself)");
    }

    @Test
    void tarSymlinkEntryToAbsolutePath_isRefused() throws IOException {
        Path tgz = TestArchives.tar(dir.resolve("link.tgz"), true, List.of(symlink("passwd", "/etc/passwd")));

        assertRefused(tgz, "symlink 'passwd' in " + tgz + " points outside the model folder"
                + " (re-create the archive with 'tar --dereference' so it holds the file itself)");
    }

    @Test
    void tarSymlinkEntryInside_isRefusedAsLinksInArchivesAreNotSupported() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("link.tar"), false,
                List.of(file("weights/a.bin", "a"), symlink("latest.bin", "weights/a.bin")));

        assertRefused(tar, "symlink 'latest.bin' in " + tar + " is a link, and links in archives are not supported"
                + " (re-create the archive with 'tar --dereference --hard-dereference' so it holds the files themselves)");
    }

    @Test
    void tarHardlinkEntryEscaping_isRefused() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("hard.tar"), false, List.of(hardlink("shadow", "../etc/shadow")));

        assertRefused(tar, "hard link 'shadow' in " + tar + " points outside the model folder"
                + " (re-create the archive with 'tar --hard-dereference' so it holds the file itself)");
    }

    @Test
    void zipSymlinkEntryEscaping_isRefused() throws Exception {
        Path model = Files.createDirectory(dir.resolve("zipped"));
        Files.writeString(model.resolve("a.bin"), "a");
        Files.createSymbolicLink(model.resolve("passwd"), Path.of("../../secret.txt"));
        Path zip = dir.resolve("link.zip");
        TestArchives.run(model, "zip", "-qry", zip.toString(), ".");

        assertRefused(zip, "symlink 'passwd' in " + zip + " points outside the model folder"
                + " (re-create the archive with 'tar --dereference' so it holds the file itself)");
    }

    @Test
    void duplicateZipEntry_isRefused() throws IOException {
        Path zip = TestArchives.zip(dir.resolve("dup.zip"), "a.bin", "first", "b.bin", "b", "a.bin", "second");

        assertRefused(zip, "entry 'a.bin' in " + zip + " appears twice (re-create the archive with each file once)");
    }

    @Test
    void duplicateTarEntryAfterDotSlashNormalization_isRefused() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("dup.tar"), false, List.of(file("a.bin", "1"), file("./a.bin", "2")));

        assertRefused(tar, "entry './a.bin' in " + tar + " appears twice (re-create the archive with each file once)");
    }

    @Test
    void tarEntryThatIsBothFileAndFolder_isRefused() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("clash.tar"), false, List.of(file("a", "1"), file("a/b", "2")));

        assertRefused(tar, "entry 'a' in " + tar + " is both a file and a folder (give each path once, as a file or as a folder)");
    }

    @Test
    void deviceEntryInTar_isRefused() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("dev.tar"), false,
                List.of(file("a.bin", "a"), special("dev/sda", TarConstants.LF_BLK)));

        assertRefused(tar, "entry 'dev/sda' in " + tar + " is a block device (a model holds only regular files; re-create the archive without it)");
    }

    @Test
    void characterDeviceAndFifoEntriesInTar_areRefused() throws IOException {
        Path chr = TestArchives.tar(dir.resolve("chr.tar"), false, List.of(special("null", TarConstants.LF_CHR)));
        Path fifo = TestArchives.tar(dir.resolve("fifo.tar"), false, List.of(special("pipe", TarConstants.LF_FIFO)));

        assertRefused(chr, "entry 'null' in " + chr + " is a character device (a model holds only regular files; re-create the archive without it)");
        assertRefused(fifo, "entry 'pipe' in " + fifo + " is a fifo (a model holds only regular files; re-create the archive without it)");
    }

    @Test
    void zipBombEntry_isRefusedByItsRatio() throws IOException {
        Path zip = TestArchives.zip(dir.resolve("bomb.zip"), "zeros.bin", new byte[4 << 20]);

        assertRefused(zip, "entry 'zeros.bin' in " + zip + " expands more than 100 times"
                + " (this looks like a zip bomb; if the archive is genuine, unpack it and register the folder)");
    }

    @Test
    void tarGzBomb_isRefusedByItsRatio() throws IOException {
        Path tgz = TestArchives.tar(dir.resolve("bomb.tar.gz"), true, List.of(file("zeros.bin", new byte[4 << 20])));

        assertRefused(tgz, tgz + " expands more than 100 times"
                + " (this looks like a zip bomb; if the archive is genuine, unpack it and register the folder)");
    }

    @Test
    void archiveOverTheUnpackedSizeLimit_isRefused() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("big.tar"), false, List.of(file("a", "12345"), file("b", "67890")));
        FileModelSources limited = new FileModelSources(new SourceLimits(8, 100, 10));

        InvalidInput e = assertThrows(InvalidInput.class, () -> limited.open(tar));

        assertEquals(tar + " unpacks to more than 8 bytes"
                + " (this looks like an archive bomb; if it is genuine, unpack it and register the folder)", e.oneLine());
    }

    @Test
    void sourceOverTheFileCountLimit_isRefused() throws IOException {
        Path model = modelFolder();
        FileModelSources limited = new FileModelSources(new SourceLimits(1L << 30, 100, 3));

        InvalidInput e = assertThrows(InvalidInput.class, () -> limited.open(model));

        assertEquals(model + " has more than 3 files (a model of that many files is not supported; pack small files together)", e.oneLine());
    }

    @Test
    void notAnArchive_isRefusedAsUnreadable() throws IOException {
        Path fake = Files.writeString(dir.resolve("model.tgz"), "this is not gzip");

        InvalidInput e = assertThrows(InvalidInput.class, () -> sources.open(fake));

        assertTrue(e.oneLine().startsWith(fake + " is not a readable tar.gz archive: "), e.oneLine());
        assertTrue(e.oneLine().endsWith(" (check that the file is complete, or register the unpacked folder)"), e.oneLine());
    }

    // --- helpers

    /** A model folder: two weights (one empty), a config, and a hidden folder. */
    private Path modelFolder() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model/weights"));
        model = model.getParent();
        Files.write(model.resolve("weights/a.bin"), random(3000));
        Files.createFile(model.resolve("weights/b.bin"));
        Files.writeString(model.resolve("config.json"), "{\"a\": 1.5}\n");
        Files.createDirectory(model.resolve(".meta"));
        Files.writeString(model.resolve(".meta/info.json"), "{\"x\": 1}\n");
        return model;
    }

    /** Opens {@code path} and stores every file, as register does; returns the digests by path. */
    private Map<String, Sha256> registered(Path path) throws IOException {
        LocalStore localStore = new LocalStore(store);
        try (ModelSource source = sources.open(path)) {
            return source.read(2, c -> localStore.put(c, null));
        }
    }

    /** The path is refused with exactly {@code message}, before anything reaches the store. */
    private void assertRefused(Path path, String message) {
        AiriskException e = assertThrows(InvalidInput.class, () -> registered(path));
        assertEquals(message, e.oneLine());
        try (Stream<Path> s = Files.walk(store)) {
            assertEquals(List.of(store), s.toList(), "the store was written to");
        } catch (IOException io) {
            throw new AssertionError(io);
        }
    }

    private static Sha256 hash(Content c) throws IOException {
        try (InputStream in = c.open()) {
            return Sha256.digest(in.readAllBytes());
        }
    }

    private static void pause(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }
}
