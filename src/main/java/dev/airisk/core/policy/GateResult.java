package dev.airisk.core.policy;

import java.util.Locale;

/** What one gate said: its id, pass / fail / warn, a message, and the fix (null when it passed). */
public record GateResult(String gate, Result result, String message, String fix) {

    public enum Result {
        PASS, FAIL, WARN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static GateResult pass(String gate, String message) {
        return new GateResult(gate, Result.PASS, message, null);
    }

    public static GateResult fail(String gate, String message, String fix) {
        return new GateResult(gate, Result.FAIL, message, fix);
    }

    public static GateResult warn(String gate, String message, String fix) {
        return new GateResult(gate, Result.WARN, message, fix);
    }

    /** The same result, downgraded to a warning when the policy runs the gate in warn mode. */
    public GateResult asWarning() {
        return result == Result.FAIL ? new GateResult(gate, Result.WARN, message, fix) : this;
    }
}
