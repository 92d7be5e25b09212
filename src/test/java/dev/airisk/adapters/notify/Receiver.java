package dev.airisk.adapters.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP receiver on loopback (the JDK's HttpServer): answers with the scripted answers in
 * order (the last one repeats) and keeps every request it was sent.
 */
final class Receiver implements AutoCloseable {
    record Answer(int status, Map<String, String> headers, String body, Duration delay, Duration bodyDelay) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), "", Duration.ZERO, Duration.ZERO);
        }

        /** Headers at once, announcing {@code length} bytes, then nothing for {@code wait}. */
        Answer stallingBody(int length, Duration wait) {
            return new Answer(status, headers, "x".repeat(length), delay, wait);
        }

        Answer header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body, delay, bodyDelay);
        }

        Answer body(String text) {
            return new Answer(status, headers, text, delay, bodyDelay);
        }

        Answer after(Duration wait) {
            return new Answer(status, headers, body, wait, bodyDelay);
        }
    }

    record Request(String method, String path, Headers headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final String scheme;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    Receiver(Answer... script) throws IOException {
        this(null, script);
    }

    /** An https receiver when {@code tls} is given. */
    Receiver(SSLContext tls, Answer... script) throws IOException {
        answers.addAll(List.of(script));
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        scheme = tls == null ? "http" : "https";
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), exchange.getRequestHeaders(), body));
            Answer a = next();
            pause(a.delay());
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
                exchange.getResponseBody().flush();
                pause(a.bodyDelay());
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            } catch (IOException e) {
                // the client gave up (a time-out test)
            }
            exchange.close();
        });
        server.start();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Answer next() {
        return answers.size() > 1 ? answers.poll() : answers.peek();
    }

    /** http(s)://127.0.0.1:PORT + path */
    String url(String path) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
