package dev.airisk.adapters.notify;

import dev.airisk.core.Redact;
import dev.airisk.core.notify.Delivery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
    Delivery post(HttpTarget target, byte[] body, Map<String, String> headers, Function<Answer, String> explain) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
                .timeout(readTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        String at = target.hostPort();
        // The client's own time-out ends when the answer's headers arrive; the body (of which only the
        // start is kept) is bounded by waiting for the whole exchange no longer than this.
        Duration whole = client.connectTimeout().orElseThrow().plus(readTimeout).plus(readTimeout);
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request.build(), info -> new BodyStart(KEEP_OF_BODY));
        try {
            return classify(target, exchange.get(whole.toMillis(), TimeUnit.MILLISECONDS), explain);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return Delivery.retry("no answer from " + at + " within " + seconds(readTimeout), null);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted while posting to " + at, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                return Delivery.retry("no connection to " + at + " within " + seconds(client.connectTimeout().orElseThrow()), null);
            }
            if (cause instanceof HttpTimeoutException) {
                return Delivery.retry("no answer from " + at + " within " + seconds(readTimeout), null);
            }
            if (cause instanceof IOException io) {
                return failure(target, io);
            }
            return Delivery.retry("cannot post to " + at + ": " + target.scrub(oneLine(cause == null ? e : cause)), null);
        }
    }

    private Delivery classify(HttpTarget target, HttpResponse<String> response, Function<Answer, String> explain) {
        String at = target.hostPort();
        int status = response.statusCode();
        String extra = explain == null ? null : explain.apply(new Answer(status, response.body()));
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
        String m = Redact.failure(t);
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 160 ? m.substring(0, 160) + "..." : m;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Keeps the first bytes of a body as text and stops reading there. */
    private static final class BodyStart implements HttpResponse.BodySubscriber<String> {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final int limit;
        private Flow.Subscription subscription;

        BodyStart(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                int n = Math.min(b.remaining(), limit - kept.size());
                byte[] bytes = new byte[n];
                b.get(bytes);
                kept.write(bytes, 0, n);
            }
            if (kept.size() >= limit) {
                subscription.cancel();
                onComplete();
            }
        }

        @Override
        public void onError(Throwable e) {
            result.completeExceptionally(e);
        }

        @Override
        public void onComplete() {
            result.complete(kept.toString(StandardCharsets.UTF_8));
        }
    }
}
