package dev.airisk.core.release;

import dev.airisk.core.model.Durations;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When and in what order deliveries are tried: the state of a delivery after an attempt (sent, given
 * up, or pending with its next attempt), the backoff between attempts, the order of one run's batch,
 * and reminders a retirement has overtaken. Pure functions of the outbox, the policy and the time.
 */
final class DeliverySchedule {
    private DeliverySchedule() {
    }

    /** The longest wait between attempts of a delivery that failed on the sending side. */
    static final Duration SETUP_WAIT = Duration.ofHours(1);

    /** A retirement reminder that is still pending once the version has retired: the retirement notice says it instead. */
    static boolean overtaken(OutboxItem i, Instant now) {
        String retireOn = i.data().get("retire_on");
        return Outbox.REMINDER.equals(i.type()) && retireOn != null
                && !now.isBefore(LocalDate.parse(retireOn).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /**
     * The batch (oldest due first) as tasks: the deliveries to one file one after another, so its
     * lines are in due order; every other delivery a task of its own.
     */
    static List<List<OutboxItem>> inOrder(List<OutboxItem> batch) {
        Map<String, List<OutboxItem>> files = new LinkedHashMap<>();
        List<List<OutboxItem>> tasks = new ArrayList<>();
        for (OutboxItem i : batch) {
            if (i.endpoint().kind() == Endpoint.Kind.FILE) {
                List<OutboxItem> same = files.get(i.endpoint().target());
                if (same == null) {
                    same = new ArrayList<>();
                    files.put(i.endpoint().target(), same);
                    tasks.add(same);
                }
                same.add(i);
            } else {
                tasks.add(List.of(i));
            }
        }
        return tasks;
    }

    /**
     * The delivery after an attempt: sent, failed for good, or pending with its next attempt. A
     * failure on the sending side is never given up: it waits at most {@link #SETUP_WAIT} between
     * attempts, until the setting is fixed.
     */
    static OutboxItem next(OutboxItem item, Delivery d, Instant now, Policy.Notices policy) {
        String detail = d.detail().replaceAll("\\s+", " ").strip();
        return switch (d.outcome()) {
            case SENT -> item.attempted(OutboxItem.Status.SENT, now, null, "sent" + (detail.isEmpty() ? "" : ": " + detail));
            case PERMANENT -> item.attempted(OutboxItem.Status.FAILED, now, null, "refused: " + detail);
            case SETUP -> {
                Duration wait = backoff(policy.retryInitial(), item.failuresSinceQueued());
                yield item.attempted(OutboxItem.Status.PENDING, now, now.plus(wait.compareTo(SETUP_WAIT) > 0 ? SETUP_WAIT : wait),
                        "not sent: " + detail);
            }
            case RETRY -> {
                if (!now.isBefore(item.failingSince().plus(policy.maxAge()))) {
                    yield item.attempted(OutboxItem.Status.FAILED, now, null, "gave up after " + (item.failuresSinceQueued() + 1)
                            + " attempts over " + Durations.human(policy.maxAge()) + ": " + detail);
                }
                Duration wait = backoff(policy.retryInitial(), item.failuresSinceQueued());
                if (d.retryAfter() != null && d.retryAfter().compareTo(wait) > 0) {
                    wait = d.retryAfter();
                }
                yield item.attempted(OutboxItem.Status.PENDING, now, now.plus(wait), "failed: " + detail);
            }
        };
    }

    /** {@code initial} doubled once per earlier failure, capped at 30 days. */
    static Duration backoff(Duration initial, int earlierAttempts) {
        Duration cap = Duration.ofDays(30);
        Duration d = initial;
        for (int i = 0; i < earlierAttempts && d.compareTo(cap) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(cap) > 0 ? cap : d;
    }
}
