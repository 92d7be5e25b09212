package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import dev.airisk.core.Redact;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * A registry location that is a Git URL rather than a path: {@code scheme://...} or the scp-like
 * {@code user@host:path}. The one place that tells the two apart and that checks the transport. It also
 * gives the URL as messages show it (without credentials, by {@link Redact}) and the name of the local
 * cache, which never holds credentials.
 */
final class RemoteUrl {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final Pattern SCP_LIKE = Pattern.compile("^[^/@:\\s]+@[^/:\\s]+:.+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._~%-]+|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

    private final URIish uri;
    private final String shown;

    /** The transports a registry URL may use (JGit knows more, e.g. ftp:// through its http code, which fails). */
    private static final Set<String> SCHEMES = Set.of("file", "git", "http", "https", "ssh", "git+ssh", "ssh+git");
    static final String TRANSPORTS = "use file://, git://, http(s)://, ssh:// or user@host:path";

    private RemoteUrl(URIish uri) {
        this.uri = uri;
        this.shown = Redact.credentials(uri.toPrivateString());
    }

    /** True when {@code location} is a URL (a registry reached through Git), false for a path. */
    static boolean isUrl(String location) {
        return location != null && (SCHEME.matcher(location).matches() || SCP_LIKE.matcher(location).matches());
    }

    /**
     * The URL of {@code location}; InvalidInput (naming the URL without credentials) when it is malformed
     * or uses a transport airisk does not support.
     */
    static RemoteUrl parse(String location) {
        String shown = Redact.credentials(location);
        URIish uri;
        try {
            uri = new URIish(location);
        } catch (URISyntaxException e) {
            throw invalid(shown, e);
        }
        if (!SCHEME.matcher(location).matches()) {
            return new RemoteUrl(uri);
        }
        String scheme = location.substring(0, location.indexOf(':')).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new AiriskException.InvalidInput("'" + shown + "' uses the transport " + scheme + "://, which airisk does not support",
                    TRANSPORTS);
        }
        if (!scheme.equals("file") && (uri.getHost() == null || !HOST.matcher(uri.getHost()).matches()
                || !scheme.equals(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)))) {
            throw invalid(shown, null);
        }
        return new RemoteUrl(uri);
    }

    private static AiriskException invalid(String shown, Throwable cause) {
        return new AiriskException.InvalidInput("'" + shown + "' is not a valid Git URL",
                "check the host name and port; " + TRANSPORTS + " followed by the repository's address", cause);
    }

    URIish uri() {
        return uri;
    }

    /** The URL for messages and output, without credentials (see {@link Redact}). */
    String shown() {
        return shown;
    }

    /** Removes the URL's credentials from a message written by a transport, also where it repeats the password alone. */
    String scrub(String message) {
        return message == null ? "" : Redact.credentials(message, uri.getPass());
    }

    /**
     * A stable, file-system-safe folder name for this URL's cache: a readable part (host and last path
     * segments) and a hash of the URL as shown (without credentials, so two users share one cache).
     */
    String cacheName() {
        String readable = ((uri.getHost() == null ? "local" : uri.getHost()) + "-" + lastSegments(uri.getPath()));
        readable = UNSAFE.matcher(readable).replaceAll("-").replaceAll("^-+|-+$", "");
        if (readable.length() > 48) {
            readable = readable.substring(readable.length() - 48).replaceAll("^-+", "");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity().getBytes(StandardCharsets.UTF_8));
            return readable + "-" + HexFormat.of().formatHex(digest, 0, 8) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL without any credentials, as the identity of the remote. */
    private String identity() {
        return uri.setPass(null).setUser(null).toString();
    }

    private static String lastSegments(String path) {
        if (path == null) {
            return "";
        }
        String[] parts = path.replaceAll("/+$", "").split("/");
        int from = Math.max(0, parts.length - 2);
        return String.join("-", Arrays.copyOfRange(parts, from, parts.length));
    }

    @Override
    public String toString() {
        return shown;
    }
}
