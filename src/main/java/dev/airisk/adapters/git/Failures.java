package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import java.io.IOException;

/** The errors this adapter reports, worded once. */
final class Failures {
    private Failures() {
    }

    static AiriskException.NotFound notARegistry(String location) {
        return new AiriskException.NotFound(location + " is not an airisk registry",
                "run 'airisk init --registry " + location + "'");
    }

    static AiriskException.NotFound unknownCommit(String location, String commitId) {
        return new AiriskException.NotFound("commit '" + commitId + "' is not in the registry at " + location,
                "give a full commit id that 'airisk log' shows");
    }

    static AiriskException.Unavailable unreadable(String location, IOException cause) {
        return new AiriskException.Unavailable("cannot read the registry at " + location + ": " + cause.getMessage(),
                "check that the path is readable and is a Git repository", cause);
    }

    static AiriskException.Unavailable unwritable(String location, IOException cause) {
        return new AiriskException.Unavailable("cannot write the registry at " + location + ": " + cause.getMessage(),
                "check that the path is writable and has free space", cause);
    }

    static AiriskException.InvalidInput noActingKey(String location) {
        return new AiriskException.InvalidInput("no acting key",
                "the registry at " + location + " was opened read-only; writing needs a signing key");
    }
}
