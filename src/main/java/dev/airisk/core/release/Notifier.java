package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.Redact;
import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Channels;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code airisk notify}: sends every delivery that is due, exactly once across repeated and
 * overlapping runs.
 * <ol>
 * <li>One compare-and-swap commit claims a batch of due deliveries for this run (run id, host and pid,
 * time). A claim is the lock: another run skips a claimed delivery until the claim is older than the
 * lease, and may then take it over (the run that claimed it was killed).</li>
 * <li>The batch is delivered concurrently, at most {@code parallelism} at a time.</li>
 * <li>Outcomes are recorded as receipts in batched commits (every {@link #FLUSH_EVERY} outcomes or
 * every second, and at the end): sent; failed for good (a permanent refusal, or still failing
 * {@code max_age} after it was due, with a final report); or pending with the next attempt after an
 * exponential backoff from {@code retry_initial}, or after the receiver's Retry-After when later.</li>
 * </ol>
 * A run killed while delivering leaves its claims; the next run after the lease sends those again
 * with the same event id, so only a delivery that was in flight can arrive twice.
 */
public final class Notifier {
    static final int BATCH = 1000;
    static final int FLUSH_EVERY = 250;

    private final Registry registry;
    private final RegistryCodec codec;
    private final Signer signer;
    private final Clock clock;
    private final Channels channels;
    private final String source;
    private final int parallelism;
    private final String runner;

    Notifier(Registry registry, RegistryCodec codec, Signer signer, Clock clock, Channels channels, String source,
             int parallelism, String runner) {
        this.registry = registry;
        this.codec = codec;
        this.signer = signer;
        this.clock = clock;
        this.channels = channels;
        this.source = source;
        this.parallelism = Math.max(1, parallelism);
        this.runner = runner;
    }

    /** One delivery attempt of this run and what it left. */
    public record Attempt(OutboxItem item, Delivery delivery, OutboxItem after) {
    }

    /** A due delivery this host cannot send now, for a reason on the sending side: it stays pending, unclaimed. */
    public record Held(OutboxItem item, String reason) {
    }

    /**
     * What a run did.
     *
     * @param run      this run's id
     * @param dryRun   nothing was sent or written
     * @param due      deliveries that were due and sendable (what a dry run would send)
     * @param attempts every attempt of this run, in the order they ended
     * @param held     due deliveries not attempted: a setting of the sending side is missing
     * @param givenUp  deliveries failed for good and neither re-queued nor acknowledged, after this run
     * @param failing  per consumer and kind of trouble, one line about deliveries not delivered
     * @param store    the store the registry names (notify never writes it)
     */
    public record Run(String run, boolean dryRun, List<OutboxItem> due, List<Attempt> attempts, List<Held> held,
                      List<OutboxItem> givenUp, List<String> failing, String store) {
        public long sent() {
            return attempts.stream().filter(a -> a.after().status() == OutboxItem.Status.SENT).count();
        }

        /** True when nothing is left undelivered: no failing, held or given-up delivery. */
        public boolean clean() {
            return failing.isEmpty();
        }
    }

    /** Which deliveries {@code airisk notices} lists. */
    public enum Show { ALL, PENDING, FAILED, SENT }

    /** The outbox, oldest due first. */
    public List<OutboxItem> notices(Show show) {
        RegistryView view = new RegistryView(registry.head(), codec);
        return view.outbox().stream().filter(i -> switch (show) {
            case ALL -> true;
            case PENDING -> i.status() == OutboxItem.Status.PENDING;
            case FAILED -> i.status() == OutboxItem.Status.FAILED
                    || i.status() == OutboxItem.Status.PENDING && i.attempts() > 0;
            case SENT -> i.status() == OutboxItem.Status.SENT;
        }).sorted(Comparator.comparing(OutboxItem::due).thenComparing(OutboxItem::id)).toList();
    }

    public Run notify(boolean dryRun, boolean retryFailed) {
        String run = UUID.randomUUID().toString();
        RegistryView head = new RegistryView(registry.head(), codec);
        Actors.require(head, signer, Operation.NOTIFY_CLAIM);
        Policy.Notices policy = head.policy().notices();
        String store = head.settings().store();
        if (dryRun) {
            Instant now = clock.instant();
            List<OutboxItem> ready = ready(head.outboxDue(now), policy, now, retryFailed, Set.of());
            List<Held> held = new ArrayList<>();
            List<OutboxItem> due = sendable(ready, now, held);
            if (!due.isEmpty()) {
                signer.ready(); // as the real run would to claim them: a wrong passphrase fails the dry run too
            }
            Set<String> readyIds = new HashSet<>();
            ready.forEach(i -> readyIds.add(i.id()));
            List<Attempt> waiting = head.outboxDue(now).stream().filter(i -> i.attempts() > 0 && !readyIds.contains(i.id()))
                    .map(i -> new Attempt(i, null, i)).toList();
            List<OutboxItem> givenUp = head.outboxGivenUp();
            return new Run(run, true, due.stream().limit(BATCH * 100L).toList(), List.of(), held, givenUp,
                    failing(waiting, held, givenUp), store);
        }
        List<Attempt> attempts = new ArrayList<>();
        List<OutboxItem> due = new ArrayList<>();
        List<Held> held = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        List<OutboxItem> waiting;
        while (true) {
            Claimed c = claim(run, policy, retryFailed, tried);
            waiting = c.waiting();
            c.batch().forEach(i -> tried.add(i.id()));
            c.held().forEach(x -> tried.add(x.item().id()));
            held.addAll(c.held());
            due.addAll(c.batch());
            if (!c.batch().isEmpty()) {
                attempts.addAll(deliver(run, c.batch(), policy));
            }
            if (!c.more()) {
                break;
            }
        }
        List<Attempt> failing = new ArrayList<>(attempts);
        waiting.stream().filter(i -> !tried.contains(i.id())).forEach(i -> failing.add(new Attempt(i, null, i)));
        List<OutboxItem> givenUp = new RegistryView(registry.head(), codec).outboxGivenUp();
        return new Run(run, false, due, attempts, held, givenUp, failing(failing, held, givenUp), store);
    }

    /**
     * A rehearsal: every delivery a real run would send now is written, in due order, through
     * {@code channel} to {@code to} (one file) instead of its consumer's channel. Nothing is claimed
     * or recorded and no key is needed: the registry is left as it was, so the real consumers still
     * receive every notice from a real run.
     */
    public Run rehearse(Channel channel, Endpoint to, boolean retryFailed) {
        String run = UUID.randomUUID().toString();
        RegistryView head = new RegistryView(registry.head(), codec);
        Policy.Notices policy = head.policy().notices();
        Instant now = clock.instant();
        List<OutboxItem> due = ready(head.outboxDue(now), policy, now, retryFailed, Set.of()).stream()
                .filter(i -> !DeliverySchedule.overtaken(i, now)).toList();
        List<Attempt> attempts = new ArrayList<>();
        for (OutboxItem i : due) {
            Delivery d = channel.deliver(to, i.event(source));
            if (d.outcome() != Delivery.Outcome.SENT) {
                throw new AiriskException.Unavailable("cannot write notice " + i.id() + " to " + to.target()
                        + ": " + d.detail() + "; " + attempts.size() + " of " + due.size() + " were written",
                        "fix that and run the rehearsal again; the registry was not changed", null);
            }
            attempts.add(new Attempt(i, d, i.attempted(OutboxItem.Status.SENT, clock.instant(), null, "written to " + to.target())));
        }
        List<OutboxItem> givenUp = head.outboxGivenUp();
        return new Run(run, false, due, attempts, List.of(), givenUp, failing(List.of(), List.of(), givenUp),
                head.settings().store());
    }

    /** The deliveries of {@code ready} this host can send now; the others go to {@code held} with the reason. */
    private List<OutboxItem> sendable(List<OutboxItem> ready, Instant now, List<Held> held) {
        Map<Endpoint, Optional<String>> reasons = new HashMap<>();
        List<OutboxItem> out = new ArrayList<>();
        for (OutboxItem i : ready) {
            String why = DeliverySchedule.overtaken(i, now) ? null : reasons.computeIfAbsent(i.endpoint(), e -> Optional.ofNullable(unready(e)))
                    .orElse(null);
            if (why == null) {
                out.add(i);
            } else {
                held.add(new Held(i, why));
            }
        }
        return out;
    }

    /** Why this host cannot deliver to an endpoint now (a setting of the sending side), or null; a channel that fails here is tried. */
    private String unready(Endpoint e) {
        try {
            return channels.of(e.kind()).unready(e);
        } catch (RuntimeException x) {
            return null;
        }
    }

    /** The deliveries of {@code due} that are ready to send, oldest due first. */
    private static List<OutboxItem> ready(List<OutboxItem> due, Policy.Notices policy, Instant now, boolean retryFailed, Set<String> tried) {
        return due.stream().filter(i -> !tried.contains(i.id()) && i.ready(now, policy.lease(), retryFailed))
                .sorted(Comparator.comparing(OutboxItem::due).thenComparing(OutboxItem::id)).toList();
    }

    /**
     * A claim: the batch this run now holds, whether more were ready than one batch, and the pending
     * deliveries that failed before and wait for their next attempt (or are held by another run).
     */
    private record Claimed(List<OutboxItem> batch, boolean more, List<OutboxItem> waiting, List<Held> held) {
    }

    /** One commit claiming up to {@link #BATCH} due deliveries; a lost race re-reads and claims what is still free. */
    private Claimed claim(String run, Policy.Notices policy, boolean retryFailed, Set<String> tried) {
        return registry.update(snapshot -> {
            RegistryView view = new RegistryView(snapshot, codec);
            Actors.require(view, signer, Operation.NOTIFY_CLAIM);
            Instant now = clock.instant();
            List<OutboxItem> scanned = view.outboxDue(now);
            List<Held> held = new ArrayList<>();
            List<OutboxItem> ready = sendable(ready(scanned, policy, now, retryFailed, tried), now, held);
            List<OutboxItem> batch = ready.stream().limit(BATCH).toList();
            Set<String> taken = new HashSet<>();
            batch.forEach(i -> taken.add(i.id()));
            held.forEach(x -> taken.add(x.item().id()));
            List<OutboxItem> waiting = scanned.stream().filter(i -> i.attempts() > 0 && !taken.contains(i.id())).toList();
            if (batch.isEmpty()) {
                return Change.none(new Claimed(List.of(), false, waiting, held));
            }
            signer.ready(); // the key is unlocked only now that there is something to commit, and a wrong passphrase writes nothing
            OutboxItem.Claim claim = new OutboxItem.Claim(run, runner, now);
            Map<String, byte[]> writes = new LinkedHashMap<>();
            List<OutboxItem> claimed = new ArrayList<>();
            for (OutboxItem i : batch) {
                if (DeliverySchedule.overtaken(i, now)) {
                    Outbox.update(writes, codec, i, i.cancelled("not sent: the version retired before the reminder went out"));
                    continue;
                }
                OutboxItem c = i.claimed(claim);
                claimed.add(c);
                Outbox.update(writes, codec, i, c);
            }
            return new Change<>(new Claimed(claimed, ready.size() > BATCH, waiting, held), writes,
                    CommitMessage.of("Claim " + claimed.size() + " notice deliveries (run " + run + ")"
                    + (batch.size() > claimed.size() ? ", cancel " + (batch.size() - claimed.size()) + " overtaken reminder(s)" : ""),
                    Trailers.op(Operation.NOTIFY_CLAIM).put(Trailers.RUN, run).put(Trailers.COUNT, batch.size()).by(signer.keyId())));
        }).result();
    }

    private List<Attempt> deliver(String run, List<OutboxItem> batch, Policy.Notices policy) {
        BlockingQueue<Attempt> done = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, batch.size()), r -> {
            Thread t = new Thread(r, "airisk-notify");
            t.setDaemon(true);
            return t;
        });
        List<Attempt> all = new ArrayList<>();
        // a bug in a channel (it reports every failure it expects as a Delivery) stops the run
        AtomicReference<RuntimeException> bug = new AtomicReference<>();
        AtomicReference<Error> error = new AtomicReference<>();
        try {
            for (List<OutboxItem> inOrder : DeliverySchedule.inOrder(batch)) {
                pool.execute(() -> {
                    try {
                        for (OutboxItem item : inOrder) {
                            done.add(attempt(item, policy));
                        }
                    } catch (RuntimeException e) {
                        bug.compareAndSet(null, e);
                    } catch (Error e) {
                        error.compareAndSet(null, e);
                    }
                });
            }
            List<Attempt> pending = new ArrayList<>();
            long lastFlush = System.nanoTime();
            int received = 0;
            while (received < batch.size()) {
                if (error.get() != null) {
                    throw error.get();
                }
                if (bug.get() != null) {
                    // what was attempted is recorded; the rest stays claimed and is retried after the lease
                    done.drainTo(pending);
                    record(run, pending);
                    throw bug.get();
                }
                Attempt a = done.poll(200, TimeUnit.MILLISECONDS);
                if (a != null) {
                    pending.add(a);
                    received++;
                }
                boolean due = pending.size() >= FLUSH_EVERY || !pending.isEmpty() && System.nanoTime() - lastFlush > 1_000_000_000L;
                if (due || received == batch.size()) {
                    all.addAll(record(run, pending));
                    pending = new ArrayList<>();
                    lastFlush = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiriskException.Unavailable("notify was interrupted; claimed deliveries are retried after the lease",
                    "run 'airisk notify' again", e);
        } finally {
            pool.shutdownNow();
        }
        return all;
    }

    /**
     * Sends one delivery. A channel reports the failures it expects as a {@link Delivery}; an I/O failure
     * it lets through counts as a failure worth retrying, anything else is a bug and is not caught.
     */
    private Attempt attempt(OutboxItem item, Policy.Notices policy) {
        Delivery d;
        try {
            Channel channel = channels.of(item.endpoint().kind());
            d = channel.deliver(item.endpoint(), item.event(source));
        } catch (UncheckedIOException e) {
            d = Delivery.retry(Redact.failure(e), null);
        }
        return new Attempt(item, d, DeliverySchedule.next(item, d, clock.instant(), policy));
    }

    /**
     * One commit recording outcomes. A delivery another run has recorded meanwhile (its claim had
     * expired and was taken over) keeps that receipt; this run's outcome is still reported.
     */
    private List<Attempt> record(String run, List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return List.of();
        }
        registry.update(snapshot -> {
            RegistryView view = new RegistryView(snapshot, codec);
            Actors.require(view, signer, Operation.NOTIFY_RECORD);
            Map<String, byte[]> writes = new LinkedHashMap<>();
            int sent = 0;
            int recorded = 0;
            for (Attempt a : attempts) {
                OutboxItem now = view.outboxItem(a.item()).orElse(null);
                if (now == null || now.status() != OutboxItem.Status.PENDING) {
                    continue;
                }
                boolean ours = now.claim() != null && now.claim().run().equals(run);
                if (!ours && a.after().status() != OutboxItem.Status.SENT) {
                    continue;
                }
                OutboxItem after = a.after();
                if (!ours) {
                    after = now.attempted(OutboxItem.Status.SENT, after.lastAttempt(), null, after.result());
                }
                Outbox.update(writes, codec, now, after);
                recorded++;
                if (after.status() == OutboxItem.Status.SENT) {
                    sent++;
                }
            }
            if (writes.isEmpty()) {
                return Change.none(null);
            }
            int failed = recorded - sent;
            return new Change<>(null, writes, CommitMessage.of("Record " + recorded + " notice deliveries: " + sent + " sent, "
                    + failed + " failed (run " + run + ")",
                    Trailers.op(Operation.NOTIFY_RECORD).put(Trailers.RUN, run).put(Trailers.COUNT, recorded).by(signer.keyId())));
        });
        return attempts;
    }

    /**
     * Per consumer, one line about each kind of trouble: deliveries failing and waiting for their next
     * attempt, deliveries held by a setting of the sending side, and deliveries given up.
     */
    private static List<String> failing(List<Attempt> attempts, List<Held> held, List<OutboxItem> givenUp) {
        Map<String, List<Attempt>> byConsumer = new TreeMap<>();
        for (Attempt a : attempts) {
            if (a.after().status() == OutboxItem.Status.PENDING) {
                byConsumer.computeIfAbsent(a.item().consumer(), k -> new ArrayList<>()).add(a);
            }
        }
        Map<String, List<String>> lines = new TreeMap<>();
        byConsumer.forEach((consumer, list) -> {
            Attempt last = list.get(list.size() - 1);
            Instant next = list.stream().map(a -> a.after().nextAttempt()).filter(Objects::nonNull).min(Comparator.naturalOrder())
                    .orElse(null);
            lines.computeIfAbsent(consumer, k -> new ArrayList<>()).add(consumer + ": " + count(list.size()) + " failing ("
                    + last.item().endpoint().kind().id() + "), last: " + last.item().subject() + " " + last.item().type() + ": "
                    + last.after().result() + (next != null ? "; next attempt after " + next : ""));
        });
        Map<String, List<Held>> heldBy = new TreeMap<>();
        held.forEach(x -> heldBy.computeIfAbsent(x.item().consumer() + "\n" + x.reason(), k -> new ArrayList<>()).add(x));
        heldBy.forEach((key, list) -> {
            OutboxItem first = list.get(0).item();
            lines.computeIfAbsent(first.consumer(), k -> new ArrayList<>()).add(first.consumer() + ": " + count(list.size())
                    + " not sent (" + first.endpoint().kind().id() + "): " + list.get(0).reason()
                    + "; kept pending, the next 'airisk notify' sends " + (list.size() == 1 ? "it" : "them") + " once that is fixed");
        });
        Map<String, List<OutboxItem>> givenUpBy = new TreeMap<>();
        givenUp.forEach(i -> givenUpBy.computeIfAbsent(i.consumer(), k -> new ArrayList<>()).add(i));
        givenUpBy.forEach((consumer, list) -> {
            OutboxItem last = list.stream().max(Comparator.comparing(i -> i.lastAttempt() == null ? i.due() : i.lastAttempt())).orElseThrow();
            lines.computeIfAbsent(consumer, k -> new ArrayList<>()).add(consumer + ": " + count(list.size()) + " given up ("
                    + last.endpoint().kind().id() + "), last: " + last.subject() + " " + last.type() + ": " + last.result()
                    + " (run 'airisk notices retry --consumer " + consumer + "' to send " + (list.size() == 1 ? "it" : "them")
                    + " again, or 'airisk notices ack --consumer " + consumer + " --reason TEXT' to accept the loss)");
        });
        List<String> out = new ArrayList<>();
        lines.values().forEach(out::addAll);
        return out;
    }

    private static String count(int n) {
        return n + " deliver" + (n == 1 ? "y" : "ies");
    }
}
