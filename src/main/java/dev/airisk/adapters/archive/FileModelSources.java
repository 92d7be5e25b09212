package dev.airisk.adapters.archive;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.ModelSource;
import dev.airisk.core.port.ModelSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a model file, a model folder, or an archive recognised by its name ({@code .tar},
 * {@code .tar.gz}, {@code .tgz}, {@code .zip}), read in place without unpacking to disk. Every kind
 * is validated up front by the same rules (see {@link SourceValidator}): paths stay inside the root,
 * no duplicates, no devices or fifos, no escaping links; links inside an archive are refused, while a
 * symlink in a folder may stand for a regular file inside that folder. Archives are also held to
 * {@link SourceLimits}.
 */
public final class FileModelSources implements ModelSources {
    private static final String WHAT_TO_GIVE = "give a model file, folder or .tar/.tar.gz/.tgz/.zip archive";

    private final SourceLimits limits;

    /** Sources held to {@link SourceLimits#DEFAULT}. */
    public FileModelSources() {
        this(SourceLimits.DEFAULT);
    }

    /** Sources held to {@code limits}. */
    public FileModelSources(SourceLimits limits) {
        this.limits = limits;
    }

    /** Refuses a model path that does not exist, as {@link #open} does. */
    public static void requireExists(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidInput(path + " does not exist", WHAT_TO_GIVE);
        }
    }

    @Override
    public ModelSource open(Path path) {
        requireExists(path);
        try {
            if (Files.isDirectory(path)) {
                return LocalFileSource.ofDirectory(path, limits);
            }
            if (!Files.isRegularFile(path)) {
                throw new InvalidInput(path + " is not a regular file or folder", WHAT_TO_GIVE);
            }
            if (Files.size(path) == 0) {
                throw new InvalidInput(path + " is empty", WHAT_TO_GIVE);
            }
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".zip")) {
                return ZipSource.open(path, limits);
            }
            if (name.endsWith(".tar")) {
                return TarSource.open(path, false, limits);
            }
            if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
                return TarSource.open(path, true, limits);
            }
            return LocalFileSource.ofFile(path, limits);
        } catch (IOException e) {
            throw LocalFileSource.unreadable(path, e);
        }
    }
}
