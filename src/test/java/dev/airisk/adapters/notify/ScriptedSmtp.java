package dev.airisk.adapters.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server on loopback that answers as told: it can offer STARTTLS (with a given key),
 * refuse recipients with a chosen reply, or never greet. It keeps the commands and the messages.
 */
final class ScriptedSmtp implements AutoCloseable {
    private final ServerSocket server;
    private final SSLContext tls;
    private final String greeting;
    private final String rcptReply;
    private final boolean silent;
    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /**
     * @param tls       offer STARTTLS with this context, or null
     * @param rcptReply the reply to RCPT TO, e.g. "250 ok" or "550 5.1.1 no such user"
     * @param silent    accept connections and never say anything
     */
    ScriptedSmtp(SSLContext tls, String rcptReply, boolean silent) throws IOException {
        this(tls, "220 scripted.test ESMTP", rcptReply, silent);
    }

    /** The same, greeting with {@code greeting} (a 4xx or 5xx greeting ends the session). */
    ScriptedSmtp(SSLContext tls, String greeting, String rcptReply, boolean silent) throws IOException {
        this.greeting = greeting;
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.tls = tls;
        this.rcptReply = rcptReply;
        this.silent = silent;
        this.thread = new Thread(this::serve, "scripted-smtp");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                if (silent) {
                    s.getInputStream().read(); // until the client gives up
                    continue;
                }
                session(s);
            } catch (IOException e) {
                // the client closed, or the server is closing
            }
        }
    }

    private void session(Socket plain) throws IOException {
        Socket s = plain;
        boolean secure = false;
        BufferedReader in = reader(s);
        OutputStream out = s.getOutputStream();
        say(out, greeting);
        if (!greeting.startsWith("220")) {
            return;
        }
        String line;
        while ((line = in.readLine()) != null) {
            commands.add(line);
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> say(out, tls != null && !secure ? "250-scripted.test\r\n250-STARTTLS\r\n250 8BITMIME" : "250-scripted.test\r\n250 8BITMIME");
                case "HELO" -> say(out, "250 scripted.test");
                case "STARTTLS" -> {
                    say(out, "220 2.0.0 ready to start TLS");
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    s = ssl;
                    secure = true;
                    in = reader(s);
                    out = s.getOutputStream();
                }
                case "MAIL" -> say(out, "250 2.1.0 ok");
                case "RCPT" -> say(out, rcptReply);
                case "DATA" -> {
                    say(out, "354 go ahead");
                    StringBuilder m = new StringBuilder();
                    String l;
                    while ((l = in.readLine()) != null && !l.equals(".")) {
                        m.append(l.startsWith("..") ? l.substring(1) : l).append('\n');
                    }
                    messages.add(m.toString());
                    say(out, "250 2.0.0 queued as 42" + (secure ? " over TLS" : ""));
                }
                case "QUIT" -> {
                    say(out, "221 2.0.0 bye");
                    return;
                }
                default -> say(out, "250 2.0.0 ok");
            }
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
