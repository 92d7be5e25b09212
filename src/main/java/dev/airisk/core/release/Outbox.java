package dev.airisk.core.release;

import dev.airisk.core.Layout;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.notify.Consumer;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.port.RegistryCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queues notices: one outbox file per notice and consumer, resolved from consumers.yaml when the
 * notice is queued, and written in the same commit as the change that causes it.
 */
final class Outbox {
    static final String PREFIX = "dev.airisk.model.";
    static final String DEPRECATED = PREFIX + "deprecated";
    static final String REMINDER = PREFIX + "retirement-reminder";
    static final String RETIRED = PREFIX + "retired";
    static final String UNDEPRECATED = PREFIX + "undeprecated";
    static final String PROMOTED = PREFIX + "promoted";
    static final String ROLLED_BACK = PREFIX + "rolled-back";
    static final String CANARY = PREFIX + "canary";
    static final String INCIDENT_OPENED = PREFIX + "incident-opened";
    static final String INCIDENT_CLOSED = PREFIX + "incident-closed";
    static final String MONITORING_BREACHED = PREFIX + "monitoring-breached";

    private Outbox() {
    }

    /** The consumer event filter (consumers add --events) that a notice type is delivered under. */
    static String filter(String type) {
        return switch (type) {
            case DEPRECATED, REMINDER, UNDEPRECATED -> "deprecated";
            case RETIRED -> "retired";
            case PROMOTED -> "promoted";
            case ROLLED_BACK -> "rolled-back";
            case CANARY -> "canary";
            case INCIDENT_OPENED -> "incident-opened";
            case INCIDENT_CLOSED -> "incident-closed";
            case MONITORING_BREACHED -> "monitoring-breached";
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** A notice to queue. */
    record Notice(String type, ModelRef subject, Instant time, Instant due, Map<String, String> data, String text) {
        /** Stable for the same notice: the same change, subject and due time give the same id. */
        String id() {
            return hash(type + "\n" + subject + "\n" + time + "\n" + due, 24);
        }
    }

    /** The deliveries of a notice to every consumer of its model that asked for its kind of event. */
    static List<OutboxItem> deliveries(RegistryView view, Notice n) {
        List<OutboxItem> out = new ArrayList<>();
        String filter = filter(n.type());
        String notice = n.id();
        for (Consumer c : view.consumers().byName().values()) {
            if (c.wants(n.subject().name(), filter)) {
                out.add(new OutboxItem(hash(notice + "\n" + c.name(), 32), notice, c.name(), c.endpoint(), n.type(),
                        n.subject().toString(), n.time(), n.due(), n.data(), n.text(), OutboxItem.Status.PENDING, 0,
                        null, null, null, null, null));
            }
        }
        return out;
    }

    /** The files of these notices' deliveries; a delivery already queued is left as it is. */
    static Map<String, byte[]> queue(RegistryView view, RegistryCodec codec, List<Notice> notices) {
        Map<String, byte[]> writes = new LinkedHashMap<>();
        for (Notice n : notices) {
            for (OutboxItem item : deliveries(view, n)) {
                if (view.outboxItem(item).isEmpty()) {
                    writes.put(Layout.outboxItem(item), codec.writeOutboxItem(item));
                }
            }
        }
        return writes;
    }

    /** Writes a delivery's new state; one that leaves pending moves to the done folder (its old file is deleted). */
    static void update(Map<String, byte[]> writes, RegistryCodec codec, OutboxItem before, OutboxItem after) {
        String to = Layout.outboxItem(after);
        String from = Layout.outboxItem(before);
        writes.put(to, codec.writeOutboxItem(after));
        if (!from.equals(to)) {
            writes.put(from, null);
        }
    }

    /** The notice a release operation sends to the consumers who asked for its kind of event. */
    static Notice notice(ReleaseResult r, Instant now) {
        ModelRef subject = new ModelRef(r.model(), r.op() == Operation.ROLLBACK && r.from() != null ? r.from() : r.version());
        Map<String, String> data = data(subject);
        data.put("environment", r.env());
        String text = switch (r.op()) {
            case PROMOTE, CANARY_PROMOTE -> {
                if (r.from() != null) {
                    data.put("previous", r.from().toString());
                }
                yield subject + " is now stable in " + r.env() + (r.from() == null ? "" : " (was " + r.from() + ")") + ".";
            }
            case ROLLBACK -> {
                data.put("rolled_back_to", r.version().toString());
                data.put("reason", r.reason());
                if (r.fallbackUsed()) {
                    data.put("fallback", "true");
                }
                yield subject + " was rolled back in " + r.env() + " to " + (r.fallbackUsed() ? "its fallback version " : "") + r.version()
                        + ": " + Releases.oneLine(r.reason());
            }
            case CANARY_START -> canary(r, subject, data, "started");
            case CANARY_WEIGHT -> canary(r, subject, data, "weight");
            case CANARY_ABORT -> canary(r, subject, data, "aborted");
            case INIT, REGISTER, APPROVE, REJECT, ATTACH, CHECKLIST, DEPRECATE, UNDEPRECATE, TRUST, REVOKE, ENROLL, POLICY_SET, CONSUMERS_ADD,
                 CONSUMERS_REMOVE, NOTIFY_CLAIM, NOTIFY_RECORD, NOTICES_RETRY, NOTICES_ACK, GC, GC_CLAIM, INCIDENT_OPEN, INCIDENT_NOTE,
                 INCIDENT_ATTACH, INCIDENT_CLOSE,
                 MONITOR_EVALUATE, MONITOR_OVERRIDE, MONITOR_ROLLBACK, FALLBACK_SET, FALLBACK_CLEAR,
                 CANARY_ANALYZE ->
                    throw new IllegalArgumentException(r.op().id() + " is not a release operation");
        };
        return new Notice(r.op().event(), subject, now, now, data, text);
    }

    /** The text of a canary notice, and its data: the action, the weight while the canary runs, the reason given. */
    private static String canary(ReleaseResult r, ModelRef subject, Map<String, String> data, String action) {
        ReleaseState.Canary c = r.after().canary();
        data.put("action", action);
        if (c != null) {
            data.put("weight", String.valueOf(c.weight()));
        }
        if (r.reason() != null) {
            data.put("reason", r.reason());
        }
        return "Canary " + subject + " in " + r.env() + ": " + action + (c == null ? "" : c.shadow() ? " as a shadow (mirrored traffic, answers not served)"
                : " at " + c.weight() + "% of traffic") + ".";
    }

    static Map<String, String> data(ModelRef ref) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("model", ref.name());
        d.put("version", ref.version().toString());
        return d;
    }

    private static String hash(String text, int chars) {
        return Sha256.digest(text.getBytes(StandardCharsets.UTF_8)).hex().substring(0, chars);
    }
}
