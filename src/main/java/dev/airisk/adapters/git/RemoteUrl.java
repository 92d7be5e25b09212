package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * A registry location that is a Git URL rather than a path: {@code scheme://...} or the scp-like
 * {@code user@host:path}. The one place that tells the two apart. It also gives the URL as messages
 * show it (no password, and for http(s) no user name either, where tokens are often put) and the name
 * of the local cache, which never holds credentials.
 */
final class RemoteUrl {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final Pattern SCP_LIKE = Pattern.compile("^[^/@:\\s]+@[^/:\\s]+:.+");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

    private final URIish uri;
    private final String shown;

    private RemoteUrl(URIish uri) {
        this.uri = uri;
        URIish safe = uri.setPass(null);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.startsWith("http") || scheme.startsWith("ftp")) {
            safe = safe.setUser(null);
        }
        this.shown = safe.toString();
    }

    /** True when {@code location} is a URL (a registry reached through Git), false for a path. */
    static boolean isUrl(String location) {
        return location != null && (SCHEME.matcher(location).matches() || SCP_LIKE.matcher(location).matches());
    }

    static RemoteUrl parse(String location) {
        try {
            return new RemoteUrl(new URIish(location));
        } catch (URISyntaxException e) {
            throw new AiriskException.InvalidInput("'" + new RemoteUrl(safeGuess(location)).shown + "' is not a valid Git URL",
                    "give file://, git://, http(s):// or ssh:// followed by the repository's address", e);
        }
    }

    private static URIish safeGuess(String location) {
        try {
            return new URIish(location.replaceAll("//[^/@]*@", "//"));
        } catch (URISyntaxException e) {
            return new URIish().setPath("(unparseable URL)");
        }
    }

    URIish uri() {
        return uri;
    }

    /** The URL for messages and output: without password (and without user for http and ftp). */
    String shown() {
        return shown;
    }

    /** Removes the URL's credentials from a message written by a transport. */
    String scrub(String message) {
        if (message == null) {
            return "";
        }
        String out = message;
        if (uri.getPass() != null && !uri.getPass().isEmpty()) {
            out = out.replace(":" + uri.getPass() + "@", "@").replace(uri.getPass(), "***");
        }
        if (uri.getUser() != null && !uri.getUser().isEmpty() && !shown.contains(uri.getUser() + "@")) {
            out = out.replace(uri.getUser() + "@", "");
        }
        return out;
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
        return String.join("-", java.util.Arrays.copyOfRange(parts, from, parts.length));
    }

    @Override
    public String toString() {
        return shown;
    }
}
