package dev.airisk.adapters.archive;

import dev.airisk.core.port.Content;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** The content of one validated file: its model path and size, and how to open its bytes. */
final class ListedContent implements Content {
    private final String path;
    private final long size;
    private final Opener opener;
    private final Path file;

    /** Opens the bytes of one file. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** @param file the regular file holding exactly these bytes, or null when there is none */
    ListedContent(SourceValidator.Listed<?> listed, Opener opener, Path file) {
        this.path = listed.path();
        this.size = listed.size();
        this.opener = opener;
        this.file = file;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        return opener.open();
    }

    @Override
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
