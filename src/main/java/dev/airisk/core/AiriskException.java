package dev.airisk.core;

/**
 * The small family of failures the core reports. Each carries what went wrong and, when known,
 * how to fix it; the command line maps each kind to one exit code.
 */
public abstract sealed class AiriskException extends RuntimeException
        permits AiriskException.NotFound, AiriskException.PolicyDenied, AiriskException.IntegrityFailure,
                AiriskException.Conflict, AiriskException.Unavailable, AiriskException.InvalidInput {

    private final String fix;

    AiriskException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix;
    }

    /** How to fix it, or null. */
    public String fix() {
        return fix;
    }

    /** The one-line form: {@code what (fix)}. */
    public String oneLine() {
        return fix == null || fix.isBlank() ? getMessage() : getMessage() + " (" + fix + ")";
    }

    /** Something named does not exist (a model, a version, a key, a registry). */
    public static final class NotFound extends AiriskException {
        public NotFound(String message, String fix) { super(message, fix, null); }
    }

    /** A gate or a role check said no. */
    public static final class PolicyDenied extends AiriskException {
        public PolicyDenied(String message, String fix) { super(message, fix, null); }
    }

    /** Bytes or signatures do not match what was recorded. */
    public static final class IntegrityFailure extends AiriskException {
        public IntegrityFailure(String message, String fix) { super(message, fix, null); }
        public IntegrityFailure(String message, String fix, Throwable cause) { super(message, fix, cause); }
    }

    /** Something exists already with other content, or a concurrent writer won. */
    public static final class Conflict extends AiriskException {
        public Conflict(String message, String fix) { super(message, fix, null); }
    }

    /** A remote, the store or the file system could not be reached or written; retrying may help. */
    public static final class Unavailable extends AiriskException {
        public Unavailable(String message, String fix, Throwable cause) { super(message, fix, cause); }
    }

    /** The user gave something that cannot be used as it is. */
    public static final class InvalidInput extends AiriskException {
        public InvalidInput(String message, String fix) { super(message, fix, null); }
        public InvalidInput(String message, String fix, Throwable cause) { super(message, fix, cause); }
    }
}
