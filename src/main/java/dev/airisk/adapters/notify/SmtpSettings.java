package dev.airisk.adapters.notify;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The e-mail channel's settings, read from the environment map once.
 *
 * <table>
 *   <caption>variables</caption>
 *   <tr><td>AIRISK_SMTP_HOST</td><td>the SMTP server (required for e-mail)</td></tr>
 *   <tr><td>AIRISK_SMTP_PORT</td><td>default 587, or 465 with AIRISK_SMTP_TLS=implicit</td></tr>
 *   <tr><td>AIRISK_SMTP_FROM</td><td>the sender address (required)</td></tr>
 *   <tr><td>AIRISK_SMTP_USER, AIRISK_SMTP_PASSWORD</td><td>SMTP AUTH, both or neither</td></tr>
 *   <tr><td>AIRISK_SMTP_TLS</td><td>starttls (default), implicit, optional or off</td></tr>
 *   <tr><td>AIRISK_SMTP_TRUSTSTORE, AIRISK_SMTP_TRUSTSTORE_PASSWORD</td><td>a private CA</td></tr>
 * </table>
 */
record SmtpSettings(String host, int port, String from, String user, String password, Tls tls, Path trustStore,
                    String trustStorePassword) {
    static final String HOST = "AIRISK_SMTP_HOST";
    static final String PORT = "AIRISK_SMTP_PORT";
    static final String FROM = "AIRISK_SMTP_FROM";
    static final String USER = "AIRISK_SMTP_USER";
    static final String PASSWORD = "AIRISK_SMTP_PASSWORD";
    static final String TLS = "AIRISK_SMTP_TLS";
    static final String TRUSTSTORE = "AIRISK_SMTP_TRUSTSTORE";
    static final String TRUSTSTORE_PASSWORD = "AIRISK_SMTP_TRUSTSTORE_PASSWORD";

    /** How the connection to the SMTP server is protected. */
    enum Tls {
        /** STARTTLS on the submission port, required: a server that does not offer it gets nothing. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, port 465). */
        IMPLICIT,
        /** STARTTLS when the server offers it, else plain text. */
        OPTIONAL,
        /** Plain text; a password is then refused unless the server is on this machine (a local relay). */
        OFF;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The settings, or an IllegalArgumentException naming the variable to fix (never a value of a secret). */
    static SmtpSettings from(Map<String, String> env) {
        String host = blankToNull(env.get(HOST));
        if (host == null) {
            throw new IllegalArgumentException(HOST + " is not set (set it to the SMTP server that sends airisk's e-mail)");
        }
        String from = blankToNull(env.get(FROM));
        if (from == null) {
            throw new IllegalArgumentException(FROM + " is not set (set it to the sender address, e.g. airisk@example.com)");
        }
        Tls tls;
        String t = blankToNull(env.get(TLS));
        try {
            tls = t == null ? Tls.STARTTLS : Tls.valueOf(t.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TLS + " is '" + t + "' (use starttls, implicit, optional or off)");
        }
        int port = tls == Tls.IMPLICIT ? 465 : 587;
        String p = blankToNull(env.get(PORT));
        if (p != null) {
            try {
                port = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(PORT + " is '" + p + "' (use a port number, e.g. 587)");
            }
        }
        String user = blankToNull(env.get(USER));
        String password = env.get(PASSWORD);
        if (user != null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException(PASSWORD + " is not set for " + USER + " " + user + " (set both, or neither)");
        }
        if (user == null && password != null && !password.isEmpty()) {
            throw new IllegalArgumentException(PASSWORD + " is set but " + USER + " is not (set both, or neither)");
        }
        if (user != null && tls == Tls.OFF && !isLoopback(host)) {
            throw new IllegalArgumentException(TLS + "=off would send the SMTP password in clear text to " + host
                    + " (use starttls or implicit; off is for a relay on this machine)");
        }
        Path trustStore = null;
        String ts = blankToNull(env.get(TRUSTSTORE));
        if (ts != null) {
            try {
                trustStore = Path.of(ts);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(TRUSTSTORE + " is not a valid path: " + ts);
            }
        }
        return new SmtpSettings(host, port, from, user, user == null ? null : password, tls, trustStore, env.get(TRUSTSTORE_PASSWORD));
    }

    /** host:port, for details. */
    String at() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + at() + ", from " + from + ", user " + user + ", tls " + tls.id() + "]";
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
