package dev.airisk.cli;

import dev.airisk.core.AiriskException;

/** Exit codes, as documented in docs/exit-codes.md. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int POLICY_DENIED = 3;
    public static final int INTEGRITY = 4;
    public static final int NOT_FOUND = 5;
    public static final int CONFLICT = 6;
    public static final int UNAVAILABLE = 7;

    private ExitCodes() {
    }

    /** The one mapping from the core's failures to exit codes. */
    public static int of(Throwable t) {
        if (t instanceof AiriskException.NotFound) {
            return NOT_FOUND;
        } else if (t instanceof AiriskException.PolicyDenied) {
            return POLICY_DENIED;
        } else if (t instanceof AiriskException.IntegrityFailure) {
            return INTEGRITY;
        } else if (t instanceof AiriskException.Conflict) {
            return CONFLICT;
        } else if (t instanceof AiriskException.Unavailable) {
            return UNAVAILABLE;
        } else if (t instanceof AiriskException.InvalidInput) {
            return USAGE;
        }
        return ERROR;
    }
}
