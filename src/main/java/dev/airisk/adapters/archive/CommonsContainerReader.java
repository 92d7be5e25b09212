package dev.airisk.adapters.archive;

import dev.airisk.core.port.ContainerReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The scanner's containers read with Commons Compress: a zip through its central directory on a file channel
 * (memory stays constant whatever the size), each entry's local header read back to compare its name and to
 * walk the archive as a sequential reader would; tar front to back; bz2, xz (with org.tukaani:xz) and lzma.
 */
public final class CommonsContainerReader implements ContainerReader {
    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int DESCRIPTOR = 0x08074b50;
    private static final int END = 0x06054b50;
    private static final int END64 = 0x06064b50;

    @Override
    public ZipListing openZip(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).setUseUnicodeExtraFields(true).get();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        try {
            return listing(zip, channel);
        } catch (IOException | RuntimeException e) {
            ZipFile.closeQuietly(zip);
            channel.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** A zip's entries in central directory order, and how many local headers it does not list. */
    record Described(List<ZipArchiveEntry> archive, List<ZipEntry> entries, int unlisted) {
    }

    private static ZipListing listing(ZipFile zip, FileChannel channel) throws IOException {
        Described d = describe(zip, channel);
        List<ZipArchiveEntry> all = d.archive();
        List<ZipEntry> fixed = d.entries();
        int unlisted = d.unlisted();
        return new ZipListing() {
            @Override
            public List<ZipEntry> entries() {
                return fixed;
            }

            @Override
            public int unlisted() {
                return unlisted;
            }

            @Override
            public InputStream open(int index) throws IOException {
                return zip.getInputStream(all.get(index));
            }

            @Override
            public void close() throws IOException {
                CommonsContainerReader.close(zip, channel);
            }
        };
    }

    /** Closes a zip and the channel it was opened on. */
    static void close(ZipFile zip, FileChannel channel) throws IOException {
        try {
            zip.close();
        } finally {
            channel.close();
        }
    }

    /** Reads every entry's local header back through {@code channel}, which holds the bytes {@code zip} was opened on. */
    static Described describe(ZipFile zip, FileChannel channel) throws IOException {
        List<ZipArchiveEntry> all = Collections.list(zip.getEntries());
        Map<Long, ZipArchiveEntry> byOffset = new HashMap<>();
        for (ZipArchiveEntry e : all) {
            byOffset.putIfAbsent(e.getLocalHeaderOffset(), e);
        }
        // A streaming reader starts at the first byte; a zip with a prefix (a self-extractor) at its first listed entry.
        ByteBuffer start = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        long first = readAt(channel, start, 0) == 4 && start.getInt(0) == LOCAL ? 0
                : all.stream().mapToLong(ZipArchiveEntry::getLocalHeaderOffset).min().orElse(0);
        Set<Long> reached = new HashSet<>();
        int unlisted = walk(channel, first, byOffset, reached);
        List<ZipEntry> entries = new ArrayList<>(all.size());
        ByteBuffer header = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        for (ZipArchiveEntry e : all) {
            long offset = e.getLocalHeaderOffset();
            String localName = null;
            long dataOffset = offset;
            header.clear();
            if (readAt(channel, header, offset) == 30 && header.getInt(0) == LOCAL) {
                int nameLength = header.getShort(26) & 0xffff;
                int extraLength = header.getShort(28) & 0xffff;
                ByteBuffer name = ByteBuffer.allocate(nameLength);
                if (readAt(channel, name, offset + 30) == nameLength) {
                    boolean utf8 = (header.getShort(6) & 0x0800) != 0 || e.getGeneralPurposeBit().usesUTF8ForNames();
                    localName = new String(name.array(), utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                    if (!utf8 && !localName.equals(e.getName())) {
                        String asUtf8 = new String(name.array(), StandardCharsets.UTF_8);
                        localName = asUtf8.equals(e.getName()) ? asUtf8 : localName;
                    }
                }
                dataOffset = offset + 30 + nameLength + extraLength;
            }
            entries.add(new ZipEntry(e.getName(), localName, e.isDirectory(), e.getSize(), e.getCompressedSize(), offset,
                    dataOffset + Math.max(0, e.getCompressedSize()), reached.contains(offset), zip.canReadEntryData(e)));
        }
        return new Described(all, List.copyOf(entries), unlisted);
    }

    /**
     * Walks local headers from {@code start} as a streaming reader would, taking each listed entry's compressed size
     * from the central directory; returns how many local headers the central directory does not list.
     */
    private static int walk(FileChannel channel, long start, Map<Long, ZipArchiveEntry> byOffset, Set<Long> reached)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer sig = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        long pos = start;
        int unlisted = 0;
        long size = channel.size();
        while (pos >= 0 && pos + 30 <= size && reached.size() + unlisted <= byOffset.size() + 1000) {
            header.clear();
            if (readAt(channel, header, pos) < 30 || header.getInt(0) != LOCAL) {
                break;
            }
            int flags = header.getShort(6) & 0xffff;
            long localPacked = header.getInt(18) & 0xffffffffL;
            long data = pos + 30 + (header.getShort(26) & 0xffff) + (header.getShort(28) & 0xffff);
            ZipArchiveEntry listed = byOffset.get(pos);
            long end;
            if (listed != null) {
                reached.add(pos);
                end = data + listed.getCompressedSize();
            } else if ((flags & 8) == 0) {
                unlisted++;
                end = data + localPacked;
            } else {
                unlisted++;
                break;
            }
            if ((flags & 8) != 0) {
                long next = -1;
                for (int d : new int[] {16, 24, 12, 20}) {
                    sig.clear();
                    if (readAt(channel, sig, end + d) == 4) {
                        int s = sig.getInt(0);
                        if (s == LOCAL || s == CENTRAL || s == END || s == END64) {
                            sig.clear();
                            boolean signed = readAt(channel, sig, end) == 4 && sig.getInt(0) == DESCRIPTOR;
                            if (signed == (d == 16 || d == 24)) {
                                next = end + d;
                                break;
                            }
                        }
                    }
                }
                end = next;
            }
            pos = end;
        }
        return unlisted;
    }

    private static int readAt(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public InputStream decompress(Compression kind, InputStream in) throws IOException {
        return switch (kind) {
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in, true);
            case LZMA -> new LZMACompressorInputStream(in);
        };
    }

    @Override
    public TarStream readTar(InputStream in) {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        return new TarStream() {
            TarArchiveEntry current;

            @Override
            public String next() throws IOException {
                while ((current = tar.getNextEntry()) != null) {
                    if (current.isFile()) {
                        return current.getName();
                    }
                }
                return null;
            }

            @Override
            public long size() {
                return current == null ? -1 : current.getSize();
            }

            @Override
            public InputStream data() {
                return tar;
            }
        };
    }

}
