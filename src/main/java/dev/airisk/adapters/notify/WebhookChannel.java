package dev.airisk.adapters.notify;

import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Event;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the event as CloudEvents JSON (structured mode). With a secret variable named on the
 * endpoint, the header {@code X-Airisk-Signature: sha256=<hex>} carries the HMAC-SHA256 of the exact
 * body bytes under the variable's value (its UTF-8 bytes).
 */
final class WebhookChannel implements Channel {
    static final String SIGNATURE_HEADER = "X-Airisk-Signature";

    private final HttpPoster http;
    private final Map<String, String> env;
    private final String userAgent;

    WebhookChannel(HttpPoster http, Map<String, String> env, String userAgent) {
        this.http = http;
        this.env = env;
        this.userAgent = userAgent;
    }

    @Override
    public Delivery deliver(Endpoint endpoint, Event event) {
        HttpTarget target;
        byte[] body;
        try {
            target = HttpTarget.parse(endpoint.target(), "webhook");
        } catch (IllegalArgumentException e) {
            return Delivery.permanent(e.getMessage());
        }
        try {
            body = CloudEvents.json(event);
        } catch (IllegalArgumentException e) {
            return Delivery.permanent("event " + event.id() + " cannot be written as JSON: " + e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CloudEvents.CONTENT_TYPE);
        headers.put("User-Agent", userAgent);
        String variable = endpoint.secretEnv();
        if (variable != null && !variable.isBlank()) {
            String secret = env.get(variable);
            if (secret == null || secret.isEmpty()) {
                return Delivery.setup(unset(variable, target.hostPort()));
            }
            headers.put(SIGNATURE_HEADER, "sha256=" + hmacSha256Hex(secret, body));
        }
        return http.post(target, body, headers, null);
    }

    @Override
    public String unready(Endpoint endpoint) {
        String variable = endpoint.secretEnv();
        if (variable == null || variable.isBlank()) {
            return null;
        }
        String secret = env.get(variable);
        if (secret != null && !secret.isEmpty()) {
            return null;
        }
        String at;
        try {
            at = HttpTarget.parse(endpoint.target(), "webhook").hostPort();
        } catch (IllegalArgumentException e) {
            return null;
        }
        return unset(variable, at);
    }

    private static String unset(String variable, String at) {
        return "the webhook secret variable " + variable + " is not set for " + at
                + " (set it in the environment of 'airisk notify' to the secret the receiver shares)";
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} keyed with the UTF-8 bytes of {@code secret}. */
    static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}
