package dev.airisk.adapters.notify;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * POSTs {@code {"text": ...}} to a Slack incoming webhook. The URL is a secret in itself (whoever has
 * it can post to the channel), so details show {@code hooks.slack.com:443} and nothing of the path.
 * Slack answers refusals with a short code (invalid_payload, no_service, channel_is_archived ...),
 * which the detail repeats. The URL is read from the environment variable the endpoint names (or,
 * for an endpoint recorded before, from consumers.yaml itself).
 */
final class SlackChannel implements Channel {
    private final HttpPoster http;
    private final Map<String, String> env;
    private final String userAgent;

    SlackChannel(HttpPoster http, Map<String, String> env, String userAgent) {
        this.http = http;
        this.env = env;
        this.userAgent = userAgent;
    }

    @Override
    public String unready(Endpoint endpoint) {
        if (endpoint.target() != null) {
            return null;
        }
        String url = env.get(endpoint.secretEnv());
        return url == null || url.isBlank() ? "the Slack webhook URL variable " + endpoint.secretEnv()
                + " is not set (set it in the environment of 'airisk notify' to the channel's incoming-webhook URL)" : null;
    }

    @Override
    public Delivery deliver(Endpoint endpoint, Event event) {
        String unready = unready(endpoint);
        if (unready != null) {
            return Delivery.setup(unready);
        }
        HttpTarget target;
        try {
            target = HttpTarget.parse(endpoint.target() != null ? endpoint.target() : env.get(endpoint.secretEnv()), "Slack webhook");
        } catch (IllegalArgumentException e) {
            return endpoint.target() != null ? Delivery.permanent(e.getMessage())
                    : Delivery.setup(e.getMessage().replace("URL", "URL in " + endpoint.secretEnv()));
        }
        return http.post(target, payload(event),
                Map.of("Content-Type", "application/json; charset=utf-8", "User-Agent", userAgent),
                answer -> answer.bodyStart().matches("[a-z_]{1,64}") && !answer.bodyStart().equals("ok") ? answer.bodyStart() : null);
    }

    /** {@code {"text": "..."}}: the subject and kind of change in bold, then the event's sentence. */
    static byte[] payload(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JsonMapper.builder().build().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("text", text(event));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String text(Event event) {
        StringBuilder s = new StringBuilder("*");
        if (event.subject() != null && !event.subject().isBlank()) {
            s.append(escape(event.subject())).append(": ");
        }
        s.append(escape(Notices.change(event.type()))).append('*');
        if (!event.text().isBlank()) {
            s.append('\n').append(escape(event.text()));
        }
        s.append("\n_").append(escape(event.type())).append(" · id ").append(escape(event.id())).append('_');
        return s.toString();
    }

    /** Slack's mrkdwn control characters: &, < and > as entities, so nothing becomes a link or a mention. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
