package dev.airisk.cli;

import dev.airisk.core.Printable;
import dev.airisk.core.Redact;
import dev.airisk.core.io.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence of every message on stderr: credentials of URLs removed, Java class names
 * of exceptions put into words, control characters escaped, so that one message is one line.
 */
final class ErrorText {
    /** What a failure that no part of airisk described says: no class name, no internal message. */
    static final String INTERNAL = "unexpected internal error (run again with --stacktrace and report it)";

    /** A qualified or simple exception class name, e.g. java.net.UnknownHostException or NullPointerException. */
    private static final Pattern EXCEPTION_CLASS =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)*([A-Z][A-Za-z0-9]*?)(?:Exception|Error)\\b(?::\\s*)?");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

    private ErrorText() {
    }

    /** {@code message} as one safe line. */
    static String safe(String message) {
        if (message == null || message.isBlank()) {
            return INTERNAL;
        }
        String out = Redact.credentials(message);
        out = EXCEPTION_CLASS.matcher(out).replaceAll(m -> Matcher.quoteReplacement(words(m.group(1))
                + (m.group().endsWith(" ") || m.group().endsWith(":") ? ": " : "")));
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

    /** UnknownHost -> unknown host */
    private static String words(String camel) {
        return CAMEL.matcher(camel).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}
