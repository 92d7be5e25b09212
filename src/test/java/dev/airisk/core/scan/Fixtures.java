package dev.airisk.core.scan;

import dev.airisk.adapters.archive.CommonsContainerReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds test files in memory. */
final class Fixtures {
    /** A protocol-2 pickle that calls os.system. */
    static final byte[] EVIL_PICKLE = bytes("\u0080\u0002cos\nsystem\nq\u0000X\u0002\u0000\u0000\u0000lsq\u0001\u0085q\u0002Rq\u0003.");
    /** A protocol-2 pickle of an empty dict. */
    static final byte[] DICT_PICKLE = bytes("\u0080\u0002}q\u0000.");

    private Fixtures() {
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    record Entry(String name, byte[] data, boolean stored) {
        static Entry stored(String name, byte[] data) {
            return new Entry(name, data, true);
        }

        static Entry deflated(String name, byte[] data) {
            return new Entry(name, data, false);
        }
    }

    static byte[] zip(Entry... entries) {
        return zip(List.of(entries));
    }

    static byte[] zip(List<Entry> entries) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(out)) {
                for (Entry e : entries) {
                    ZipEntry ze = new ZipEntry(e.name());
                    if (e.stored()) {
                        ze.setMethod(ZipEntry.STORED);
                        ze.setSize(e.data().length);
                        ze.setCompressedSize(e.data().length);
                        CRC32 crc = new CRC32();
                        crc.update(e.data());
                        ze.setCrc(crc.getValue());
                    } else {
                        ze.setMethod(ZipEntry.DEFLATED);
                    }
                    z.putNextEntry(ze);
                    z.write(e.data());
                    z.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] zlib(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(6))) {
                d.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] npy(String header, byte[] data) {
        String h = header;
        while ((10 + h.length() + 1) % 64 != 0) {
            h += " ";
        }
        h += "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(h.length() & 0xff);
        out.write(h.length() >> 8);
        out.writeBytes(bytes(h));
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] safetensors(String json, int dataLength) {
        byte[] header = utf8(json);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataLength).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length);
        b.put(header);
        return b.array();
    }

    static Scanner.FileScan scan(PickleReader pickles, String path, byte[] data) {
        try {
            return new Scanner(pickles, new CommonsContainerReader()).scan(path, data.length, new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> rules(Scanner.FileScan scan) {
        return scan.findings().stream().map(Finding::rule).toList();
    }

    static FileResult file(Scanner.FileScan scan, String path) {
        return scan.files().stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not listed in " + scan.files()));
    }
}
