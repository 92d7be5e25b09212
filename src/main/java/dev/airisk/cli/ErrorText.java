package dev.airisk.cli;

import dev.airisk.core.Printable;
import dev.airisk.core.Redact;
import dev.airisk.core.io.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The last line of defence of every message on stderr: credentials of URLs removed and Java class
 * names of exceptions put into words ({@link Redact}), control characters escaped ({@link Printable}),
 * so that one message is one line.
 */
final class ErrorText {
    /** What a failure that no part of airisk described says: no class name, no internal message. */
    static final String INTERNAL = "unexpected internal error (run again with --stacktrace and report it)";

    private ErrorText() {
    }

    /** Variables whose values are secrets: never shown, whatever message repeats them. */
    private static final Pattern SECRET_VARIABLE = Pattern.compile("(?i).*(SECRET|PASSWORD|PASSPHRASE|TOKEN).*");
    /** Shorter values are not replaced: they would mangle the words they occur in, and are no secret worth the name. */
    private static final int MIN_SECRET_LENGTH = 6;

    /** {@code message} as one safe line. */
    static String safe(String message) {
        return safe(message, Map.of());
    }

    /** {@code message} as one safe line, with the value of every secret variable of {@code env} replaced by ***. */
    static String safe(String message, Map<String, String> env) {
        if (message == null || message.isBlank()) {
            return INTERNAL;
        }
        String out = Redact.message(message);
        for (Map.Entry<String, String> e : env.entrySet()) {
            String v = e.getValue();
            if (v != null && v.length() >= MIN_SECRET_LENGTH && SECRET_VARIABLE.matcher(e.getKey()).matches()) {
                out = out.replace(v, "***");
            }
        }
        return Printable.oneLine(out.strip());
    }

    /** The line for a failure that is not one of the core's: file-system failures say what failed; anything else is internal. */
    static String describe(Throwable t) {
        IOException io = t instanceof UncheckedIOException u ? u.getCause() : t instanceof IOException e ? e : null;
        if (io != null) {
            return "cannot read or write a file: " + IoErrors.describe(io)
                    + " (check the path, its permissions and free space; run again with --stacktrace if it persists)";
        }
        return INTERNAL;
    }
}
