package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code airisk notices retry|ack}: what a person decides about deliveries that failed for good, one
 * signed commit each run. Re-queued, a delivery is pending again and the next notify sends it (its
 * backoff and max_age start again); acknowledged, its loss is accepted and notify stops reporting it.
 * Either needs the releaser or admin role, the roles that manage consumers.
 */
public final class Redeliveries {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{6,32}");

    private final Registry registry;
    private final RegistryCodec codec;
    private final Signer signer;
    private final Clock clock;

    Redeliveries(Registry registry, RegistryCodec codec, Signer signer, Clock clock) {
        this.registry = registry;
        this.codec = codec;
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * Which deliveries: the ones with these ids (or unique id prefixes of 6 or more hex characters),
     * or every delivery given up for one consumer, or every delivery given up.
     */
    public record Selection(List<String> ids, String consumer, boolean all) {
        public Selection {
            ids = ids == null ? List.of() : List.copyOf(ids);
            int given = (ids.isEmpty() ? 0 : 1) + (consumer == null ? 0 : 1) + (all ? 1 : 0);
            if (given != 1) {
                throw new InvalidInput("name the deliveries one way", "give delivery ids, or --consumer NAME, or --all");
            }
        }
    }

    /** What a run decided: the deliveries changed (as they are now), those already so, and the commit. */
    public record Result(List<OutboxItem> changed, List<OutboxItem> unchanged, String commit) {
    }

    /** Re-queues deliveries that failed for good; {@code reason} may be null. */
    public Result retry(Selection selection, String reason) {
        return decide(Operation.NOTICES_RETRY, selection, reason);
    }

    /** Accepts the loss of deliveries given up; a reason is required. */
    public Result acknowledge(Selection selection, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("a reason is required", "pass --reason TEXT (it is kept with each delivery)");
        }
        return decide(Operation.NOTICES_ACK, selection, reason);
    }

    private Result decide(Operation op, Selection selection, String reason) {
        selection.ids().forEach(Redeliveries::requireId);
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        Registry.Committed<Result> done = registry.update(head -> {
            RegistryView view = new RegistryView(head, codec);
            Actors.require(view, signer, op);
            List<OutboxItem> chosen = chosen(view, selection, op);
            Instant now = clock.instant();
            Map<String, byte[]> writes = new LinkedHashMap<>();
            List<OutboxItem> changed = new ArrayList<>();
            List<OutboxItem> unchanged = new ArrayList<>();
            for (OutboxItem i : chosen) {
                if (op == Operation.NOTICES_ACK && !i.givenUp()) {
                    unchanged.add(i);
                    continue;
                }
                OutboxItem after = op == Operation.NOTICES_RETRY ? i.requeued(signer.keyId(), now, why) : i.acknowledged(signer.keyId(), now, why);
                Outbox.update(writes, codec, i, after);
                changed.add(after);
            }
            Result r = new Result(changed, unchanged, null);
            if (changed.isEmpty()) {
                return Change.none(r);
            }
            String consumers = String.join(", ", changed.stream().map(OutboxItem::consumer).distinct().sorted().toList());
            String subject = (op == Operation.NOTICES_RETRY ? "Re-queue " : "Acknowledge ") + changed.size() + " notice deliver"
                    + (changed.size() == 1 ? "y" : "ies") + " given up (" + consumers + ")";
            return new Change<>(r, writes, CommitMessage.of(subject, Trailers.op(op).put(Trailers.CONSUMER, selection.consumer())
                    .put(Trailers.COUNT, changed.size()).put(Trailers.REASON, why).by(signer.keyId())));
        });
        Result r = done.result();
        return new Result(r.changed(), r.unchanged(), r.changed().isEmpty() ? null : done.commitId());
    }

    private static List<OutboxItem> chosen(RegistryView view, Selection s, Operation op) {
        if (s.all()) {
            return sorted(view.outboxGivenUp());
        }
        if (s.consumer() != null) {
            List<OutboxItem> mine = view.outboxGivenUp().stream().filter(i -> i.consumer().equals(s.consumer())).toList();
            if (mine.isEmpty() && !view.consumers().byName().containsKey(s.consumer())) {
                throw new NotFound("there is no consumer '" + s.consumer() + "' and no delivery given up for one of that name",
                        "run 'airisk notices --failed' to see the deliveries that failed");
            }
            return sorted(mine);
        }
        List<OutboxItem> out = new ArrayList<>();
        for (String id : s.ids()) {
            List<OutboxItem> found = view.outboxById(id);
            if (found.isEmpty()) {
                throw new NotFound("there is no notice delivery '" + id + "'", "run 'airisk notices --failed' to see the deliveries that failed");
            }
            if (found.size() > 1) {
                throw new InvalidInput("delivery id '" + id + "' is ambiguous: " + found.size() + " deliveries start with it",
                        "give more of the id");
            }
            OutboxItem i = found.get(0);
            if (i.status() != OutboxItem.Status.FAILED) {
                throw new Conflict("notice delivery " + i.id().substring(0, 12) + " to " + i.consumer() + " is " + i.status().id()
                        + ", not failed", i.status() == OutboxItem.Status.PENDING
                        ? "'airisk notify' retries it; 'airisk notify --retry-failed' does so now"
                        : "only a delivery that failed for good can be " + (op == Operation.NOTICES_RETRY ? "re-queued" : "acknowledged"));
            }
            if (out.stream().noneMatch(o -> o.id().equals(i.id()))) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<OutboxItem> sorted(List<OutboxItem> items) {
        return items.stream().sorted(Comparator.comparing(OutboxItem::due).thenComparing(OutboxItem::id)).toList();
    }

    private static void requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInput("'" + id + "' is not a notice delivery id",
                    "give the id 'airisk notices --failed' shows (6 to 32 lower-case hex characters)");
        }
    }
}
