package dev.airisk.core.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one delivery attempt.
 *
 * @param outcome    sent, worth retrying later, failed for good, or not sent for a reason on the sending side
 * @param detail     what happened, one line, for receipts and reports (e.g. "HTTP 503"); never a secret
 * @param retryAfter how long the receiver asked us to wait (Retry-After), or null
 */
public record Delivery(Outcome outcome, String detail, Duration retryAfter) {
    public Delivery {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    public static Delivery sent(String detail) {
        return new Delivery(Outcome.SENT, detail, null);
    }

    public static Delivery retry(String detail, Duration retryAfter) {
        return new Delivery(Outcome.RETRY, detail, retryAfter);
    }

    public static Delivery permanent(String detail) {
        return new Delivery(Outcome.PERMANENT, detail, null);
    }

    public static Delivery setup(String detail) {
        return new Delivery(Outcome.SETUP, detail, null);
    }

    /**
     * Sent; worth retrying (5xx, 408, 429, time-outs, refused connections); refused for good by the
     * receiver (other 4xx, bad address); or not sent because of the sending side (a secret variable
     * unset, no SMTP settings, a login the mail server refuses): never given up, it waits until the
     * setting is fixed.
     */
    public enum Outcome { SENT, RETRY, PERMANENT, SETUP }
}
