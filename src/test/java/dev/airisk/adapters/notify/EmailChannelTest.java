package dev.airisk.adapters.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Delivery.Outcome;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Endpoint.Kind;
import dev.airisk.core.notify.Event;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmailChannelTest {
    private static final String PASSWORD = "Sm7p-pa55word";
    private static final String TO = "billing-team@consumers.example.com";

    @TempDir
    static Path dir;
    private static TestTls tls;
    private static GreenMail greenMail;

    private final Event event = Events.deprecated("n-7f3a.billing");

    @BeforeAll
    static void startGreenMail() throws Exception {
        tls = TestTls.create(dir);
        // GreenMail's SMTPS takes its key store from these properties, read once per JVM
        System.setProperty("greenmail.tls.keystore.file", tls.keyStore().toString());
        System.setProperty("greenmail.tls.keystore.password", TestTls.PASSWORD);
        System.setProperty("greenmail.tls.key.password", TestTls.PASSWORD);
        greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()})
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("airisk@airisk.example.com", "airisk-bot", PASSWORD));
        greenMail.start();
    }

    @AfterAll
    static void stopGreenMail() {
        greenMail.stop();
    }

    @BeforeEach
    void purge() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private static Map<String, String> env(int port, String tlsMode, String... more) {
        Map<String, String> env = new HashMap<>();
        env.put("AIRISK_SMTP_HOST", "127.0.0.1");
        env.put("AIRISK_SMTP_PORT", Integer.toString(port));
        env.put("AIRISK_SMTP_FROM", "airisk@airisk.example.com");
        env.put("AIRISK_SMTP_TLS", tlsMode);
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static Channel email(Map<String, String> env) {
        return new NotifyChannels(env, Duration.ofSeconds(3), Duration.ofSeconds(3)).of(Kind.EMAIL);
    }

    @Test
    void send_overImplicitTlsWithLogin_deliversTheTextAndTheEventJson_underAMessageIdFromTheEventId() throws Exception {
        Channel channel = email(env(greenMail.getSmtps().getPort(), "implicit", "AIRISK_SMTP_USER", "airisk-bot",
                "AIRISK_SMTP_PASSWORD", PASSWORD, "AIRISK_SMTP_TRUSTSTORE", tls.pem().toString()));

        Delivery d = channel.deliver(new Endpoint(Kind.EMAIL, TO, null), event);

        assertEquals(Outcome.SENT, d.outcome(), d.detail());
        assertTrue(d.detail().startsWith("accepted by 127.0.0.1:" + greenMail.getSmtps().getPort() + ": 250"), d.detail());
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertEquals("<airisk.n-7f3a.billing@airisk.example.com>", m.getMessageID());
        assertEquals("[airisk] churn@1.4.0: model deprecated", m.getSubject());
        assertEquals("airisk@airisk.example.com", m.getFrom()[0].toString());
        assertEquals(TO, m.getAllRecipients()[0].toString());
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertEquals(2, parts.getCount());
        Part text = parts.getBodyPart(0);
        assertTrue(text.isMimeType("text/plain"));
        String body = ((String) text.getContent()).replace("\r\n", "\n");
        assertTrue(body.startsWith(event.text() + "\n\nModel:    churn@1.4.0\n"), body);
        assertTrue(body.contains("Event id: n-7f3a.billing\n"), body);
        Part json = parts.getBodyPart(1);
        assertTrue(json.isMimeType("application/json"), json.getContentType());
        assertEquals("event.json", json.getFileName());
        assertEquals(Part.ATTACHMENT, json.getDisposition());
        try (InputStream in = json.getInputStream()) {
            assertEquals(new String(CloudEvents.json(event), StandardCharsets.UTF_8), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void send_twice_carriesTheSameMessageId() throws Exception {
        Channel channel = email(env(greenMail.getSmtp().getPort(), "off"));

        channel.deliver(new Endpoint(Kind.EMAIL, TO, null), event);
        channel.deliver(new Endpoint(Kind.EMAIL, TO, null), event);

        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(received[0].getMessageID(), received[1].getMessageID());
    }

    @Test
    void send_whenTheServersCertificateIsNotTrusted_isASettingOfThisSide() {
        Channel channel = email(env(greenMail.getSmtps().getPort(), "implicit"));

        Delivery d = channel.deliver(new Endpoint(Kind.EMAIL, TO, null), event);

        assertEquals(Outcome.SETUP, d.outcome(), d.detail());
        assertTrue(d.detail().startsWith("TLS handshake with SMTP server 127.0.0.1:" + greenMail.getSmtps().getPort() + " failed"), d.detail());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void login_withAWrongPassword_isASettingOfThisSide_namingTheVariables_andNotThePassword() {
        Channel channel = email(env(greenMail.getSmtps().getPort(), "implicit", "AIRISK_SMTP_USER", "airisk-bot",
                "AIRISK_SMTP_PASSWORD", "wrong-" + PASSWORD, "AIRISK_SMTP_TRUSTSTORE", tls.trustStore().toString(),
                "AIRISK_SMTP_TRUSTSTORE_PASSWORD", TestTls.PASSWORD));

        Delivery d = channel.deliver(new Endpoint(Kind.EMAIL, TO, null), event);

        assertEquals(Outcome.SETUP, d.outcome(), d.detail());
        assertTrue(d.detail().startsWith("SMTP server 127.0.0.1:" + greenMail.getSmtps().getPort() + " refused the login of airisk-bot"), d.detail());
        assertTrue(d.detail().endsWith("(check AIRISK_SMTP_USER and AIRISK_SMTP_PASSWORD)"), d.detail());
        assertFalse(d.detail().contains(PASSWORD), d.detail());
    }

    @Test
    void starttls_whenTheServerDoesNotOfferIt_isASettingOfThisSide_andSendsNothing() {
        Channel channel = email(env(greenMail.getSmtp().getPort(), "starttls"));

        Delivery d = channel.deliver(new Endpoint(Kind.EMAIL, TO, null), event);

        assertEquals(Outcome.SETUP, d.outcome(), d.detail());
        assertTrue(d.detail().startsWith("SMTP server 127.0.0.1:" + greenMail.getSmtp().getPort() + " does not offer STARTTLS"), d.detail());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void starttls_withAPrivateCaInATrustStore_sendsOverTls() throws Exception {
        try (ScriptedSmtp smtp = new ScriptedSmtp(tls.serverContext(), "250 2.1.5 ok", false)) {
            Channel channel = email(env(smtp.port(), "starttls", "AIRISK_SMTP_TRUSTSTORE", tls.trustStore().toString(),
                    "AIRISK_SMTP_TRUSTSTORE_PASSWORD", TestTls.PASSWORD));

            Delivery d = channel.deliver(new Endpoint(Kind.EMAIL, TO, null), event);

            assertEquals(new Delivery(Outcome.SENT, "accepted by 127.0.0.1:" + smtp.port() + ": 250 2.0.0 queued as 42 over TLS", null), d);
            assertTrue(smtp.commands.contains("STARTTLS"), smtp.commands.toString());
            assertTrue(smtp.messages.get(0).contains("Message-ID: <airisk.n-7f3a.billing@airisk.example.com>"), smtp.messages.get(0));
        }
    }

    @Test
    void recipient_refusedWith4xx_retries_andWith5xx_isPermanent() throws Exception {
        try (ScriptedSmtp later = new ScriptedSmtp(null, "451 4.3.0 mailbox busy, try later", false);
             ScriptedSmtp never = new ScriptedSmtp(null, "550 5.1.1 no such user", false)) {
            Delivery retry = email(env(later.port(), "off")).deliver(new Endpoint(Kind.EMAIL, TO, null), event);
            Delivery permanent = email(env(never.port(), "off")).deliver(new Endpoint(Kind.EMAIL, TO, null), event);

            assertEquals(Outcome.RETRY, retry.outcome(), retry.detail());
            assertTrue(retry.detail().startsWith("recipient " + TO + " refused by 127.0.0.1:" + later.port() + ": 451"), retry.detail());
            assertEquals(Outcome.PERMANENT, permanent.outcome(), permanent.detail());
            assertTrue(permanent.detail().startsWith("recipient " + TO + " refused by 127.0.0.1:" + never.port() + ": 550"), permanent.detail());
        }
    }

    @Test
    void greeting_421_retries_and554_isPermanent() throws Exception {
        try (ScriptedSmtp busy = new ScriptedSmtp(null, "421 4.7.0 too many connections, try later", "250 ok", false);
             ScriptedSmtp closed = new ScriptedSmtp(null, "554 5.7.1 no service for you", "250 ok", false)) {
            Delivery retry = email(env(busy.port(), "off")).deliver(new Endpoint(Kind.EMAIL, TO, null), event);
            Delivery permanent = email(env(closed.port(), "off")).deliver(new Endpoint(Kind.EMAIL, TO, null), event);

            assertEquals(Outcome.RETRY, retry.outcome(), retry.detail());
            assertTrue(retry.detail().contains("421"), retry.detail());
            assertEquals(Outcome.PERMANENT, permanent.outcome(), permanent.detail());
            assertTrue(permanent.detail().contains("554"), permanent.detail());
        }
    }

    @Test
    void send_whenTheServerNeverAnswersOrNothingListens_retries() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (ScriptedSmtp silent = new ScriptedSmtp(null, "250 ok", true)) {
            Delivery slow = new NotifyChannels(env(silent.port(), "off"), Duration.ofSeconds(2), Duration.ofMillis(500))
                    .of(Kind.EMAIL).deliver(new Endpoint(Kind.EMAIL, TO, null), event);
            Delivery refused = email(env(closed, "off")).deliver(new Endpoint(Kind.EMAIL, TO, null), event);

            assertEquals(new Delivery(Outcome.RETRY, "SMTP server 127.0.0.1:" + silent.port() + " did not answer in time", null), slow);
            assertEquals(new Delivery(Outcome.RETRY, "connection to SMTP server 127.0.0.1:" + closed + " refused", null), refused);
        }
    }

    @Test
    void send_toAnInvalidAddress_isPermanent() {
        Delivery d = email(env(greenMail.getSmtp().getPort(), "off")).deliver(new Endpoint(Kind.EMAIL, "billing team at example", null), event);

        assertEquals(Outcome.PERMANENT, d.outcome());
        assertTrue(d.detail().startsWith("invalid e-mail address 'billing team at example'"), d.detail());
    }

    @Test
    void settings_thatCannotWork_holdEveryDelivery_namingTheVariable_neverThePassword() {
        Map<String, String> noHost = env(25, "starttls");
        noHost.remove("AIRISK_SMTP_HOST");
        Map<String, String> noFrom = env(25, "starttls");
        noFrom.remove("AIRISK_SMTP_FROM");
        Map<String, String[]> cases = Map.of(
                "AIRISK_SMTP_HOST is not set", new String[0],
                "AIRISK_SMTP_FROM is not set", new String[0],
                "AIRISK_SMTP_TLS is 'sometimes'", new String[] {"AIRISK_SMTP_TLS", "sometimes"},
                "AIRISK_SMTP_PORT is 'smtp'", new String[] {"AIRISK_SMTP_PORT", "smtp"},
                "AIRISK_SMTP_PASSWORD is not set for AIRISK_SMTP_USER bot", new String[] {"AIRISK_SMTP_USER", "bot"},
                "AIRISK_SMTP_TLS=off would send the SMTP password in clear text to smtp.example.com",
                new String[] {"AIRISK_SMTP_HOST", "smtp.example.com", "AIRISK_SMTP_USER", "bot", "AIRISK_SMTP_PASSWORD", PASSWORD, "AIRISK_SMTP_TLS", "off"},
                "AIRISK_SMTP_TRUSTSTORE " + dir.resolve("missing.p12") + " cannot be read",
                new String[] {"AIRISK_SMTP_TRUSTSTORE", dir.resolve("missing.p12").toString()},
                "AIRISK_SMTP_TRUSTSTORE " + dir.resolve("trust.p12") + " holds no certificate (set AIRISK_SMTP_TRUSTSTORE_PASSWORD",
                new String[] {"AIRISK_SMTP_TRUSTSTORE", dir.resolve("trust.p12").toString()});
        cases.forEach((expected, vars) -> {
            Map<String, String> env = expected.startsWith("AIRISK_SMTP_HOST") ? noHost
                    : expected.startsWith("AIRISK_SMTP_FROM") ? noFrom : env(25, "starttls", vars);

            Delivery d = email(env).deliver(new Endpoint(Kind.EMAIL, TO, null), event);

            assertEquals(Outcome.SETUP, d.outcome(), expected);
            assertTrue(d.detail().startsWith("e-mail is not set up: " + expected), d.detail());
            assertFalse(d.detail().contains(PASSWORD), d.detail());
        });
    }
}
