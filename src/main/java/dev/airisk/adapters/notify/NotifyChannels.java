package dev.airisk.adapters.notify;

import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Channels;
import dev.airisk.core.notify.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The delivery channels: webhook and Slack over one shared HTTP client, e-mail over SMTP, and JSON
 * Lines files. Built once from the environment map the command line holds (HMAC secrets are looked
 * up by the variable an endpoint names; SMTP settings come from the AIRISK_SMTP_* variables, see
 * docs/notification-channels.md). Thread-safe; every channel is reused for many deliveries.
 */
public final class NotifyChannels implements Channels {
    /** How long to wait for a TCP (and TLS) connection, unless given. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for an answer to a request (HTTP) or a command (SMTP), unless given. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Channel webhook;
    private final Channel slack;
    private final Channel email;
    private final Channel file;

    /** The channels with the default time-outs. */
    public NotifyChannels(Map<String, String> env) {
        this(env, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    /** The channels with the default time-outs, reading the time (of Retry-After, of a mail's date) from {@code clock}. */
    public NotifyChannels(Map<String, String> env, Clock clock) {
        this(env, CONNECT_TIMEOUT, READ_TIMEOUT, clock);
    }

    /**
     * The channels with the given time-outs: {@code connectTimeout} for connecting, {@code readTimeout}
     * for a whole HTTP answer or for each SMTP reply.
     */
    public NotifyChannels(Map<String, String> env, Duration connectTimeout, Duration readTimeout) {
        this(env, connectTimeout, readTimeout, Clock.systemUTC());
    }

    NotifyChannels(Map<String, String> env, Duration connectTimeout, Duration readTimeout, Clock clock) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(env, "env"));
        String version = NotifyChannels.class.getPackage().getImplementationVersion();
        String userAgent = "airisk" + (version == null ? "" : "/" + version);
        HttpPoster http = new HttpPoster(connectTimeout, readTimeout, clock);
        this.webhook = new WebhookChannel(http, copy, userAgent);
        this.slack = new SlackChannel(http, copy, userAgent);
        this.email = EmailChannel.of(copy, connectTimeout, readTimeout, clock);
        this.file = new FileLinesChannel();
    }

    /** A channel appending CloudEvents JSON lines to the file an endpoint names (for a rehearsal: every notice into one file). */
    public static Channel fileLines() {
        return new FileLinesChannel();
    }

    @Override
    public Channel of(Endpoint.Kind kind) {
        return switch (kind) {
            case WEBHOOK -> webhook;
            case SLACK -> slack;
            case EMAIL -> email;
            case FILE -> file;
        };
    }
}
