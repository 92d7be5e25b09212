package dev.airisk.core.model;

import java.time.Instant;
import java.util.List;

/**
 * {@code models/<name>/versions/<v>/collected.yaml}: the version's artifacts were collected under
 * retention ({@code airisk gc}). The record beside it stays as it was; this marker says which of its
 * blobs were deleted and which were kept (used by another version, or under a retention lock).
 *
 * @param at      when
 * @param by      the key id that ran gc
 * @param deleted blobs deleted from the store (or already absent)
 * @param kept    blobs left in place: under a retention lock (S3 Object Lock)
 */
public record Collected(Instant at, String by, List<Sha256> deleted, List<Sha256> kept) {
    public Collected {
        deleted = deleted == null ? List.of() : List.copyOf(deleted);
        kept = kept == null ? List.of() : List.copyOf(kept);
    }
}
