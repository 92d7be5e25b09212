package dev.airisk.adapters.archive;

import dev.airisk.adapters.archive.SourceValidator.Listed;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.ModelSource;
import java.util.List;

/** A model source whose validated listing is known when it is opened. */
abstract class ListedSource<H> implements ModelSource {
    private final String description;
    final List<Listed<H>> listing;
    private final boolean single;
    private final boolean symlinks;

    ListedSource(String description, List<Listed<H>> listing) {
        this(description, listing, false, false);
    }

    /** A source that is one file ({@code single}), or whose listing followed symlinks. */
    ListedSource(String description, List<Listed<H>> listing, boolean single, boolean symlinks) {
        this.description = description;
        this.listing = List.copyOf(listing);
        this.single = single;
        this.symlinks = symlinks;
    }

    @Override
    public List<String> ignoredPaths() {
        return single ? ModelSigning.GIT_PATHS : SourceValidator.IGNORED;
    }

    @Override
    public boolean singleFile() {
        return single;
    }

    @Override
    public boolean followsSymlinks() {
        return symlinks;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<SourceFile> files() {
        return listing.stream().map(f -> new SourceFile(f.path(), f.size())).toList();
    }
}
