package dev.airisk.core.scan;

/** Why a stream cannot be read further as a pickle. */
final class PickleMalformed extends Exception {
    PickleMalformed(String message) {
        super(message, null, false, false);
    }
}
