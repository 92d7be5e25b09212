package dev.airisk.core.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One notice for one consumer, in the terms of a CloudEvents 1.0 event. Channels render it; they
 * never change it.
 *
 * @param id      stable per notice and consumer, so a receiver can drop a repeated delivery
 * @param type    e.g. {@code dev.airisk.model.deprecated}
 * @param source  the registry, as a URI reference
 * @param subject {@code NAME@VER}
 * @param time    when the change that caused the notice happened
 * @param data    the event's data: JSON values only (String, Number, Boolean, List, Map, null), in order
 * @param text    a readable sentence or two for people (Slack, e-mail)
 */
public record Event(String id, String type, String source, String subject, Instant time, Map<String, Object> data,
                    String text) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        text = text == null ? "" : text;
    }
}
