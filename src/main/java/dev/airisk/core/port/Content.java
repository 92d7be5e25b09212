package dev.airisk.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** One file to be stored: where it sits in the model, its size, and its bytes. */
public interface Content {

    /** The relative POSIX path inside the model (already validated by the source). */
    String path();

    /** Size in bytes as the source declares it. */
    long size();

    /** Opens the bytes; for a sequential source, valid only while the source hands it out. */
    InputStream open() throws IOException;

    /** The regular file holding exactly these bytes, when there is one (lets a store use file channels). */
    default Optional<Path> file() {
        return Optional.empty();
    }
}
