package dev.airisk.adapters.notify;

import dev.airisk.core.notify.Delivery;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One HTTP client for the webhook and Slack channels, and the one place that turns an answer or a
 * failure into a {@link Delivery}:
 * <ul>
 *   <li>2xx: SENT;</li>
 *   <li>5xx, 408, 429, time-outs, refused or reset connections, unknown hosts: RETRY, with the
 *       {@code Retry-After} the receiver sent (seconds or an HTTP-date);</li>
 *   <li>3xx: PERMANENT. Redirects are not followed: a POST re-sent to wherever a Location header
 *       points would carry the event and its signature to a host nobody configured, so a moved
 *       receiver is a change to make in consumers.yaml;</li>
 *   <li>other 4xx, and TLS certificates the JDK's trust store does not accept: PERMANENT.</li>
 * </ul>
 * Details name the receiver as {@code host:port} only, never its path, query or user-info.
 * Thread-safe.
 */
final class HttpPoster {
    private static final int KEEP_OF_BODY = 200;

    private final HttpClient client;
    private final Duration readTimeout;
    private final Clock clock;

    HttpPoster(Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build(); // TLS: the JDK's default SSLContext and trust store
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    /** The answer's status and the start of its body, for channels that explain a refusal. */
    record Answer(int status, String bodyStart) {
    }

    /**
     * Posts {@code body} and classifies the outcome. {@code explain} may add a few words from the
     * answer to the detail (or return null to add nothing).
     */
    Delivery post(HttpTarget target, byte[] body, Map<String, String> headers, java.util.function.Function<Answer, String> explain) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
                .timeout(readTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        String at = target.hostPort();
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            String start;
            try (InputStream in = response.body()) {
                start = new String(in.readNBytes(KEEP_OF_BODY), StandardCharsets.UTF_8);
            }
            String extra = explain == null ? null : explain.apply(new Answer(status, start));
            String detail = "HTTP " + status + " from " + at + (extra == null || extra.isBlank() ? "" : " (" + extra + ")");
            if (status >= 200 && status < 300) {
                return Delivery.sent(detail);
            }
            if (status >= 500 || status == 408 || status == 429) {
                Duration wait = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant());
                return Delivery.retry(detail, wait);
            }
            if (status >= 300 && status < 400) {
                String to = response.headers().firstValue("Location").map(l -> redirectHost(target.uri(), l)).orElse(null);
                return Delivery.permanent(detail + ": redirect" + (to == null ? "" : " to " + to)
                        + " not followed (put the receiver's current URL in consumers.yaml)");
            }
            return Delivery.permanent(detail);
        } catch (HttpConnectTimeoutException e) {
            return Delivery.retry("no connection to " + at + " within " + seconds(client.connectTimeout().orElseThrow()), null);
        } catch (HttpTimeoutException e) {
            return Delivery.retry("no answer from " + at + " within " + seconds(readTimeout), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted while posting to " + at, null);
        } catch (IOException e) {
            return failure(target, e);
        }
    }

    private static Delivery failure(HttpTarget target, IOException e) {
        String at = target.hostPort();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return Delivery.retry("cannot resolve the host name of " + at, null);
            }
            if (t instanceof SSLHandshakeException) {
                return Delivery.permanent("TLS handshake with " + at + " failed: " + target.scrub(oneLine(t))
                        + " (the receiver's certificate must be trusted by the JDK's trust store)");
            }
            if (t instanceof SSLException) {
                return Delivery.retry("TLS error with " + at + ": " + target.scrub(oneLine(t)), null);
            }
            if (t instanceof ConnectException) {
                return Delivery.retry("connection to " + at + " refused", null);
            }
        }
        return Delivery.retry("cannot reach " + at + ": " + target.scrub(oneLine(e)), null);
    }

    private static String redirectHost(URI from, String location) {
        try {
            return HttpTarget.hostPort(from.resolve(location.trim()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 160 ? m.substring(0, 160) + "..." : m;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
