package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.core.release.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notify against a real webhook receiver on loopback: HMAC-signed CloudEvents, retry after a 500,
 * two notify processes at once, and a process killed with SIGKILL while delivering.
 */
class NotifyReceiversTest {
    static final String SECRET = "hook-secret-of-the-consumers";
    static final int CONSUMERS = 30;

    @TempDir
    Path tmp;
    Harness h;
    LoopbackHook hook;

    @BeforeEach
    void setUp() throws IOException {
        h = Harness.initialised(tmp);
        h.env.put("HOOK_SECRET", SECRET);
        hook = new LoopbackHook(SECRET);
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.3.0", "--meta", h.releasableMeta().toString());
    }

    @AfterEach
    void tearDown() {
        hook.close();
    }

    void consumers(int n) {
        for (int i = 0; i < n; i++) {
            h.ok("consumers", "add", "team-" + i, "--model", "churn", "--events", "deprecated", "--webhook", hook.url("/t" + i),
                    "--secret-env", "HOOK_SECRET");
        }
    }

    @Test
    void webhook_500Then200_isRetriedAfterTheBackoff_withTheSameIdAndAValidSignature() {
        consumers(1);
        MutableClock clock = new MutableClock(Instant.now());
        h.clock = clock;
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2099-01-01", "--reason", "superseded");
        hook.answer = n -> n == 0 ? 500 : 200;
        Harness.Result first = h.run("notify");
        assertEquals(1, first.code(), first.err());
        assertTrue(first.firstErrLine().startsWith("airisk: failing: team-0: 1 delivery failing (webhook), last: churn@1.3.0 "
                + "dev.airisk.model.deprecated: failed: HTTP 500 from 127.0.0.1:"), first.err());
        assertEquals(1, h.run("notify").code());
        assertEquals(1, hook.requests.get(), "not retried within the backoff");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, h.run("notify").code());
        assertEquals(2, hook.requests.get());
        assertEquals(1, hook.accepted());
        assertEquals(0, hook.badSignatures.get());
        assertEquals(List.of("dev.airisk.model.deprecated"), hook.types);
        String id = hook.byId.keySet().iterator().next();
        assertEquals(id, h.ok("notices", "--sent", "--format", "json").json().get("notices").get(0).get("id").asText());
    }

    /** The command line in its own JVM, as cron starts it. */
    Process notifyProcess(Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.airisk.Main", "notify", "--format", "json");
        Map<String, String> env = pb.environment();
        env.putAll(h.env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    @Test
    void twoNotifyProcessesAtOnce_deliverEachNoticeExactlyOnce() throws Exception {
        consumers(CONSUMERS);
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2099-01-01", "--reason", "superseded");
        hook.onRequest = () -> pause(20);
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(notifyProcess(tmp.resolve("run" + i + ".log")));
        }
        for (int i = 0; i < runs.size(); i++) {
            assertTrue(runs.get(i).waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, runs.get(i).exitValue(), Files.readString(tmp.resolve("run" + i + ".log")));
        }
        assertEquals(CONSUMERS, hook.byId.size());
        assertTrue(hook.byId.values().stream().allMatch(n -> n.get() == 1), hook.byId.toString());
        assertEquals(CONSUMERS, hook.requests.get());
        assertEquals(CONSUMERS, h.ok("notices", "--sent", "--format", "json").json().get("notices").size());
    }

    @Test
    void aRunKilledDuringDelivery_losesNothing_andOnlyDeliveriesInFlightArriveTwiceWithTheSameId() throws Exception {
        consumers(CONSUMERS);
        h.ok("deprecate", "churn@1.3.0", "--retire-on", "2099-01-01", "--reason", "superseded");
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        hook.onRequest = () -> {
            if (hook.requests.get() > 5) {
                held.incrementAndGet();
                inFlight.countDown();
                await(release);
            }
        };
        Process run = notifyProcess(tmp.resolve("killed.log"));
        assertTrue(inFlight.await(120, TimeUnit.SECONDS), "no delivery reached the receiver");
        run.destroyForcibly();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, run.exitValue(), "killed with SIGKILL");
        release.countDown();
        hook.onRequest = () -> { };
        Set<String> unrecorded = new HashSet<>();
        for (JsonNode n : h.ok("notices", "--pending", "--format", "json").json().get("notices")) {
            if (!n.get("claimed_by").isNull()) {
                unrecorded.add(n.get("id").asText());
            }
        }
        assertTrue(!unrecorded.isEmpty(), "the killed run left its claims");

        assertEquals(0, h.ok("notify", "--format", "json").json().get("sent").asInt(), "the dead run's claims hold for the lease");
        h.clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        Harness.Result again = h.run("notify", "--format", "json");
        assertEquals(0, again.code(), again.err());

        assertEquals(CONSUMERS, hook.byId.size(), "every consumer got its notice");
        assertEquals(CONSUMERS, h.ok("notices", "--sent", "--format", "json").json().get("notices").size());
        assertTrue(h.ok("notices", "--pending", "--format", "json").json().findValuesAsText("type").stream()
                .noneMatch("dev.airisk.model.deprecated"::equals), "nothing due is left pending");
        assertTrue(hook.byId.values().stream().allMatch(n -> n.get() <= 2), hook.byId.toString());
        hook.byId.forEach((id, n) -> assertTrue(n.get() == 1 || unrecorded.contains(id),
                "only a delivery the killed run had claimed and not recorded may arrive twice: " + id));
        assertEquals(0, hook.badSignatures.get());
        assertEquals(0, h.run("audit", "verify").code());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
