package dev.airisk.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One delivery of one notice to one consumer: a file {@code outbox/<id[0:2]>/<id>.yaml}. What is
 * delivered (the notice, the consumer and its endpoint, resolved when the notice was queued) never
 * changes; how far the delivery got (status, attempts, claim, receipt) does.
 *
 * @param id          the CloudEvents id: stable per notice and consumer, so a repeated delivery carries the same id
 * @param notice      the notice's id, shared by its deliveries to every consumer
 * @param consumer    the consumer's name
 * @param endpoint    where to deliver
 * @param type        the CloudEvents type, e.g. {@code dev.airisk.model.deprecated}
 * @param subject     {@code NAME@VER}
 * @param time        when the change that caused the notice happened
 * @param due         not sent before this time (reminders are due before retirement)
 * @param data        the event's data, texts only, in order
 * @param text        a sentence for people
 * @param status      pending, sent, failed (for good) or cancelled
 * @param attempts    delivery attempts so far
 * @param lastAttempt when the last attempt ended, or null
 * @param nextAttempt not retried before this time (backoff), or null
 * @param result      the outcome of the last attempt, one line (never a secret), or null
 * @param claim       the notify run that is delivering it now, or null
 * @param decision    the last decision of a person about it after it failed for good (re-queued or
 *                    acknowledged), or null
 */
public record OutboxItem(String id, String notice, String consumer, Endpoint endpoint, String type, String subject,
                         Instant time, Instant due, Map<String, String> data, String text, Status status, int attempts,
                         Instant lastAttempt, Instant nextAttempt, String result, Claim claim, Decision decision) {
    public OutboxItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(status, "status");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data == null ? Map.of() : data));
        text = text == null ? "" : text;
    }

    /** Where a delivery of a notice is kept: pending, sent, failed for good or cancelled. */
    public enum Status {
        PENDING, SENT, FAILED, CANCELLED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** A notify run's claim on a delivery: it is being sent by {@code run} on {@code by} (host and pid) since {@code at}. */
    public record Claim(String run, String by, Instant at) {
        public Claim {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A person's decision about a delivery that failed for good, signed by the commit that records it.
     *
     * @param action   re-queued (sent again by the next notify) or acknowledged (its loss accepted)
     * @param by       the key id of who decided
     * @param at       when
     * @param attempts the delivery's attempts at that moment (backoff starts again from there)
     * @param reason   why, or null
     */
    public record Decision(Action action, String by, Instant at, int attempts, String reason) {
        public Decision {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
        }

        /** What was decided. */
        public enum Action {
            REQUEUED, ACKNOWLEDGED;

            public String id() {
                return name().toLowerCase(Locale.ROOT);
            }

            public static Action parse(String s) {
                return valueOf(s.toUpperCase(Locale.ROOT));
            }
        }
    }

    /** Failed for good and neither re-queued nor acknowledged since: notify keeps reporting it. */
    public boolean givenUp() {
        return status == Status.FAILED && (decision == null || decision.action() != Decision.Action.ACKNOWLEDGED);
    }

    /** Since when a failing delivery counts towards max_age: its due time, or when it was re-queued. */
    public Instant failingSince() {
        return decision != null && decision.action() == Decision.Action.REQUEUED && decision.at().isAfter(due) ? decision.at() : due;
    }

    /** Failed attempts that count for the backoff: those since it was last re-queued. */
    public int failuresSinceQueued() {
        return decision != null && decision.action() == Decision.Action.REQUEUED ? Math.max(0, attempts - decision.attempts()) : attempts;
    }

    /** Failed for good, now pending again: the next notify sends it at once. */
    public OutboxItem requeued(String by, Instant at, String reason) {
        return new OutboxItem(id, notice, consumer, endpoint, type, subject, time, due, data, text, Status.PENDING, attempts,
                lastAttempt, null, result, null, new Decision(Decision.Action.REQUEUED, by, at, attempts, reason));
    }

    /** Failed for good, and its loss accepted: notify no longer reports it. */
    public OutboxItem acknowledged(String by, Instant at, String reason) {
        return new OutboxItem(id, notice, consumer, endpoint, type, subject, time, due, data, text, status, attempts,
                lastAttempt, nextAttempt, result, claim, new Decision(Decision.Action.ACKNOWLEDGED, by, at, attempts, reason));
    }

    /** The event as channels deliver it; {@code source} is the registry. */
    public Event event(String source) {
        return new Event(id, type, source, subject, time, new LinkedHashMap<>(data), text);
    }

    /** What was delivered, without how far it got: must never change once queued. */
    public OutboxItem identity() {
        return new OutboxItem(id, notice, consumer, endpoint, type, subject, time, due, data, text, Status.PENDING, 0,
                null, null, null, null, null);
    }

    /** Pending, due, out of backoff (unless {@code ignoreBackoff}) and not claimed by a run whose lease still holds. */
    public boolean ready(Instant now, Duration lease, boolean ignoreBackoff) {
        return status == Status.PENDING && !due.isAfter(now)
                && (ignoreBackoff || nextAttempt == null || !nextAttempt.isAfter(now))
                && (claim == null || !claim.at().plus(lease).isAfter(now));
    }

    public OutboxItem claimed(Claim c) {
        return new OutboxItem(id, notice, consumer, endpoint, type, subject, time, due, data, text, status, attempts,
                lastAttempt, nextAttempt, result, c, decision);
    }

    /** After an attempt: the new status, when to try next (or null), and the outcome; the claim is released. */
    public OutboxItem attempted(Status next, Instant at, Instant retryAt, String outcome) {
        return new OutboxItem(id, notice, consumer, endpoint, type, subject, time, due, data, text, next, attempts + 1,
                at, retryAt, outcome, null, decision);
    }

    /** Cancelled without an attempt (undeprecated, consumer removed). */
    public OutboxItem cancelled(String why) {
        return new OutboxItem(id, notice, consumer, endpoint, type, subject, time, due, data, text, Status.CANCELLED, attempts,
                lastAttempt, null, why, null, decision);
    }
}
