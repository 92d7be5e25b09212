package dev.airisk.core.port;

import java.util.List;
import java.util.Optional;

/** A read-only view of the registry tree at one commit. Paths are POSIX, relative to the root. */
public interface Snapshot {

    /** The commit id this view shows. */
    String commitId();

    /** A file's bytes, or empty when there is no file at that path. */
    Optional<byte[]> read(String path);

    /** True when a file or a directory exists at that path. */
    boolean exists(String path);

    /** The names of the entries directly under a directory, sorted; empty when it does not exist. */
    List<String> children(String dir);
}
