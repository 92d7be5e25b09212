package dev.airisk.adapters.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.notify.Receiver.Answer;
import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Delivery.Outcome;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Endpoint.Kind;
import dev.airisk.core.notify.Event;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookChannelTest {
    private static final String SECRET = "s3cr3t-Shared-With-Receiver";
    private static final Map<String, String> ENV = Map.of("BILLING_HOOK_SECRET", SECRET);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final Channel webhook = new NotifyChannels(ENV, Duration.ofSeconds(2), Duration.ofMillis(700),
            Clock.fixed(NOW, ZoneOffset.UTC)).of(Kind.WEBHOOK);
    private final Event event = Events.deprecated("n-7f3a.billing");

    @Test
    void deliver_after500Then200_retriesThenSends_withAValidSignatureEachTime() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(500), Answer.of(200))) {
            Endpoint endpoint = new Endpoint(Kind.WEBHOOK, receiver.url("/hooks/airisk?token=abc"), "BILLING_HOOK_SECRET");

            Delivery first = webhook.deliver(endpoint, event);
            Delivery second = webhook.deliver(endpoint, event);

            assertEquals(Outcome.RETRY, first.outcome());
            assertEquals("HTTP 500 from " + receiver.hostPort(), first.detail());
            assertNull(first.retryAfter());
            assertEquals(Outcome.SENT, second.outcome());
            assertEquals("HTTP 200 from " + receiver.hostPort(), second.detail());
            assertEquals(2, receiver.requests().size());
            for (Receiver.Request r : receiver.requests()) {
                assertEquals("POST", r.method());
                assertEquals("/hooks/airisk?token=abc", r.path());
                assertEquals("application/cloudevents+json; charset=utf-8", r.headers().getFirst("Content-Type"));
                assertEquals("sha256=" + hmac(SECRET, r.body()), r.headers().getFirst("X-Airisk-Signature"));
                assertEquals(new String(CloudEvents.json(event), StandardCharsets.UTF_8), r.text());
            }
        }
    }

    @Test
    void signature_isTheHmacThatOpensslComputesOverTheBody(@TempDir Path dir) throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(204))) {
            Delivery d = webhook.deliver(new Endpoint(Kind.WEBHOOK, receiver.url("/"), "BILLING_HOOK_SECRET"), event);

            assertEquals(Outcome.SENT, d.outcome());
            Receiver.Request r = receiver.requests().get(0);
            Path body = Files.write(dir.resolve("body.json"), r.body());
            Process openssl = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", SECRET, body.toString())
                    .redirectErrorStream(true).start();
            String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, openssl.waitFor(), out);
            String hex = out.substring(out.lastIndexOf(' ') + 1); // "HMAC-SHA2-256(body.json)= <hex>"
            assertEquals("sha256=" + hex, r.headers().getFirst("X-Airisk-Signature"));
        }
    }

    @Test
    void signature_isAcceptedByThePythonCheckInTheDocs(@TempDir Path dir) throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(200))) {
            webhook.deliver(new Endpoint(Kind.WEBHOOK, receiver.url("/"), "BILLING_HOOK_SECRET"), event);
            Receiver.Request r = receiver.requests().get(0);
            Path body = Files.write(dir.resolve("body.json"), r.body());
            String script = "import hmac, hashlib, sys\n"
                    + "def verified(secret: bytes, body: bytes, header: str) -> bool:\n"
                    + "    expected = 'sha256=' + hmac.new(secret, body, hashlib.sha256).hexdigest()\n"
                    + "    return hmac.compare_digest(expected, header)\n"
                    + "body = open(sys.argv[1], 'rb').read()\n"
                    + "print(verified(sys.argv[2].encode(), body, sys.argv[3]), verified(b'other', body, sys.argv[3]))\n";
            Process python = new ProcessBuilder("python3", "-c", script, body.toString(), SECRET,
                    r.headers().getFirst("X-Airisk-Signature")).redirectErrorStream(true).start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

            assertEquals(0, python.waitFor(), out);
            assertEquals("True False", out);
        }
    }

    @Test
    void oneChannel_deliversFromManyThreadsAtOnce_eachWithItsOwnValidSignature() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(200))) {
            Endpoint endpoint = new Endpoint(Kind.WEBHOOK, receiver.url("/"), "BILLING_HOOK_SECRET");
            List<CompletableFuture<Delivery>> all = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Event e = Events.deprecated("n-" + i);
                all.add(CompletableFuture.supplyAsync(() -> webhook.deliver(endpoint, e)));
            }
            for (var f : all) {
                assertEquals(Outcome.SENT, f.get(30, TimeUnit.SECONDS).outcome());
            }
            assertEquals(24, receiver.requests().size());
            for (Receiver.Request r : receiver.requests()) {
                assertEquals("sha256=" + hmac(SECRET, r.body()), r.headers().getFirst("X-Airisk-Signature"));
            }
        }
    }

    @Test
    void deliver_withoutSecretVariable_sendsNoSignature() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(202))) {
            Delivery d = webhook.deliver(new Endpoint(Kind.WEBHOOK, receiver.url("/"), null), event);

            assertEquals(Outcome.SENT, d.outcome());
            assertNull(receiver.requests().get(0).headers().getFirst("X-Airisk-Signature"));
        }
    }

    @Test
    void deliver_whenSecretVariableIsMissingOrEmpty_isASettingOfThisSide_namesTheVariable_andSendsNothing() throws Exception {
        Channel channel = new NotifyChannels(Map.of("EMPTY_SECRET", "", "OTHER", SECRET)).of(Kind.WEBHOOK);
        try (Receiver receiver = new Receiver(Answer.of(200))) {
            for (String variable : new String[] {"MISSING_SECRET", "EMPTY_SECRET"}) {
                Delivery d = channel.deliver(new Endpoint(Kind.WEBHOOK, receiver.url("/x?token=t0k3n"), variable), event);

                assertEquals(Outcome.SETUP, d.outcome());
                assertTrue(d.detail().contains(variable), d.detail());
                assertTrue(d.detail().contains(receiver.hostPort()), d.detail());
                assertFalse(d.detail().contains(SECRET) || d.detail().contains("t0k3n") || d.detail().contains("/x"), d.detail());
            }
            assertEquals(0, receiver.requests().size());
        }
    }

    @Test
    void deliver_on404_isPermanent() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(404))) {
            Delivery d = webhook.deliver(new Endpoint(Kind.WEBHOOK, receiver.url("/gone"), null), event);

            assertEquals(new Delivery(Outcome.PERMANENT, "HTTP 404 from " + receiver.hostPort(), null), d);
        }
    }

    @Test
    void deliver_on408And429And503_retries_honouringRetryAfterInSecondsOrAsADate() throws Exception {
        try (Receiver receiver = new Receiver(
                Answer.of(408),
                Answer.of(429).header("Retry-After", "120"),
                Answer.of(503).header("Retry-After", "Tue, 01 Dec 2026 12:05:30 GMT"))) {
            Endpoint endpoint = new Endpoint(Kind.WEBHOOK, receiver.url("/"), null);

            Delivery timeout = webhook.deliver(endpoint, event);
            Delivery tooMany = webhook.deliver(endpoint, event);
            Delivery unavailable = webhook.deliver(endpoint, event);

            assertEquals(new Delivery(Outcome.RETRY, "HTTP 408 from " + receiver.hostPort(), null), timeout);
            assertEquals(new Delivery(Outcome.RETRY, "HTTP 429 from " + receiver.hostPort(), Duration.ofSeconds(120)), tooMany);
            assertEquals(new Delivery(Outcome.RETRY, "HTTP 503 from " + receiver.hostPort(), Duration.ofSeconds(330)), unavailable);
        }
    }

    @Test
    void deliver_onRedirect_isPermanent_andIsNotFollowed() throws Exception {
        try (Receiver elsewhere = new Receiver(Answer.of(200));
             Receiver receiver = new Receiver(Answer.of(308).header("Location", elsewhere.url("/new?token=zzz")))) {
            Delivery d = webhook.deliver(new Endpoint(Kind.WEBHOOK, receiver.url("/old"), "BILLING_HOOK_SECRET"), event);

            assertEquals(Outcome.PERMANENT, d.outcome());
            assertTrue(d.detail().startsWith("HTTP 308 from " + receiver.hostPort() + ": redirect to " + elsewhere.hostPort() + " not followed"), d.detail());
            assertFalse(d.detail().contains("zzz"), d.detail());
            assertEquals(0, elsewhere.requests().size());
        }
    }

    @Test
    void deliver_whenNothingListens_retries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Delivery d = webhook.deliver(new Endpoint(Kind.WEBHOOK, "http://127.0.0.1:" + port + "/hook?token=t0k3n", null), event);

        assertEquals(new Delivery(Outcome.RETRY, "connection to 127.0.0.1:" + port + " refused", null), d);
    }

    @Test
    void deliver_whenTheReceiverAnswersTooLate_retries() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(200).after(Duration.ofMillis(2500)))) {
            Delivery d = webhook.deliver(new Endpoint(Kind.WEBHOOK, receiver.url("/slow"), null), event);

            assertEquals(new Delivery(Outcome.RETRY, "no answer from " + receiver.hostPort() + " within 700 ms", null), d);
        }
    }

    @Test
    void deliver_whenTheBodyOfTheAnswerStalls_retriesInsteadOfWaitingForever() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(200).stallingBody(5000, Duration.ofSeconds(8)))) {
            Channel quick = new NotifyChannels(ENV, Duration.ofMillis(500), Duration.ofMillis(500)).of(Kind.WEBHOOK);

            Delivery d = quick.deliver(new Endpoint(Kind.WEBHOOK, receiver.url("/stall"), null), event);

            // had it waited for the whole body (8 s), the 200 would have made it SENT
            assertEquals(new Delivery(Outcome.RETRY, "no answer from " + receiver.hostPort() + " within 500 ms", null), d);
        }
    }

    @Test
    void deliver_toAnUnusableUrl_isPermanent_withoutRepeatingTheUrl() {
        for (String url : new String[] {"ftp://files.example.com/drop/t0k3n", "file:///etc/t0k3n", "not a url t0k3n",
                "https://user:t0k3n@hooks.example.com/x", "/relative/t0k3n"}) {
            Delivery d = webhook.deliver(new Endpoint(Kind.WEBHOOK, url, null), event);

            assertEquals(Outcome.PERMANENT, d.outcome(), url);
            assertFalse(d.detail().contains("t0k3n"), d.detail());
        }
    }

    @Test
    void deliver_toAnHttpsReceiverWhoseCertificateTheJdkDoesNotTrust_isPermanent_andSendsNothing(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir);
        try (Receiver receiver = new Receiver(tls.serverContext(), Answer.of(200))) {
            Delivery d = webhook.deliver(new Endpoint(Kind.WEBHOOK, receiver.url("/t0k3n"), "BILLING_HOOK_SECRET"), event);

            assertEquals(Outcome.PERMANENT, d.outcome(), d.detail());
            assertTrue(d.detail().startsWith("TLS handshake with " + receiver.hostPort() + " failed: "), d.detail());
            assertFalse(d.detail().contains("t0k3n"), d.detail());
            assertEquals(0, receiver.requests().size());
        }
    }

    static String hmac(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
