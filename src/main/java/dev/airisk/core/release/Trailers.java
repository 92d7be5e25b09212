package dev.airisk.core.release;

import dev.airisk.core.model.ModelRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine trailers of a registry commit, in a fixed order: {@code Airisk-Op}, {@code Airisk-Model},
 * {@code Airisk-Version}, {@code Airisk-Env}, then operation-specific ones, then {@code Airisk-Actor}.
 * {@code airisk log} and {@code airisk audit verify} read them back.
 */
public final class Trailers {
    public static final String OP = "Airisk-Op";
    public static final String MODEL = "Airisk-Model";
    public static final String VERSION = "Airisk-Version";
    public static final String ENV = "Airisk-Env";
    public static final String ROLE = "Airisk-Role";
    public static final String WEIGHT = "Airisk-Weight";
    public static final String FROM = "Airisk-From";
    public static final String REASON = "Airisk-Reason";
    public static final String EMERGENCY = "Airisk-Emergency";
    public static final String GATES = "Airisk-Gates";
    public static final String KEY = "Airisk-Key";
    public static final String KIND = "Airisk-Kind";
    public static final String INCIDENT_OPENED = "Airisk-Incident-Opened-At";
    public static final String TIME_TO_ROLLBACK = "Airisk-Time-To-Rollback";
    public static final String SLA = "Airisk-Rollback-SLA";
    public static final String INCIDENT = "Airisk-Incident";
    public static final String RETIRE_ON = "Airisk-Retire-On";
    public static final String REPLACEMENT = "Airisk-Replacement";
    public static final String CONSUMER = "Airisk-Consumer";
    public static final String RUN = "Airisk-Run";
    public static final String COUNT = "Airisk-Count";
    public static final String ACTOR = "Airisk-Actor";

    private final Operation op;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Trailers(Operation op) {
        this.op = op;
        values.put(OP, op.id());
    }

    public static Trailers op(Operation op) {
        return new Trailers(op);
    }

    public Trailers ref(ModelRef ref) {
        return put(MODEL, ref.name()).put(VERSION, ref.version());
    }

    /**
     * Adds a trailer when the value is not null; newlines are folded so a trailer stays one line. Only
     * the trailers the operation's row names may be added.
     */
    public Trailers put(String key, Object value) {
        if (!op.trailers().contains(key)) {
            throw new IllegalArgumentException(op.id() + " writes no " + key + " trailer");
        }
        if (value != null) {
            values.put(key, value.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ").strip());
        }
        return this;
    }

    /** The trailers with the acting key last. */
    public Map<String, String> by(String actor) {
        Map<String, String> out = new LinkedHashMap<>(values);
        out.put(ACTOR, actor);
        return out;
    }
}
