package dev.airisk.adapters.notify;

import dev.airisk.core.notify.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events for the channel tests. */
final class Events {
    private Events() {
    }

    static Event deprecated(String id) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", "churn");
        data.put("version", "1.4.0");
        data.put("environment", "prod");
        data.put("retire_after", "2027-01-31");
        data.put("replacement", Map.of("version", "1.5.0"));
        data.put("consumers", List.of("billing", "crm"));
        data.put("canary_percent", 10);
        data.put("note", "café <b>&</b> \"quoted\"");
        return new Event(id, "dev.airisk.model.deprecated", "https://registry.example.com/models", "churn@1.4.0",
                Instant.parse("2026-11-30T09:15:00.250Z"), data,
                "churn@1.4.0 is deprecated in prod and retires on 2027-01-31; move to 1.5.0 <now> & then tell us.");
    }
}
