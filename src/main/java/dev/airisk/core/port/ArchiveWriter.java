package dev.airisk.core.port;

import dev.airisk.core.model.FileDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** Writes deterministic archives: sorted entries, fixed times, owners and modes; same bytes every run. */
public interface ArchiveWriter {

    /** Writes a gzip-compressed tar of {@code files} (in the given order) to {@code out}. */
    void writeTarGz(List<FileDigest> files, EntryOpener opener, OutputStream out) throws IOException;

    /** Opens the bytes of one file of the archive. */
    @FunctionalInterface
    interface EntryOpener {
        InputStream open(FileDigest file) throws IOException;
    }
}
