package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** notify to an e-mail consumer, through a real SMTP server on loopback (GreenMail). */
class NotifyEmailTest {
    @TempDir
    Path tmp;
    GreenMail smtp;
    Harness h;

    @BeforeEach
    void setUp() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        h = Harness.initialised(tmp);
        h.env.put("AIRISK_SMTP_HOST", "127.0.0.1");
        h.env.put("AIRISK_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        h.env.put("AIRISK_SMTP_FROM", "airisk@airisk.example.com");
        h.env.put("AIRISK_SMTP_TLS", "off");
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.3.0", "--meta", h.releasableMeta().toString());
        h.ok("consumers", "add", "risk", "--model", "churn", "--events", "deprecated", "--email", "risk-office@example.com");
    }

    @AfterEach
    void tearDown() {
        smtp.stop();
    }

    @Test
    void deprecationNotice_arrivesByMailOnce_withTheEventId() throws Exception {
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2099-01-15", "--reason", "superseded");
        assertEquals(1, h.ok("notify", "--format", "json").json().get("sent").asInt());
        assertEquals(0, h.ok("notify", "--format", "json").json().get("sent").asInt());
        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(1, received.length);
        assertTrue(received[0].getSubject().contains("churn@1.3.0"), received[0].getSubject());
        assertEquals("risk-office@example.com", received[0].getAllRecipients()[0].toString());
        String id = h.ok("notices", "--sent", "--format", "json").json().get("notices").get(0).get("id").asText();
        assertEquals(id, received[0].getHeader("X-Airisk-Event-Id")[0]);
    }
}
