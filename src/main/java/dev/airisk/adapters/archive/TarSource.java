package dev.airisk.adapters.archive;

import dev.airisk.adapters.archive.SourceValidator.Listed;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.port.Content;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A tar or gzip-compressed tar read in place, in two sequential passes. Opening makes the first
 * pass over every header (decompressing a .tar.gz as it goes, which is where its expansion ratio is
 * measured) and validates the listing; {@link #read} makes the second pass and hands each file to the
 * function once, in archive order, checking that the archive still holds what the first pass saw.
 */
final class TarSource extends ListedSource<Integer> {
    private static final int SCRATCH = 1 << 20;

    private final Path path;
    private final boolean gzip;

    private TarSource(Path path, boolean gzip, List<Listed<Integer>> listing) {
        super(path.toString(), listing);
        this.path = path;
        this.gzip = gzip;
    }

    /** Validates the archive with a first pass over its entries. */
    static TarSource open(Path path, boolean gzip, SourceLimits limits) {
        SourceValidator<Integer> v = new SourceValidator<>(path.toString(), true, limits);
        try (Stream s = Stream.open(path, gzip)) {
            byte[] scratch = new byte[SCRATCH];
            int ordinal = 0;
            for (TarArchiveEntry e = s.tar.getNextEntry(); e != null; e = s.tar.getNextEntry(), ordinal++) {
                classify(e, ordinal, v);
                if (gzip && e.isFile()) {
                    while (s.tar.read(scratch) >= 0) {
                        v.expanded(null, s.tar.getBytesRead(), s.compressedCount());
                    }
                }
            }
            v.expanded(null, s.tar.getBytesRead(), s.compressedCount());
        } catch (IOException e) {
            throw unreadable(path, gzip, e);
        }
        return new TarSource(path, gzip, v.finish());
    }

    private static void classify(TarArchiveEntry e, int ordinal, SourceValidator<Integer> v) {
        String name = e.getName();
        if (e.isDirectory()) {
            v.directory(name);
        } else if (e.isSymbolicLink()) {
            v.symlink(name, SourceValidator.resolveLink(name, e.getLinkName()), null, 0);
        } else if (e.isLink()) {
            v.hardlink(name, e.getLinkName());
        } else if (e.isCharacterDevice()) {
            v.special(name, "a character device");
        } else if (e.isBlockDevice()) {
            v.special(name, "a block device");
        } else if (e.isFIFO()) {
            v.special(name, "a fifo");
        } else if (e.isSparse()) {
            v.unsupported(name, "is a sparse file", "re-create the archive without --sparse");
        } else if (e.isFile()) {
            v.file(name, e.getSize(), ordinal);
        } else {
            v.unsupported(name, "has an unsupported tar entry type '" + (char) e.getLinkFlag() + "'",
                    "re-create the archive with regular files only");
        }
    }

    /** Hands out each file once, in archive order, on the calling thread ({@code parallelism} is not used). */
    @Override
    public <R> Map<String, R> read(int parallelism, ContentFunction<R> fn) throws IOException {
        Map<Integer, Listed<Integer>> byOrdinal = new HashMap<>();
        listing.forEach(f -> byOrdinal.put(f.handle(), f));
        Map<String, R> byPath = new HashMap<>();
        try (Stream s = Stream.open(path, gzip)) {
            int ordinal = 0;
            for (TarArchiveEntry e = s.tar.getNextEntry(); e != null; e = s.tar.getNextEntry(), ordinal++) {
                Listed<Integer> f = byOrdinal.get(ordinal);
                if (f != null) {
                    if (!e.isFile() || e.getSize() != f.size()) {
                        throw changed();
                    }
                    byPath.put(f.path(), fn.apply(entryContent(f, s.tar)));
                }
            }
        }
        if (byPath.size() != listing.size()) {
            throw changed();
        }
        Map<String, R> results = new LinkedHashMap<>();
        listing.forEach(f -> results.put(f.path(), byPath.get(f.path())));
        return results;
    }

    @Override
    public void close() {
        // each pass opens and closes its own stream
    }

    private IntegrityFailure changed() {
        return new IntegrityFailure(description() + " changed while it was read",
                "make sure nothing writes to the archive while it is registered, then register again");
    }

    private static InvalidInput unreadable(Path path, boolean gzip, IOException e) {
        return new InvalidInput(path + " is not a readable " + (gzip ? "tar.gz" : "tar") + " archive: " + IoErrors.describe(e),
                "check that the file is complete, or register the unpacked folder");
    }

    /** A file's bytes: the tar stream at its entry, readable once, while the source hands it out. */
    private static Content entryContent(Listed<Integer> file, TarArchiveInputStream tar) {
        boolean[] opened = {false};
        return new ListedContent(file, () -> {
            if (opened[0]) {
                throw new IOException("'" + file.path() + "' of a tar archive can be read only once");
            }
            opened[0] = true;
            return new FilterInputStream(tar) {
                @Override
                public void close() {
                    // the archive stream stays open for the next entry
                }
            };
        }, null);
    }

    /** The file opened as a tar stream, through gzip when compressed. */
    private static final class Stream implements AutoCloseable {
        final TarArchiveInputStream tar;
        private final GzipCompressorInputStream gz;

        private Stream(TarArchiveInputStream tar, GzipCompressorInputStream gz) {
            this.tar = tar;
            this.gz = gz;
        }

        static Stream open(Path path, boolean gzip) throws IOException {
            InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            try {
                GzipCompressorInputStream gz = gzip
                        ? GzipCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get()
                        : null;
                InputStream data = gz != null ? gz : raw;
                return new Stream(new TarArchiveInputStream(data, StandardCharsets.UTF_8.name()), gz);
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }

        long compressedCount() {
            return gz == null ? tar.getBytesRead() : gz.getCompressedCount();
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
