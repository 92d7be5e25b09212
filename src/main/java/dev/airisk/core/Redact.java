package dev.airisk.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What messages must not show. Credentials: the user-info of a URL ({@code scheme://user:password@host})
 * is removed wherever a URL appears in a text; a password always, and the user name too (where tokens
 * are often put, {@code https://TOKEN@host}), except for ssh, whose user is an account name such as
 * {@code git}. Java class names: an exception's class name, alone or in a library's message, is put
 * into words ({@code java.net.UnknownHostException} reads "unknown host").
 */
public final class Redact {
    /** A qualified or simple exception class name, e.g. java.net.UnknownHostException, NullPointerException, with a ':' after it. */
    private static final Pattern EXCEPTION_CLASS =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)*([A-Z][A-Za-z0-9]*?)(?:Exception|Error)(?:\\$[A-Za-z0-9]+)?\\b(:?)");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

    /** scheme, the slashes (a malformed URL may have three), and the user-info up to the last '@' before the host. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(/{2,})([^/?#\\s'\"]*)@");

    private Redact() {
    }

    /** {@code text} with the credentials of every URL in it removed; null stays null. */
    public static String credentials(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll(m -> {
            String scheme = m.group(1);
            String info = m.group(3);
            String kept = "";
            if (scheme.toLowerCase(Locale.ROOT).contains("ssh")) {
                int colon = info.indexOf(':');
                String user = colon < 0 ? info : info.substring(0, colon);
                kept = user.isEmpty() ? "" : user + "@";
            }
            return Matcher.quoteReplacement(scheme + ":" + m.group(2) + kept);
        });
    }

    /** {@code text} with exception class names put into words. */
    public static String classNames(String text) {
        if (text == null) {
            return null;
        }
        return EXCEPTION_CLASS.matcher(text).replaceAll(m -> Matcher.quoteReplacement(words(m.group(1)) + m.group(2)));
    }

    /** Credentials removed and class names put into words: what any message from a library needs before it is shown. */
    public static String message(String text) {
        return classNames(credentials(text));
    }

    /**
     * A failure in words for a message: the first line of its message (credentials removed, class names
     * in words), or what its type says ("unknown host", "socket timeout") when it has none.
     */
    public static String failure(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return words(t.getClass().getSimpleName().replaceAll("(Exception|Error)$", ""));
        }
        return message(m.strip().lines().findFirst().orElse(m));
    }

    /** UnknownHost: "unknown host". */
    private static String words(String camel) {
        String w = CAMEL.matcher(camel).replaceAll(" ").toLowerCase(Locale.ROOT);
        return w.isBlank() ? "failure" : w;
    }

    /**
     * {@code text} with credentials removed and {@code secret} replaced by {@code ***} wherever it
     * stands as a token of its own (so a short password does not mangle the words it occurs in).
     */
    public static String credentials(String text, String secret) {
        String out = credentials(text);
        if (out == null || secret == null || secret.isEmpty()) {
            return out;
        }
        return out.replaceAll("(?<![A-Za-z0-9])" + Pattern.quote(secret) + "(?![A-Za-z0-9])", "***");
    }
}
