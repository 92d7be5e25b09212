package dev.airisk.core.port;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the containers a model file may be wrapped in, for the scanner: zip archives through their central
 * directory (as PyTorch, NumPy and Keras read them), tar archives, and bz2 / xz / lzma streams. Implemented
 * with a library in an adapter; the scanner decides what is wrong with what it is told.
 */
public interface ContainerReader {

    /** The stream compressions the scanner hands over (gzip and zlib it reads with the JDK). */
    enum Compression { BZIP2, XZ, LZMA }

    /** Opens {@code file} as a zip, reading its central directory; fails when there is none or it is cut off. */
    ZipListing openZip(Path file) throws IOException;

    /** Decompresses {@code in}; the caller bounds the output. */
    InputStream decompress(Compression kind, InputStream in) throws IOException;

    /** Reads {@code in} as a tar archive, entry after entry. */
    TarStream readTar(InputStream in) throws IOException;

    /**
     * One entry as the central directory lists it, with what its local header says.
     *
     * @param name           the central directory's name
     * @param localName      the name in the local header at {@code headerOffset}, or null when there is no local header there
     * @param directory      a folder entry
     * @param size           uncompressed size the central directory declares
     * @param compressedSize compressed size the central directory declares
     * @param headerOffset   where its local header starts
     * @param dataEnd        where its data ends (data offset plus compressed size)
     * @param sequential     whether a reader walking local headers from the first one reaches it
     * @param readable       whether its compression method and encryption can be read
     */
    record ZipEntry(String name, String localName, boolean directory, long size, long compressedSize,
                    long headerOffset, long dataEnd, boolean sequential, boolean readable) {
    }

    /** An open zip: its entries in the central directory's order, and each one's bytes. */
    interface ZipListing extends Closeable {
        List<ZipEntry> entries();

        /** Local headers a sequential reader meets that the central directory does not list. */
        int unlisted();

        /** The uncompressed bytes of entry {@code index} of {@link #entries()}. */
        InputStream open(int index) throws IOException;
    }

    /** A tar read front to back; {@link #next()} skips what is left of the entry before. */
    interface TarStream {
        /** The next regular file's name, or null at the end; its bytes are then read from {@link #data()}. */
        String next() throws IOException;

        long size();

        InputStream data();
    }
}
