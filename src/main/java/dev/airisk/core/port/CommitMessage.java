package dev.airisk.core.port;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A commit message: one human subject line, an optional body, and machine trailers
 * ({@code Airisk-Op}, {@code Airisk-Model}, {@code Airisk-Version}, {@code Airisk-Env}, {@code Airisk-Actor}).
 */
public record CommitMessage(String subject, String body, Map<String, String> trailers) {
    public CommitMessage {
        if (subject == null || subject.isBlank() || subject.contains("\n")) {
            throw new IllegalArgumentException("a commit subject is one non-empty line");
        }
        trailers = Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
    }

    public static CommitMessage of(String subject, Map<String, String> trailers) {
        return new CommitMessage(subject, null, trailers);
    }

    /** The full text as Git stores it. */
    public String render() {
        StringBuilder b = new StringBuilder(subject).append("\n\n");
        if (body != null && !body.isBlank()) {
            b.append(body.strip()).append("\n\n");
        }
        trailers.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    /** Parses the trailers back out of a message (the last paragraph of {@code Key: value} lines). */
    public static Map<String, String> parseTrailers(String message) {
        String[] paragraphs = message.strip().split("\n\\s*\n");
        Map<String, String> out = new LinkedHashMap<>();
        if (paragraphs.length < 2) {
            return out;
        }
        for (String line : paragraphs[paragraphs.length - 1].split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && line.substring(0, colon).matches("[A-Za-z0-9-]+")) {
                out.put(line.substring(0, colon), line.substring(colon + 2).strip());
            }
        }
        return out;
    }
}
