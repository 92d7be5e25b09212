package dev.airisk.core.port;

import java.nio.file.Path;

/** Opens a path as a model source: a file, a directory, or an archive recognised by its name. */
public interface ModelSources {

    /** InvalidInput with a one-line reason for a missing/empty path, an escaping entry or link, a bad archive. */
    ModelSource open(Path path);
}
