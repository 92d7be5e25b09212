package dev.airisk.core.policy;

import dev.airisk.core.AiriskException;
import java.time.Instant;
import java.util.Locale;

/** A verified answer to one checklist item; the newest answer per item counts. */
public record ChecklistAnswer(String item, Answer answer, String evidence, String keyId, Instant at) {

    public enum Answer {
        YES, NO, PARTIAL, NOT_APPLICABLE;

        public String id() {
            return this == NOT_APPLICABLE ? "n/a" : name().toLowerCase(Locale.ROOT);
        }

        public static Answer parse(String text) {
            for (Answer a : values()) {
                if (a.id().equalsIgnoreCase(text)) {
                    return a;
                }
            }
            throw new AiriskException.InvalidInput("answer '" + text + "' is not one of yes, no, partial, n/a",
                    "answer ITEM=yes, ITEM=no, ITEM=partial or ITEM=n/a");
        }
    }
}
