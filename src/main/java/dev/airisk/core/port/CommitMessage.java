package dev.airisk.core.port;

import dev.airisk.core.Printable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A commit message: one human subject line, an optional body, and machine trailers
 * ({@code Airisk-Op}, {@code Airisk-Model}, {@code Airisk-Version}, {@code Airisk-Env}, {@code Airisk-Actor}).
 * No value can add a line: control characters in the subject and in trailer values are escaped (see
 * {@link Printable}), and in the body every one but the line feed, so a reason or comment cannot forge
 * a trailer or a second subject. Inputs are refused earlier; this is the encoding that holds regardless.
 */
public record CommitMessage(String subject, String body, Map<String, String> trailers) {
    private static final Pattern TRAILER_KEY = Pattern.compile("[A-Za-z0-9-]+");

    public CommitMessage {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a commit subject is one non-empty line");
        }
        subject = Printable.oneLine(subject);
        body = Printable.lines(body);
        Map<String, String> safe = new LinkedHashMap<>();
        trailers.forEach((k, v) -> {
            if (!TRAILER_KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("a trailer key is letters, digits and '-'");
            }
            safe.put(k, Printable.oneLine(v));
        });
        trailers = Collections.unmodifiableMap(safe);
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
