package dev.airisk.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airisk.adapters.archive.CommonsContainerReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingScanTest {
    @TempDir
    Path dir;

    @Test
    void aLargeTorchZip_isStreamedToTheEnd() throws IOException {
        // 256 MiB keeps the test light on small disks; src/bench/cli-bench.sh scan measures 1 GiB.
        Path file = dir.resolve("big.pt");
        int chunk = 1 << 20;
        int entries = 4;
        int perEntry = 64;
        byte[] block = new byte[chunk];
        for (int k = 0; k < block.length; k++) {
            block[k] = (byte) (k * 7);
        }
        CRC32 crc = new CRC32();
        for (int k = 0; k < perEntry; k++) {
            crc.update(block);
        }
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             ZipOutputStream z = new ZipOutputStream(os)) {
            z.setLevel(0);
            ZipEntry pkl = new ZipEntry("archive/data.pkl");
            z.putNextEntry(pkl);
            z.write(Fixtures.DICT_PICKLE);
            z.closeEntry();
            for (int e = 0; e < entries; e++) {
                ZipEntry ze = new ZipEntry("archive/data/" + e);
                ze.setMethod(ZipEntry.STORED);
                ze.setSize((long) chunk * perEntry);
                ze.setCompressedSize((long) chunk * perEntry);
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                for (int k = 0; k < perEntry; k++) {
                    z.write(block);
                }
                z.closeEntry();
            }
        }
        long size = Files.size(file);
        FakePickles pickles = new FakePickles();
        long start = System.nanoTime();
        Scanner.FileScan scan;
        try (InputStream in = Files.newInputStream(file)) {
            scan = new Scanner(pickles, new CommonsContainerReader()).scan("big.pt", size, in);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("scanned %d bytes in %.2f s: %.0f MB/s%n", size, seconds, size / seconds / 1e6);

        assertEquals(List.of("big.pt!archive/data.pkl"), pickles.paths);
        assertEquals(entries + 2, scan.files().size());
        assertEquals((long) chunk * perEntry, scan.files().get(2).size());
        assertEquals(List.of(), scan.findings());
    }
}
