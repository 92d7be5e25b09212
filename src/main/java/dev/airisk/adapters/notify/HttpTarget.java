package dev.airisk.adapters.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An http or https URL that a channel posts to, and the only part of it that details may show:
 * {@code host:port}. The path and query of a webhook URL can be a secret (a Slack URL is one), and
 * so can user-info, so neither ever reaches a message.
 *
 * @param uri      the URL
 * @param hostPort host and port, with the scheme's default port when none is given
 */
record HttpTarget(URI uri, String hostPort) {

    /** Checks {@code url}; the message of the IllegalArgumentException never repeats the URL. */
    static HttpTarget parse(String url, String what) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the " + what + " URL is not a valid URL (check the endpoint in consumers.yaml)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("the " + what + " URL must start with https:// or http://"
                    + (scheme.isEmpty() ? "" : ", not " + scheme + "://"));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the " + what + " URL has no host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the " + what + " URL of host " + uri.getHost()
                    + " carries a user name or password, which airisk does not send (sign with a secret variable instead)");
        }
        return new HttpTarget(uri, hostPort(uri));
    }

    /** host:port of an absolute URI, with the default port of http or https when it has none. */
    static String hostPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        String host = uri.getHost() == null ? "?" : uri.getHost();
        return host + ":" + port;
    }

    /** {@code text} with every trace of the URL's path, query and fragment replaced by "...". */
    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String s = text;
        for (String secret : new String[] {uri.toString(), uri.getRawPath(), uri.getPath(), uri.getRawQuery(), uri.getQuery()}) {
            if (secret != null && secret.length() > 1) {
                s = s.replace(secret, "...");
            }
        }
        return s;
    }
}
