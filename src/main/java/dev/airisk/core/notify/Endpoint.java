package dev.airisk.core.notify;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a consumer hears from airisk, as consumers.yaml records it.
 *
 * @param kind      the channel
 * @param target    the webhook URL, the e-mail address, or the file path; for Slack null (the URL is
 *                  in the variable {@code secretEnv} names), or the URL itself as consumers.yaml held
 *                  it before Slack URLs were kept in variables
 * @param secretEnv the name of the environment variable holding the webhook's HMAC secret, or the
 *                  Slack webhook URL; or null. The secret itself is never stored
 */
public record Endpoint(Kind kind, String target, String secretEnv) {
    public Endpoint {
        Objects.requireNonNull(kind, "kind");
        if (target == null && (kind != Kind.SLACK || secretEnv == null)) {
            throw new NullPointerException("target");
        }
    }

    /** A Slack endpoint whose URL is in the environment variable {@code urlEnv}. */
    public static Endpoint slack(String urlEnv) {
        return new Endpoint(Kind.SLACK, null, urlEnv);
    }

    /** Where it goes, as messages and listings may show it: never a Slack URL, which is a secret in itself. */
    public String shown() {
        if (kind != Kind.SLACK) {
            return target;
        }
        if (target == null) {
            return "$" + secretEnv;
        }
        try {
            URI uri = URI.create(target.trim());
            return uri.getScheme() + "://" + uri.getHost() + "/... (URL in consumers.yaml)";
        } catch (IllegalArgumentException e) {
            return "(URL in consumers.yaml)";
        }
    }

    /** The channels a consumer can choose. */
    public enum Kind {
        WEBHOOK, SLACK, EMAIL, FILE;

        /** The lower-case name used in consumers.yaml and on the command line. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
