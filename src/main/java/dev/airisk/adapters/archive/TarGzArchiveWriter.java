package dev.airisk.adapters.archive;

import dev.airisk.core.model.FileDigest;
import dev.airisk.core.port.ArchiveWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes reproducible .tar.gz archives: the same files give the same bytes on every machine, for
 * every user. Entries come in the given order, files only (no folder entries), each with mode 0644,
 * modification time 0, owner and group 0 with empty names; names too long for ustar, or not ASCII,
 * get PAX headers, as do sizes of 8 GiB and more. The gzip header has no file name, time 0 and the
 * "unknown" OS byte (255); compression is zlib's default level.
 */
public final class TarGzArchiveWriter implements ArchiveWriter {
    private static final int FILE_MODE = 0100644;
    private static final int OS_UNKNOWN = 255;
    private static final int COPY_BUFFER = 1 << 16;

    @Override
    public void writeTarGz(List<FileDigest> files, EntryOpener opener, OutputStream out) throws IOException {
        GzipParameters gzip = new GzipParameters();
        gzip.setModificationTime(0);
        gzip.setOperatingSystem(OS_UNKNOWN);
        gzip.setFileName(null);
        gzip.setComment(null);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(new ShieldedOutputStream(out), gzip);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            byte[] buffer = new byte[COPY_BUFFER];
            for (FileDigest f : files) {
                tar.putArchiveEntry(entry(f));
                try (InputStream in = opener.open(f)) {
                    copyExactly(in, tar, f, buffer);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static TarArchiveEntry entry(FileDigest f) {
        TarArchiveEntry e = new TarArchiveEntry(f.path());
        e.setSize(f.size());
        e.setMode(FILE_MODE);
        e.setModTime(0);
        e.setIds(0, 0);
        e.setNames("", "");
        return e;
    }

    private static void copyExactly(InputStream in, OutputStream out, FileDigest f, byte[] buffer) throws IOException {
        long left = f.size();
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("'" + f.path() + "' ended after " + (f.size() - left) + " of its " + f.size() + " bytes");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        if (in.read() >= 0) {
            throw new IOException("'" + f.path() + "' holds more than its recorded " + f.size() + " bytes");
        }
    }

    /** Lets the archive finish its gzip trailer without closing the caller's stream. */
    private static final class ShieldedOutputStream extends FilterOutputStream {
        ShieldedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
