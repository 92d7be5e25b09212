package dev.airisk.core.policy;

/** One built-in check a version must pass to enter an environment. Pure: reads its input, changes nothing. */
public interface Gate {

    /** The id used in policy.yaml and in reports, e.g. {@code metrics}. */
    String id();

    /** One line saying what the gate checks (shown by {@code airisk policy show}). */
    String description();

    GateResult evaluate(GateInput in);

    /** True when the gate reads the artifact's bytes from the store (so the audit cannot re-run it from Git alone). */
    default boolean needsStore() {
        return false;
    }
}
