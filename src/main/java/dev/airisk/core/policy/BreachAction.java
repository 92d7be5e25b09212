package dev.airisk.core.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a breached monitoring evaluation does in an environment (policy.yaml {@code monitoring.on_breach}). */
public enum BreachAction {
    /** Record the evaluation and report the breach; nothing is blocked. */
    NOTIFY,
    /** The version cannot be promoted out of the environment until a later healthy evaluation or an override. */
    HALT,
    /** The version, when stable in the environment, is rolled back to the previous stable version. */
    ROLLBACK;

    /** The policy's spelling: {@code notify}, {@code halt}, {@code rollback}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action spelled {@code text}; IllegalArgumentException when there is none. */
    public static BreachAction parse(String text) {
        for (BreachAction a : values()) {
            if (a.id().equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException(text);
    }

    /** "notify, halt, rollback". */
    public static String choices() {
        return Arrays.stream(values()).map(BreachAction::id).collect(Collectors.joining(", "));
    }
}
