package dev.airisk.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule that keeps credentials out of messages and output: the user-info of a URL
 * ({@code scheme://user:password@host}) is removed wherever a URL appears in a text. A password is
 * always removed; so is the user name (where tokens are often put, {@code https://TOKEN@host}),
 * except for ssh, whose user is an account name such as {@code git}.
 */
public final class Redact {
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
