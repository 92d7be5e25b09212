package dev.airisk.adapters.archive;

import dev.airisk.adapters.archive.SourceValidator.Listed;
import dev.airisk.core.port.ModelSource;
import java.util.List;

/** A model source whose validated listing is known when it is opened. */
abstract class ListedSource<H> implements ModelSource {
    private final String description;
    final List<Listed<H>> listing;

    ListedSource(String description, List<Listed<H>> listing) {
        this.description = description;
        this.listing = List.copyOf(listing);
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
