package dev.airisk.adapters.notify;

import dev.airisk.core.notify.Event;
import java.time.format.DateTimeFormatter;

/** The words people read in a notice (Slack, e-mail), from an event's type, subject and text. */
final class Notices {
    private static final String PREFIX = "dev.airisk.";

    private Notices() {
    }

    /** The kind of change, in words: {@code dev.airisk.model.deprecated} is "model deprecated". */
    static String change(String type) {
        String t = type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type;
        return t.replace('.', ' ').replace('_', ' ');
    }

    /** A one-line title: {@code [airisk] churn@1.4.0: model deprecated}. Never holds a line break. */
    static String title(Event event) {
        String subject = event.subject() == null || event.subject().isBlank() ? "" : event.subject() + ": ";
        return ("[airisk] " + subject + change(event.type())).replaceAll("[\\r\\n\\t]+", " ");
    }

    /** The event's sentence, then what it is about, when, and its id, for a plain-text message. */
    static String plainText(Event event) {
        StringBuilder s = new StringBuilder();
        if (!event.text().isBlank()) {
            s.append(event.text().strip()).append("\n\n");
        }
        if (event.subject() != null) {
            s.append("Model:    ").append(event.subject()).append('\n');
        }
        s.append("Change:   ").append(change(event.type())).append(" (").append(event.type()).append(")\n");
        s.append("When:     ").append(DateTimeFormatter.ISO_INSTANT.format(event.time())).append('\n');
        s.append("Registry: ").append(event.source()).append('\n');
        s.append("Event id: ").append(event.id()).append('\n');
        s.append("\nThe attached event.json is this notice as a CloudEvents 1.0 event.\n");
        return s.toString();
    }
}
