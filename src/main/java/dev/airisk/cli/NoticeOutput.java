package dev.airisk.cli;

import dev.airisk.core.notify.Consumer;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.OutboxItem;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Consumers and outbox deliveries as JSON and text (see docs/json.md). */
final class NoticeOutput {
    private NoticeOutput() {
    }

    static Map<String, Object> consumer(Consumer c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("models", c.models());
        m.put("events", c.events());
        m.put("channel", c.endpoint().kind().id());
        m.put("target", c.endpoint().shown());
        m.put("secret_env", c.endpoint().kind() == Endpoint.Kind.SLACK ? null : c.endpoint().secretEnv());
        m.put("url_env", c.endpoint().kind() == Endpoint.Kind.SLACK ? c.endpoint().secretEnv() : null);
        return m;
    }

    static Map<String, Object> item(OutboxItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("notice", i.notice());
        m.put("consumer", i.consumer());
        m.put("channel", i.endpoint().kind().id());
        m.put("type", i.type());
        m.put("subject", i.subject());
        m.put("due", text(i.due()));
        m.put("status", i.status().id());
        m.put("attempts", i.attempts());
        m.put("last_attempt", text(i.lastAttempt()));
        m.put("next_attempt", text(i.nextAttempt()));
        m.put("result", i.result());
        m.put("claimed_by", i.claim() == null ? null : i.claim().by());
        m.put("decision", decision(i.decision()));
        return m;
    }

    private static Map<String, Object> decision(OutboxItem.Decision d) {
        if (d == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", d.action().id());
        m.put("by", d.by());
        m.put("at", text(d.at()));
        m.put("reason", d.reason());
        return m;
    }

    /** The status, with a claim or a person's decision beside it: {@code failed (acknowledged)}, {@code pending (re-queued)}. */
    static String status(OutboxItem i) {
        String s = i.status().id();
        if (i.claim() != null) {
            return s + " (claimed)";
        }
        OutboxItem.Decision.Action a = i.decision() == null ? null : i.decision().action();
        if (a == OutboxItem.Decision.Action.ACKNOWLEDGED && i.status() == OutboxItem.Status.FAILED) {
            return s + " (acknowledged)";
        }
        return a == OutboxItem.Decision.Action.REQUEUED && i.status() == OutboxItem.Status.PENDING ? s + " (re-queued)" : s;
    }

    static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    /** A time for a table: to the second. */
    static Object shortTime(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
    }

    static void table(PrintWriter out, List<OutboxItem> items) {
        // Ids and times stay whole; the event type, attempts and last result go on a note under the row.
        Table t = new Table("ID", "DUE", "STATUS", "CONSUMER", "SUBJECT", "NEXT ATTEMPT").keep(0, 1, 5);
        for (OutboxItem i : items) {
            t.row(i.id().substring(0, 12), shortTime(i.due()), status(i), i.consumer(), i.subject(), shortTime(i.nextAttempt()));
            String result = i.result() == null ? "" : ": " + i.result();
            t.note(i.type().replace("dev.airisk.model.", "") + ", " + i.attempts()
                    + (i.attempts() == 1 ? " attempt" : " attempts") + result);
        }
        t.print(out);
    }
}
