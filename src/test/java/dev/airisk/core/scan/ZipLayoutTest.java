package dev.airisk.core.scan;

import static dev.airisk.core.scan.Fixtures.EVIL_PICKLE;
import static dev.airisk.core.scan.Fixtures.rules;
import static dev.airisk.core.scan.Fixtures.scan;
import static dev.airisk.core.scan.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Zips laid out byte by byte, as PyTorch writes them and as an attacker would: the scanner reads the central
 * directory as loaders do and reports where the local headers tell another story.
 */
class ZipLayoutTest {
    private final FakePickles pickles = new FakePickles();

    /** One stored entry: its central directory name, the name its local header gives, and PyTorch's flags. */
    record Raw(String name, String localName, byte[] data, boolean descriptor) {
        static Raw of(String name, byte[] data) {
            return new Raw(name, name, data, false);
        }
    }

    /**
     * Writes the entries' local headers and data; then the central directory lists {@code listed} (indexes into
     * {@code entries}, repeats allowed), with {@code gap} zero bytes after the first entry.
     */
    static byte[] zip(List<Raw> entries, List<Integer> listed, int gap) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> offsets = new ArrayList<>();
        List<Long> crcs = new ArrayList<>();
        for (int k = 0; k < entries.size(); k++) {
            Raw e = entries.get(k);
            CRC32 crc = new CRC32();
            crc.update(e.data());
            crcs.add(crc.getValue());
            offsets.add((long) out.size());
            byte[] local = e.localName().getBytes(StandardCharsets.UTF_8);
            ByteBuffer h = le(30 + local.length);
            h.putInt(0x04034b50).putShort((short) 20).putShort((short) (e.descriptor() ? 0x0808 : 0x0800)).putShort((short) 0)
                    .putInt(0).putInt(e.descriptor() ? 0 : (int) crc.getValue())
                    .putInt(e.descriptor() ? 0 : e.data().length).putInt(e.descriptor() ? 0 : e.data().length)
                    .putShort((short) local.length).putShort((short) 0).put(local);
            out.writeBytes(h.array());
            out.writeBytes(e.data());
            if (e.descriptor()) {
                out.writeBytes(le(16).putInt(0x08074b50).putInt((int) crc.getValue()).putInt(e.data().length)
                        .putInt(e.data().length).array());
            }
            if (k == 0) {
                out.writeBytes(new byte[gap]);
            }
        }
        long cd = out.size();
        for (int k : listed) {
            Raw e = entries.get(k);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer c = le(46 + name.length);
            c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) (e.descriptor() ? 0x0808 : 0x0800))
                    .putShort((short) 0).putInt(0).putInt((int) (long) crcs.get(k)).putInt(e.data().length).putInt(e.data().length)
                    .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putInt(0).putInt((int) (long) offsets.get(k)).put(name);
            out.writeBytes(c.array());
        }
        long cdSize = out.size() - cd;
        out.writeBytes(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) listed.size())
                .putShort((short) listed.size()).putInt((int) cdSize).putInt((int) cd).putShort((short) 0).array());
        return out.toByteArray();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void pytorchLayout_storedEntriesWithDataDescriptors_areReadThroughTheCentralDirectory() {
        byte[] zip = zip(List.of(new Raw("archive/data.pkl", "archive/data.pkl", EVIL_PICKLE, true),
                new Raw("archive/data/0", "archive/data/0", new byte[64], true),
                new Raw("archive/version", "archive/version", utf8("3\n"), true)), List.of(0, 1, 2), 0);
        Scanner.FileScan scan = scan(pickles, "model.pt", zip);

        assertEquals(List.of("pickle/test"), rules(scan));
        assertEquals(List.of("model.pt!archive/data.pkl"), pickles.paths);
    }

    @Test
    void localHeaderNamingAnotherFile_isANameMismatch() {
        byte[] zip = zip(List.of(new Raw("archive/data.pkl", "archive/data.txt", EVIL_PICKLE, true)), List.of(0), 0);
        Scanner.FileScan scan = scan(pickles, "model.pt", zip);

        assertEquals(List.of("zip/name-mismatch", "pickle/test"), rules(scan));
        assertEquals(Severity.HIGH, scan.findings().get(0).severity());
        assertEquals("model.pt!archive/data.pkl", scan.findings().get(0).path());
    }

    @Test
    void entryAfterUnaccountedBytes_isHidden() {
        byte[] zip = zip(List.of(Raw.of("a.txt", utf8("hello\n")), Raw.of("data.pkl", EVIL_PICKLE)), List.of(0, 1), 16);
        Scanner.FileScan scan = scan(pickles, "m.zip", zip);

        assertEquals(List.of("zip/hidden-entry", "pickle/test"), rules(scan));
        assertEquals("m.zip!data.pkl", scan.findings().get(0).path());
    }

    @Test
    void localEntryTheCentralDirectoryOmits_isUnlisted_andNotRead() {
        byte[] zip = zip(List.of(Raw.of("data.pkl", EVIL_PICKLE), Raw.of("b.txt", utf8("hello\n"))), List.of(1), 0);
        Scanner.FileScan scan = scan(pickles, "m.zip", zip);

        assertEquals(List.of("zip/unlisted-entry"), rules(scan));
        assertEquals(List.of(), pickles.paths, "a loader never reads what the central directory does not list");
    }

    @Test
    void nameListedTwice_isADuplicate() {
        byte[] zip = zip(List.of(Raw.of("data.pkl", EVIL_PICKLE), Raw.of("data.pkl", utf8("x"))), List.of(0, 1), 0);
        Scanner.FileScan scan = scan(pickles, "m.zip", zip);

        assertTrue(rules(scan).contains("zip/duplicate-entry"), rules(scan).toString());
    }

    @Test
    void entriesSharingBytes_areABomb_andNothingIsRead() {
        byte[] zip = zip(List.of(Raw.of("data.pkl", EVIL_PICKLE)), List.of(0, 0), 0);
        Scanner.FileScan scan = scan(pickles, "m.zip", zip);

        assertTrue(rules(scan).contains("zip/bomb"), rules(scan).toString());
        assertTrue(scan.findings().stream().anyMatch(f -> f.message().contains("overlap")), scan.findings().toString());
        assertEquals(List.of(), pickles.paths);
    }

    static byte[] bz2(byte[] data) throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(packed)) {
            bz.write(data);
        }
        return packed.toByteArray();
    }

    @Test
    void bz2Bomb_isStoppedAtTheRatio() throws IOException {
        Scanner.FileScan scan = scan(pickles, "model.joblib", bz2(new byte[16 << 20]));

        assertEquals(List.of("bz2/bomb"), rules(scan));
    }

    @Test
    void compressedPickle_inBz2_isAnalysed_whateverItsName() throws IOException {
        Scanner.FileScan scan = scan(pickles, "weights", bz2(EVIL_PICKLE));

        assertEquals(List.of("pickle/test"), rules(scan));
        assertEquals(List.of("bz2", "pickle"), Fixtures.file(scan, "weights").analysers());
    }

    @Test
    void text_isNotTakenForAProtocol0Pickle() {
        for (String text : List.of("1.0.0", "1.0.0\n", "Note: weights are fp16\n", "Version 3\n", "N/A\n", "P=NP\n",
                "(see the README)\n", "Vocabulary size 30k\nsee below\n", "I think so\n")) {
            assertFalse(OpcodeSniff.plausible(utf8(text)), text);
        }
    }

    @Test
    void protocol0Starts_areTakenForPickles() {
        for (String text : List.of("N.", "N0cos\nsystem\n(S'x'\ntR.", "Vhello\np0\n.", "Pstorage\n0N.", "(S'x'\n1N.",
                "(dp0\nS'a'\np1\nI1\ns.", "I1\nI2\n.N.")) {
            assertTrue(OpcodeSniff.plausible(text.getBytes(StandardCharsets.ISO_8859_1)), text);
        }
    }

}
