package dev.airisk.core.release;

import dev.airisk.core.model.Collected;
import dev.airisk.core.model.Deprecation;
import dev.airisk.core.model.ModelRef;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Where a version is in its life: active, deprecated (retires on a date), retired (on and after that
 * date, 00:00 UTC), or collected (retired, and its artifacts deleted under retention).
 *
 * @param ref          the version
 * @param state        {@code active}, {@code deprecated}, {@code retired} or {@code collected}
 * @param retireOn     the retirement date, or null when active
 * @param replacement  what to use instead, or null
 * @param reason       why it was deprecated, or null
 * @param deprecatedAt when it was deprecated, or null
 * @param collectedAt  when its artifacts were collected, or null
 */
public record Lifecycle(ModelRef ref, String state, LocalDate retireOn, ModelRef replacement, String reason,
                        Instant deprecatedAt, Instant collectedAt) {

    static Lifecycle of(RegistryView view, ModelRef ref, Instant now) {
        Deprecation d = view.deprecation(ref).orElse(null);
        Collected c = view.collected(ref).orElse(null);
        if (d == null) {
            return new Lifecycle(ref, c == null ? "active" : "collected", null, null, null, null, c == null ? null : c.at());
        }
        String state = c != null ? "collected" : d.retired(now) ? "retired" : "deprecated";
        return new Lifecycle(ref, state, d.retireOn(), d.replacement(), d.reason(), d.at(), c == null ? null : c.at());
    }

    public boolean active() {
        return "active".equals(state);
    }

    /** One line for people: {@code deprecated, retires on 2026-12-01 (use churn@1.4.0)}. */
    public String describe() {
        String instead = replacement == null ? "" : " (use " + replacement + ")";
        return switch (state) {
            case "deprecated" -> "deprecated, retires on " + retireOn + instead;
            case "retired" -> "retired on " + retireOn + instead;
            case "collected" -> "retired" + (retireOn == null ? "" : " on " + retireOn) + ", artifacts collected under retention"
                    + instead;
            default -> "active";
        };
    }
}
