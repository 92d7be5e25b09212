package dev.airisk.core.notify;

import java.util.Objects;

/**
 * Where a consumer hears from airisk, as consumers.yaml records it.
 *
 * @param kind      the channel
 * @param target    the webhook or Slack URL, the e-mail address, or the file path
 * @param secretEnv the name of the environment variable holding the webhook's HMAC secret, or null;
 *                  the secret itself is never stored
 */
public record Endpoint(Kind kind, String target, String secretEnv) {
    public Endpoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
    }

    /** The channels a consumer can choose. */
    public enum Kind {
        WEBHOOK, SLACK, EMAIL, FILE;

        /** The lower-case name used in consumers.yaml and on the command line. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
