package dev.airisk.adapters.git;

import dev.airisk.core.AiriskException;
import java.io.IOException;

/** The errors this adapter reports, worded once. */
final class Failures {
    private Failures() {
    }

    /** Where a person fixes a mistyped registry; no message suggests creating one, which in an incident would be dangerous. */
    private static final String CHECK_PATH = "check the path given with --registry or AIRISK_REGISTRY";
    private static final String CHECK_URL = "check the URL given with --registry or AIRISK_REGISTRY";

    static AiriskException.NotFound notARegistry(String location) {
        return new AiriskException.NotFound(location + " is not an airisk registry", CHECK_PATH);
    }

    static AiriskException.NotFound noSuchPath(String location) {
        return new AiriskException.NotFound("there is no registry at " + location + ": the path does not exist", CHECK_PATH);
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

    static AiriskException.Conflict busy(String location, int attempts) {
        return new AiriskException.Conflict("the registry changed " + attempts + " times while writing; try again", null);
    }

    static AiriskException.Conflict remoteBusy(String url, int attempts) {
        return new AiriskException.Conflict("the registry at " + url + " kept moving: other writers pushed first "
                + attempts + " times in a row, so nothing was written", "try again in a moment");
    }

    static AiriskException.NotFound noMainAt(String url) {
        return new AiriskException.NotFound(url + " has no main branch, so it is not an airisk registry",
                CHECK_URL);
    }

    static AiriskException.NotFound notARegistryAt(String url) {
        return new AiriskException.NotFound(url + " is a Git repository but not an airisk registry (its main branch has no registry.yaml)",
                CHECK_URL);
    }

    static AiriskException.Unavailable noCopy(String url) {
        return new AiriskException.Unavailable("there is no local copy of the registry at " + url + " to read offline",
                "run the command without --offline, or 'airisk clone " + url + "' while the remote is reachable", null);
    }

    static AiriskException.InvalidInput offlineWrite(String url) {
        return new AiriskException.InvalidInput("--offline cannot write to the registry at " + url
                + ": a write fetches from the remote and pushes to it", "run the command without --offline");
    }

    static AiriskException.Unavailable unreachable(String url, String why, Exception cause) {
        return new AiriskException.Unavailable("cannot reach the registry at " + url + ": " + why,
                "check the URL, the network and your credentials (ssh keys in ~/.ssh, known_hosts), then try again", cause);
    }

    static AiriskException.Unavailable noRepositoryAt(String url, String why, Exception cause) {
        return new AiriskException.Unavailable("there is no Git repository at " + url + ": " + why,
                "check the URL and that the repository exists on the server", cause);
    }

    static AiriskException.PolicyDenied pushRefused(String url, String why) {
        return new AiriskException.PolicyDenied("the server of " + url + " refused the push: " + why
                + " (not a race with another writer; nothing was written)",
                "ask the registry's administrators: a server hook, branch protection or permissions reject it");
    }

    static AiriskException.IntegrityFailure rewritten(String url, String cached, String remote, String cache) {
        return new AiriskException.IntegrityFailure("the main branch of " + url + " was rewound or rewritten: it is at " + remote
                + ", which does not contain " + cached + " that this machine saw there before; nothing was read or written",
                "find out who moved the registry's main branch and why; the copy in " + cache + " keeps what was seen");
    }
}
