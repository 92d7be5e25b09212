package dev.airisk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback (JDK HTTP server): checks each request's HMAC signature, counts
 * deliveries per CloudEvents id, and answers with the status {@code answer} gives for the n-th
 * request (0-based). {@code onRequest} runs before answering (a test can hold requests in flight).
 * Public for the notify benchmark.
 */
public final class LoopbackHook implements AutoCloseable {
    final String secret;
    final HttpServer server;
    public final Map<String, AtomicInteger> byId = new ConcurrentHashMap<>();
    final List<String> types = new CopyOnWriteArrayList<>();
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger badSignatures = new AtomicInteger();
    volatile IntUnaryOperator answer = n -> 200;
    volatile Runnable onRequest = () -> { };

    public LoopbackHook(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = requests.getAndIncrement();
            String signature = exchange.getRequestHeaders().getFirst("X-Airisk-Signature");
            if (!("sha256=" + hmac(body)).equals(signature)) {
                badSignatures.incrementAndGet();
            }
            onRequest.run();
            int status = answer.applyAsInt(n);
            if (status / 100 == 2) {
                JsonNode event = Json.mapper().readTree(body);
                byId.computeIfAbsent(event.get("id").asText(), k -> new AtomicInteger()).incrementAndGet();
                types.add(event.get("type").asText());
            }
            exchange.sendResponseHeaders(status, -1);
            try (OutputStream o = exchange.getResponseBody()) {
                o.flush();
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deliveries accepted (2xx), over all ids. */
    public int accepted() {
        return byId.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
