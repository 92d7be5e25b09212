package dev.airisk.core.notify;

/**
 * The channels, by kind: built by the command line with what they take from the environment (HMAC
 * secrets by variable name, SMTP settings), so the core never reads the environment itself.
 */
public interface Channels {

    /** The channel that delivers to endpoints of this kind. */
    Channel of(Endpoint.Kind kind);
}
