package dev.airisk.core.port;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The files of a model to register: a single file, a directory, or an archive (.tar, .tar.gz, .tgz,
 * .zip) read in place. Opening a source validates the whole listing first (paths inside the root,
 * no escaping links, no duplicates), so a bad input is refused before anything is stored.
 */
public interface ModelSource extends Closeable {

    /** What was opened, for messages. */
    String description();

    /** Every regular file, validated, sorted by path. */
    List<SourceFile> files();

    /**
     * Hands every file's content to {@code fn} and returns the results by path. Files are handed out
     * concurrently (up to {@code parallelism}) when the source allows random access (a directory, a
     * zip), otherwise once each in archive order. The first exception stops the read and is rethrown.
     */
    <R> Map<String, R> read(int parallelism, ContentFunction<R> fn) throws IOException;

    /**
     * The paths left out as OpenSSF model_signing leaves them out of a model folder (the git files and
     * a signature file {@code model.sig} at the top), to be recorded as ignored in the model's
     * signature: a single file leaves nothing out but records the git paths as model_signing does.
     */
    default List<String> ignoredPaths() {
        return List.of();
    }

    /** Whether the source is one model file (its model signature names it {@code "."}). */
    default boolean singleFile() {
        return false;
    }

    /** Whether a listed file is a symlink the source followed (recorded in the model's signature as allowed). */
    default boolean followsSymlinks() {
        return false;
    }

    /** A file as listed. */
    record SourceFile(String path, long size) {
    }

    /** Work done on one file's content. */
    @FunctionalInterface
    interface ContentFunction<R> {
        R apply(Content content) throws IOException;
    }
}
