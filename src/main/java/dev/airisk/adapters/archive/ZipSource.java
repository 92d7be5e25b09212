package dev.airisk.adapters.archive;

import dev.airisk.adapters.archive.SourceValidator.Listed;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.port.Content;
import java.io.IOException;
import dev.airisk.core.scan.ZipChecks;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A zip archive read in place through its central directory. Entries are read with random access,
 * so several can be read at once; each is held to the size its header states. An archive whose local headers
 * disagree with its central directory (another name, an entry only one kind of reader meets, overlapping
 * entries) is refused, as the scanner reports it.
 */
final class ZipSource extends ListedSource<ZipArchiveEntry> {
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;
    private static final int FOLDER = 0040000;
    private static final int FIFO = 0010000;
    private static final int CHAR_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;

    private final ZipFile zip;
    private final FileChannel channel;

    private ZipSource(String description, ZipFile zip, FileChannel channel, List<Listed<ZipArchiveEntry>> listing) {
        super(description, listing);
        this.zip = zip;
        this.channel = channel;
    }

    static ZipSource open(Path path, SourceLimits limits) {
        String description = path.toString();
        ZipFile zip;
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InvalidInput(description + " is not a readable zip archive: " + IoErrors.describe(e),
                    "check that the file is complete, or register the unpacked folder");
        }
        try {
            CommonsContainerReader.Described described = CommonsContainerReader.describe(zip, channel);
            for (ZipChecks.Problem p : ZipChecks.of(described.entries(), described.unlisted())) {
                if (!p.rule().equals("zip/path-traversal") && !p.rule().equals("zip/duplicate-entry")) {
                    throw new InvalidInput(description + ": " + p.message(),
                            "rebuild the archive with a standard zip tool, or register the unpacked folder");
                }
            }
            SourceValidator<ZipArchiveEntry> v = new SourceValidator<>(description, true, limits);
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                classify(zip, e, v);
            }
            return new ZipSource(description, zip, channel, v.finish());
        } catch (RuntimeException | IOException e) {
            ZipFile.closeQuietly(zip);
            closeQuietly(channel);
            if (e instanceof IOException io) {
                throw new InvalidInput(description + " is not a readable zip archive: " + IoErrors.describe(io),
                        "check that the file is complete, or register the unpacked folder");
            }
            throw (RuntimeException) e;
        }
    }

    private static void classify(ZipFile zip, ZipArchiveEntry e, SourceValidator<ZipArchiveEntry> v) throws IOException {
        String name = e.getName();
        int type = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? e.getUnixMode() & TYPE_MASK : 0;
        if (e.isUnixSymlink()) {
            v.symlink(name, SourceValidator.resolveLink(name, zip.getUnixSymlink(e)), null, 0);
        } else if (e.isDirectory() || type == FOLDER) {
            v.directory(name);
        } else if (type != 0 && type != REGULAR) {
            v.special(name, kind(type));
        } else {
            v.file(name, e.getSize(), e);
            if (!zip.canReadEntryData(e)) {
                v.unsupported(name, "is encrypted or uses an unsupported compression method",
                        "re-create the archive without encryption, with deflate or no compression");
            }
            v.expanded(name, e.getSize(), e.getCompressedSize());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was read through it that could be lost
            }
        }
    }

    private static String kind(int type) {
        return switch (type) {
            case FIFO -> "a fifo";
            case CHAR_DEVICE -> "a character device";
            case BLOCK_DEVICE -> "a block device";
            case SOCKET -> "a socket";
            default -> "not a regular file (mode " + Integer.toOctalString(type) + ")";
        };
    }

    /** Hands entries out on up to {@code parallelism} threads, reading each with random access. */
    @Override
    public <R> Map<String, R> read(int parallelism, ContentFunction<R> fn) throws IOException {
        return ParallelReader.run(parallelism, listing, f -> fn.apply(content(f)));
    }

    private Content content(Listed<ZipArchiveEntry> file) {
        String what = "entry '" + file.path() + "' in " + description();
        return new ListedContent(file,
                () -> new ExactSizeInputStream(zip.getInputStream(file.handle()), file.size(), what), null);
    }

    @Override
    public void close() throws IOException {
        CommonsContainerReader.close(zip, channel);
    }
}
