package dev.airisk.core.scan;

/** Why a stream cannot be read further as a pickle: it is malformed, or it exceeds a bound of the analysis. */
final class PickleMalformed extends Exception {
    /** True when the stream exceeds a bound of the analysis (stack, memo), not when it is malformed. */
    final boolean limit;

    PickleMalformed(String message) {
        this(message, false);
    }

    private PickleMalformed(String message, boolean limit) {
        super(message, null, false, false);
        this.limit = limit;
    }

    static PickleMalformed limit(String message) {
        return new PickleMalformed(message, true);
    }
}
