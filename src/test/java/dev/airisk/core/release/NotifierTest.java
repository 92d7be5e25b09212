package dev.airisk.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.Layout;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Channels;
import dev.airisk.core.notify.Consumer;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Event;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.InMemoryPorts.MemAttestations;
import dev.airisk.core.release.InMemoryPorts.MemCodec;
import dev.airisk.core.release.InMemoryPorts.MemRegistry;
import dev.airisk.core.release.InMemoryPorts.MemStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deprecation notices, reminders and their delivery over in-memory ports and a fake channel. */
class NotifierTest {
    static final String ALICE = "a".repeat(64);
    static final Signer SIGNER = InMemoryPorts.signer("alice", ALICE);
    static final Instant START = Instant.parse("2026-11-01T09:00:00Z");
    static final ModelRef OLD = ModelRef.parse("churn@1.0.0");
    static final ModelRef NEW = ModelRef.parse("churn@1.1.0");

    @TempDir Path tmp;
    MemCodec codec;
    MemRegistry registry;
    MemStore store;
    MutableClock clock;
    final MemAttestations attestations = new MemAttestations();
    /** Every delivery attempt, in order. */
    final Queue sent = new Queue();
    /** What the fake receiver answers; sends by default. */
    volatile Function<Event, Delivery> answer = e -> Delivery.sent("HTTP 200");

    /** The events the fake channel received. */
    static final class Queue extends ConcurrentLinkedQueue<Event> {
    }

    @BeforeEach
    void setUp() throws Exception {
        codec = new MemCodec();
        store = new MemStore();
        clock = new MutableClock(START);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Layout.SETTINGS, codec.writeSettings(new RegistrySettings(1, RegistrySettings.DEFAULT_ENVIRONMENTS, "memory", Map.of())));
        files.put(Layout.trustedKey(ALICE), "PEM".getBytes(StandardCharsets.UTF_8));
        files.put(Layout.ROLES, codec.writeRoles(new Roles(Map.of("publisher", List.of(ALICE), "releaser", List.of(ALICE),
                "admin", List.of(ALICE)))));
        files.put(Layout.POLICY, codec.writePolicy(Policy.empty()));
        registry = new MemRegistry(files);
        for (String v : List.of("1.0.0", "1.1.0")) {
            String token = "meta-" + v;
            codec.metaFiles.put(token, Metadata.empty().withOwner("team").withRiskTier(RiskTier.LIMITED)
                    .withDatasets(List.of(new DatasetRef("d", "1", Sha256.digest(new byte[1]))))
                    .withCodeCommit("abcdef1"));
            Path meta = Files.writeString(tmp.resolve(token), token);
            services().registrar().register(new RegisterRequest(tmp, ModelRef.parse("churn@" + v), InMemoryPorts.meta(meta), List.of(), List.of(), null, Map.of()));
        }
        services().subscriptions().add(new Consumer("billing", List.of("churn"), Set.of("deprecated", "retired"),
                new Endpoint(Endpoint.Kind.WEBHOOK, "https://billing.example/hook", "BILLING_SECRET")));
        services().subscriptions().add(new Consumer("ops", List.of("churn"), Set.of("promoted"),
                new Endpoint(Endpoint.Kind.FILE, "/var/log/ops.jsonl", null)));
    }

    Services services() {
        return new Services(registry, codec, store, InMemoryPorts.sources(Map.of("weights.bin", "w", "requirements.txt", "numpy==1.26.4\n")), InMemoryPorts.containers(), attestations,
                InMemoryPorts.archives(), SIGNER, clock, 2);
    }

    Notifier notifier() {
        Channels channels = kind -> (endpoint, event) -> {
            sent.add(event);
            return answer.apply(event);
        };
        return services().notifier(channels, "test/1", 4);
    }

    List<OutboxItem> outbox() {
        return services().view().outbox();
    }

    @Test
    void deprecate_queuesANoticeRemindersAndRetirement_forConsumersWhoAskedOnly() {
        Deprecations.Result r = services().deprecations().deprecate(OLD, LocalDate.parse("2026-12-31"), NEW, "superseded");
        assertTrue(r.changed());
        List<String> types = outbox().stream().map(i -> i.type().replace("dev.airisk.model.", "") + "@" + i.due()).sorted().toList();
        assertEquals(List.of("deprecated@2026-11-01T09:00:00Z", "retired@2026-12-31T00:00:00Z",
                "retirement-reminder@2026-12-01T00:00:00Z", "retirement-reminder@2026-12-24T00:00:00Z",
                "retirement-reminder@2026-12-30T00:00:00Z"), types);
        assertTrue(outbox().stream().allMatch(i -> i.consumer().equals("billing")), "ops did not ask for deprecations");
        String message = registry.messages.get(registry.messages.size() - 1);
        assertTrue(message.contains("Airisk-Op: deprecate"), message);
    }

    @Test
    void notify_sendsWhatIsDueOnce_andAgainSendsNothing() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2026-12-31"), NEW, "superseded");
        Notifier.Run first = notifier().notify(false, false);
        assertEquals(1, first.sent());
        assertTrue(first.clean());
        Event e = sent.peek();
        assertEquals("dev.airisk.model.deprecated", e.type());
        assertEquals("churn@1.0.0", e.subject());
        assertEquals("2026-12-31", e.data().get("retire_on"));
        assertEquals("churn@1.1.0", e.data().get("replacement"));
        assertEquals(0, notifier().notify(false, false).sent());
        assertEquals(1, sent.size());
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        assertEquals(1, notifier().notify(false, false).sent(), "the 30-day reminder");
        OutboxItem receipt = outbox().stream().filter(i -> i.status() == OutboxItem.Status.SENT).findFirst().orElseThrow();
        assertEquals("sent: HTTP 200", receipt.result());
        assertEquals(null, receipt.claim());
    }

    @Test
    void dryRun_listsWhatIsDue_andWritesAndSendsNothing() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2026-12-31"), null, "superseded");
        int commits = registry.commits.size();
        Notifier.Run run = notifier().notify(true, false);
        assertEquals(1, run.due().size());
        assertEquals(0, sent.size());
        assertEquals(commits, registry.commits.size());
    }

    @Test
    void failedDelivery_backsOffDoubling_honoursRetryAfter_andGivesUpAfterMaxAge() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2027-06-30"), null, "superseded");
        answer = e -> Delivery.retry("HTTP 503", null);
        Notifier.Run run = notifier().notify(false, false);
        assertFalse(run.clean());
        assertTrue(run.failing().get(0).startsWith("billing: ") && run.failing().get(0).contains("HTTP 503"), run.failing().toString());
        OutboxItem item = outbox().stream().filter(i -> i.attempts() == 1).findFirst().orElseThrow();
        assertEquals(START.plus(Duration.ofMinutes(1)), item.nextAttempt());
        assertEquals(0, notifier().notify(false, false).attempts().size(), "within the backoff nothing is retried");
        assertFalse(notifier().notify(false, false).clean(), "still failing while it waits");
        clock.advance(Duration.ofMinutes(1));
        notifier().notify(false, false);
        assertEquals(clock.instant().plus(Duration.ofMinutes(2)), services().view().outboxItem(item).orElseThrow().nextAttempt());
        answer = e -> Delivery.retry("HTTP 429", Duration.ofHours(1));
        assertEquals(1, notifier().notify(false, true).attempts().size(), "--retry-failed ignores the backoff");
        assertEquals(clock.instant().plus(Duration.ofHours(1)), services().view().outboxItem(item).orElseThrow().nextAttempt());
        clock.set(item.due().plus(Duration.ofDays(7)));
        answer = e -> Delivery.retry("connection refused", null);
        Notifier.Run last = notifier().notify(false, false);
        OutboxItem gaveUp = services().view().outboxItem(item).orElseThrow();
        assertEquals(OutboxItem.Status.FAILED, gaveUp.status());
        assertTrue(gaveUp.result().startsWith("gave up after 4 attempts over 7d"), gaveUp.result());
        assertTrue(last.failing().stream().anyMatch(l -> l.startsWith("billing: 1 delivery given up")), last.failing().toString());
        assertFalse(notifier().notify(false, false).clean(), "a delivery given up is reported until a person decides");
        services().redeliveries().retry(new Redeliveries.Selection(null, "billing", false), null);
        OutboxItem requeued = services().view().outboxItem(item).orElseThrow();
        assertEquals(OutboxItem.Status.PENDING, requeued.status());
        assertEquals(0, requeued.failuresSinceQueued());
        clock.advance(Duration.ofDays(1));
        notifier().notify(false, false);
        OutboxItem again = services().view().outboxItem(item).orElseThrow();
        assertEquals(OutboxItem.Status.PENDING, again.status(), "max_age counts from the re-queue, not from the due time");
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)), again.nextAttempt(), "the backoff starts again");
    }

    @Test
    void deliveriesToOneFile_areWrittenInDueOrder_evenWhenEarlierOnesTakeLonger() {
        services().subscriptions().add(new Consumer("audit-log", List.of("churn"), Set.of("deprecated"),
                new Endpoint(Endpoint.Kind.FILE, "/var/log/audit.jsonl", null)));
        services().deprecations().deprecate(OLD, LocalDate.parse("2026-12-31"), NEW, "superseded");
        clock.set(Instant.parse("2026-12-30T01:00:00Z"));
        List<Instant> written = new CopyOnWriteArrayList<>();
        Map<String, Instant> due = new HashMap<>();
        outbox().forEach(i -> due.put(i.id(), i.due()));
        Channels channels = kind -> (endpoint, event) -> {
            if (kind == Endpoint.Kind.FILE) {
                Instant d = due.get(event.id());
                try {
                    Thread.sleep(d.isBefore(Instant.parse("2026-12-01T00:00:00Z")) ? 300 : 10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.add(d);
            }
            return Delivery.sent("ok");
        };
        assertTrue(services().notifier(channels, "test/1", 8).notify(false, false).clean());
        assertEquals(4, written.size(), "the notice and three reminders");
        assertEquals(written.stream().sorted().toList(), written, "in due order");
    }

    @Test
    void deliveriesHeldByASettingOfThisHost_areNotClaimed_andNothingIsCommitted() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2026-12-31"), NEW, "superseded");
        int commits = registry.commits.size();
        Channels channels = kind -> new Channel() {
            @Override
            public Delivery deliver(Endpoint endpoint, Event event) {
                throw new AssertionError("a held delivery is not attempted");
            }

            @Override
            public String unready(Endpoint endpoint) {
                return "BILLING_SECRET is not set";
            }
        };
        Notifier.Run run = services().notifier(channels, "test/1", 4).notify(false, false);
        assertFalse(run.clean());
        assertEquals(1, run.held().size());
        assertEquals(List.of("billing: 1 delivery not sent (webhook): BILLING_SECRET is not set; kept pending, the next "
                + "'airisk notify' sends it once that is fixed"), run.failing());
        assertEquals(commits, registry.commits.size());
        assertEquals(1, notifier().notify(false, false).sent(), "sent once the setting is there");
    }

    @Test
    void aFailureOnTheSendingSide_isNeverGivenUp() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2026-12-31"), NEW, "superseded");
        answer = e -> Delivery.setup("SMTP server refused the login of bot");
        notifier().notify(false, false);
        clock.advance(Duration.ofDays(30));
        notifier().notify(false, true);
        OutboxItem item = outbox().stream().filter(i -> i.attempts() > 0).findFirst().orElseThrow();
        assertEquals(OutboxItem.Status.PENDING, item.status(), "past max_age and still pending");
        assertFalse(item.nextAttempt().isAfter(clock.instant().plus(DeliverySchedule.SETUP_WAIT)), "tried again within the hour");
        assertEquals("not sent: SMTP server refused the login of bot", item.result());
    }

    @Test
    void aChannelThatThrowsABug_reachesTheCaller_andNoAttemptIsRecorded() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2026-12-31"), NEW, "superseded");
        answer = e -> {
            throw new IllegalStateException("a bug in the channel");
        };
        IllegalStateException bug = assertThrows(IllegalStateException.class, () -> notifier().notify(false, false));
        assertEquals("a bug in the channel", bug.getMessage());
        assertTrue(outbox().stream().allMatch(i -> i.attempts() == 0), "a bug is not recorded as a failed attempt to retry");
    }

    @Test
    void anIoFailureTheChannelThrows_isRetried() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2026-12-31"), NEW, "superseded");
        answer = e -> {
            throw new UncheckedIOException(new IOException("connection reset"));
        };
        assertFalse(notifier().notify(false, false).clean());
        OutboxItem item = outbox().stream().filter(i -> i.attempts() == 1).findFirst().orElseThrow();
        assertEquals(OutboxItem.Status.PENDING, item.status());
        assertTrue(item.result().startsWith("failed: ") && item.result().contains("connection reset"), item.result());
    }

    @Test
    void permanentRefusal_failsForGoodAtOnce() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2027-06-30"), null, "superseded");
        answer = e -> Delivery.permanent("HTTP 404");
        assertFalse(notifier().notify(false, false).clean());
        assertEquals(1, outbox().stream().filter(i -> i.status() == OutboxItem.Status.FAILED).count());
        clock.advance(Duration.ofDays(1));
        assertEquals(0, notifier().notify(false, true).attempts().size());
    }

    @Test
    void overlappingRuns_deliverEachNoticeExactlyOnce() throws Exception {
        for (int i = 0; i < 40; i++) {
            services().subscriptions().add(new Consumer("team-" + i, List.of("churn"), Set.of("deprecated"),
                    new Endpoint(Endpoint.Kind.WEBHOOK, "https://t" + i + ".example/hook", null)));
        }
        services().deprecations().deprecate(OLD, LocalDate.parse("2027-06-30"), null, "superseded");
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> runs = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int r = 0; r < 3; r++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    notifier().notify(false, false);
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            runs.add(t);
        }
        go.countDown();
        for (Thread t : runs) {
            t.join();
        }
        assertEquals(List.of(), errors);
        Map<String, AtomicInteger> byId = new ConcurrentHashMap<>();
        sent.forEach(e -> byId.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet());
        assertEquals(41, byId.size());
        assertTrue(byId.values().stream().allMatch(n -> n.get() == 1), byId.toString());
    }

    @Test
    void aRunKilledWhileDelivering_leavesClaims_thatAreSentAgainWithTheSameIdAfterTheLease() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2027-06-30"), null, "superseded");
        OutboxItem item = outbox().stream().filter(i -> i.type().endsWith(".deprecated")).findFirst().orElseThrow();
        registry.update(head -> new Change<>(null, Map.of(Layout.outboxItem(item),
                codec.writeOutboxItem(item.claimed(new OutboxItem.Claim("dead-run", "host/99", clock.instant())))),
                CommitMessage.of("claim", Trailers.op(Operation.NOTIFY_CLAIM).by(ALICE))));
        assertEquals(0, notifier().notify(false, false).attempts().size(), "the claim holds during the lease");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(1, notifier().notify(false, false).sent());
        assertEquals(item.id(), sent.peek().id());
    }

    @Test
    void undeprecate_cancelsPendingRemindersAndRetirement_andNotifies() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2026-12-31"), null, "superseded");
        Deprecations.Result r = services().deprecations().undeprecate(OLD, "customer asked for more time");
        assertEquals(4, r.cancelled());
        assertEquals(4, outbox().stream().filter(i -> i.status() == OutboxItem.Status.CANCELLED).count());
        assertEquals(List.of("dev.airisk.model.deprecated", "dev.airisk.model.undeprecated"),
                outbox().stream().filter(i -> i.status() == OutboxItem.Status.PENDING).map(OutboxItem::type).sorted().toList());
    }

    @Test
    void retiredVersion_cannotBePromoted_andSaysWhenAndWhatInstead() {
        services().deprecations().deprecate(OLD, LocalDate.parse("2026-11-02"), NEW, "superseded");
        clock.set(Instant.parse("2026-11-02T00:00:00Z"));
        PolicyDenied e = assertThrows(PolicyDenied.class, () -> services().releases().promote(OLD, "dev", false, null));
        assertEquals("churn@1.0.0 was retired on 2026-11-02 (use churn@1.1.0)", e.getMessage());
        assertEquals("retired", services().deprecations().lifecycle(OLD).state());
    }

    @Test
    void promotion_queuesANoticeForConsumersOfPromotions_inTheSameCommit() {
        int before = registry.commits.size();
        ReleaseResult promoted = services().releases().promote(NEW, "dev", false, null);
        assertTrue(promoted.changed(), () -> promoted.gates().summary());
        assertEquals(before + 1, registry.commits.size());
        List<OutboxItem> items = outbox();
        assertEquals(1, items.size());
        assertEquals("ops", items.get(0).consumer());
        assertEquals("dev.airisk.model.promoted", items.get(0).type());
        assertEquals("dev", items.get(0).data().get("environment"));
    }

    @Test
    void backoff_doublesFromTheInitialDelay() {
        assertEquals(Duration.ofMinutes(1), DeliverySchedule.backoff(Duration.ofMinutes(1), 0));
        assertEquals(Duration.ofMinutes(8), DeliverySchedule.backoff(Duration.ofMinutes(1), 3));
        assertEquals(Duration.ofDays(30), DeliverySchedule.backoff(Duration.ofMinutes(1), 60));
    }
}
