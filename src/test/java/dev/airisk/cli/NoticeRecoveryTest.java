package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries that cannot be lost: a failure on the sending side keeps a delivery pending until it is
 * sent; a delivery given up is re-queued or acknowledged by a signed commit, and notify keeps failing
 * until one of them happens.
 */
class NoticeRecoveryTest {
    static final String SECRET = "hook-secret-of-the-consumers";

    @TempDir
    Path tmp;
    Harness h;
    LoopbackHook hook;

    @BeforeEach
    void setUp() throws IOException {
        h = Harness.initialised(tmp);
        hook = new LoopbackHook(SECRET);
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.3.0", "--meta", h.releasableMeta().toString());
        h.ok("consumers", "add", "billing", "--model", "churn", "--events", "deprecated", "--webhook", hook.url("/hook"),
                "--secret-env", "HOOK_SECRET");
    }

    @AfterEach
    void tearDown() {
        hook.close();
    }

    @Test
    void missingSecretVariable_keepsTheDeliveryPending_untilItIsSet() {
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2099-01-01", "--reason", "superseded");
        Harness.Result first = h.run("notify");
        assertEquals(1, first.code(), first.err());
        assertTrue(first.err().contains("HOOK_SECRET"), first.err());
        assertEquals(0, hook.requests.get());
        Harness.Result again = h.run("notify", "--retry-failed");
        assertEquals(1, again.code(), "still not delivered: " + again.out() + again.err());
        h.env.put("HOOK_SECRET", SECRET);
        Harness.Result sent = h.run("notify");
        assertEquals(0, sent.code(), sent.err());
        assertEquals(1, hook.accepted());
        assertEquals(0, hook.badSignatures.get());
    }
}
