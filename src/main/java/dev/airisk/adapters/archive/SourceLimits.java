package dev.airisk.adapters.archive;

/**
 * Limits that stop a hostile or broken model source before anything is stored.
 *
 * @param maxUnpackedBytes the most bytes an archive may unpack to (its files together)
 * @param maxRatio         the most an archive, or one zip entry, may expand relative to its compressed
 *                         size (a zip bomb expands thousands of times); checked once at least
 *                         {@link #RATIO_FLOOR} bytes are unpacked, so small, very compressible files pass
 * @param maxFiles         the most files any source may hold
 */
public record SourceLimits(long maxUnpackedBytes, long maxRatio, int maxFiles) {
    /** Ratios are judged only past 1 MiB of unpacked bytes. */
    public static final long RATIO_FLOOR = 1 << 20;

    /** 1 TiB unpacked, 100 times expansion, 100 000 files. */
    public static final SourceLimits DEFAULT = new SourceLimits(1L << 40, 100, 100_000);

    public SourceLimits {
        if (maxUnpackedBytes <= 0 || maxRatio <= 1 || maxFiles <= 0) {
            throw new IllegalArgumentException("source limits must be positive and the ratio above 1");
        }
    }
}
