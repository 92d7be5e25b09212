package dev.airisk.adapters.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.ModelSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzArchiveWriterTest {
    private static final String LONG_NAME = "deeply/" + "nested/".repeat(20) + "tokenizer_config_with_a_long_name.json";

    private final TarGzArchiveWriter writer = new TarGzArchiveWriter();

    @TempDir
    Path dir;

    @Test
    void sameFiles_giveIdenticalBytes_evenForAnotherUser() throws IOException {
        Map<String, byte[]> files = sampleFiles();
        byte[] first = write(files);
        byte[] second = write(files);
        String user = System.getProperty("user.name");
        byte[] asOtherUser;
        try {
            System.setProperty("user.name", "someone-else");
            asOtherUser = write(files);
        } finally {
            System.setProperty("user.name", user);
        }

        assertArrayEquals(first, second);
        assertArrayEquals(first, asOtherUser);
    }

    @Test
    void gzipHeader_hasNoNameNoTimeAndAFixedOsByte() throws IOException {
        byte[] bytes = write(sampleFiles());

        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}, Arrays.copyOf(bytes, 8));
        assertEquals((byte) 255, bytes[9]);
    }

    @Test
    void systemTar_listsTheEntriesInTheGivenOrder_withFixedOwnerModeAndTime() throws Exception {
        Path archive = Files.write(dir.resolve("model.tar.gz"), write(sampleFiles()));

        String names = TestArchives.run(dir, "tar", "-tzf", archive.toString());
        String verbose = TestArchives.run(dir, "tar", "--numeric-owner", "--utc", "-tvzf", archive.toString());

        assertEquals(String.join("\n", sampleFiles().keySet()) + "\n", names);
        for (String line : verbose.strip().split("\n")) {
            assertTrue(line.startsWith("-rw-r--r-- 0/0"), line);
            assertTrue(line.contains(" 1970-01-01 00:00 "), line);
        }
    }

    @Test
    void systemTar_extractsTheSameContent_includingLongAndNonAsciiNames() throws Exception {
        Map<String, byte[]> files = sampleFiles();
        Path archive = Files.write(dir.resolve("model.tar.gz"), write(files));
        Path out = Files.createDirectory(dir.resolve("out"));

        TestArchives.run(out, "tar", "-xzf", archive.toString());

        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(out.resolve(f.getKey())), f.getKey());
        }
    }

    @Test
    void writtenArchive_readsBackAsTheSameModel() throws IOException {
        Map<String, byte[]> files = sampleFiles();
        Path archive = Files.write(dir.resolve("model.tgz"), write(files));

        try (ModelSource source = new FileModelSources().open(archive)) {
            Map<String, Sha256> digests = source.read(1, c -> {
                try (InputStream in = c.open()) {
                    return Sha256.digest(in.readAllBytes());
                }
            });
            files.forEach((path, bytes) -> assertEquals(Sha256.digest(bytes), digests.get(path), path));
        }
    }

    @Test
    void entryShorterThanRecorded_failsNamingTheFile() {
        List<FileDigest> listed = List.of(new FileDigest("a.bin", 10, Sha256.digest(new byte[10])));

        IOException e = assertThrows(IOException.class, () -> writer.writeTarGz(listed,
                f -> new ByteArrayInputStream(new byte[4]), new ByteArrayOutputStream()));

        assertEquals("'a.bin' ended after 4 of its 10 bytes", e.getMessage());
    }

    @Test
    void entryLongerThanRecorded_failsNamingTheFile() {
        List<FileDigest> listed = List.of(new FileDigest("a.bin", 3, Sha256.digest(new byte[3])));

        IOException e = assertThrows(IOException.class, () -> writer.writeTarGz(listed,
                f -> new ByteArrayInputStream(new byte[4]), new ByteArrayOutputStream()));

        assertEquals("'a.bin' holds more than its recorded 3 bytes", e.getMessage());
    }

    private byte[] write(Map<String, byte[]> files) throws IOException {
        List<FileDigest> listed = files.entrySet().stream()
                .map(e -> new FileDigest(e.getKey(), e.getValue().length, Sha256.digest(e.getValue())))
                .toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTarGz(listed, f -> new ByteArrayInputStream(files.get(f.path())), out);
        return out.toByteArray();
    }

    /** Files in a deliberate, unsorted order, with a long name, a non-ASCII name and an empty file. */
    private static Map<String, byte[]> sampleFiles() {
        byte[] weights = new byte[200_000];
        new Random(42).nextBytes(weights);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("weights/model.safetensors", weights);
        files.put("config.json", "{\"layers\": 12}\n".getBytes(StandardCharsets.UTF_8));
        files.put(LONG_NAME, "{}".getBytes(StandardCharsets.UTF_8));
        files.put("données/étiquettes.txt", "chat\nchien\n".getBytes(StandardCharsets.UTF_8));
        files.put(".hidden/empty", new byte[0]);
        return files;
    }
}
