package dev.airisk.core.release;

import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.ReleaseState.Env;
import dev.airisk.core.model.Version;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;

/**
 * What a rollback may go back to (an earlier stable version of the environment, or its fallback
 * version), the refusal that names the targets there are, and how a rollback is recorded: its commit's
 * trailers with the incident's timing, and the reason an incident's timeline gives it.
 */
final class RollbackTargets {
    private RollbackTargets() {
    }

    /** True when a rollback of {@code e} to {@code target} goes to the environment's fallback version. */
    static boolean fallbackUsed(Env e, Version target) {
        return target.equals(e.fallbackVersion().orElse(null)) && !target.equals(e.stableVersion().orElse(null));
    }

    /** The reason an incident's timeline records for a rollback: the reason given, and the fallback when it was used. */
    static String timelineReason(Env e, Version target, String reason) {
        return fallbackUsed(e, target) ? reason + " (to fallback version " + target + ")" : reason;
    }

    /**
     * A rollback goes back only to a version that was stable in the environment before the current one,
     * or to the environment's fallback version.
     */
    static void require(RegistryView view, Env e, ModelRef ref, String env) {
        if (e.previous().stream().anyMatch(p -> p.version().equals(ref.version())) || ref.version().equals(e.fallbackVersion().orElse(null))) {
            return;
        }
        String targets = e.previous().isEmpty() ? env + " has no earlier stable version than " + e.stableVersion().orElseThrow()
                : "roll back to one of: " + targets(e);
        String promote = "run 'airisk promote " + ref + " --to " + env + "'";
        ReleaseState.RolledBack out = e.rolledBack().stream().filter(r -> r.version().equals(ref.version())).findFirst().orElse(null);
        if (out == null) {
            throw new PolicyDenied(ref + " was never stable in " + env + ", so it is no rollback target",
                    targets + "; to release " + ref + " there, " + promote);
        }
        String why = out.reason() == null || out.reason().isBlank() ? "" : " (" + Releases.oneLine(out.reason()) + ")";
        throw new PolicyDenied(ref + " was rolled back out of " + env + " at " + out.at().truncatedTo(ChronoUnit.SECONDS)
                + why + "; a rollback goes back only to an earlier stable version", targets + "; to release " + ref + " there again, "
                + (view.policy().approvalRules().invalidateOnRollback() ? "approve it afresh and " : "") + promote);
    }

    /** The trailers of a rollback commit: the operation, target, environment, the version rolled back from, the reason, the incident timing. */
    static Trailers trailers(ModelRef ref, String env, Version current, String reason, ReleaseResult.Incident incident) {
        Trailers t = Trailers.op(Operation.ROLLBACK).ref(ref).put(Trailers.ENV, env).put(Trailers.FROM, current).put(Trailers.REASON, reason);
        return incidentTrailers(t, incident);
    }

    /** The incident timing of a rollback, when there is one: when it was opened, the time to roll back, the SLA's verdict. */
    static Trailers incidentTrailers(Trailers t, ReleaseResult.Incident incident) {
        if (incident != null) {
            t.put(incident.id() != null ? Trailers.INCIDENT : Trailers.INCIDENT_OPENED, incident.id() != null ? incident.id() : incident.openedAt());
            t.put(Trailers.TIME_TO_ROLLBACK, incident.elapsed().toSeconds() + "s");
            if (incident.sla() != null) {
                t.put(Trailers.SLA, incident.verdict() + " " + incident.sla().toSeconds() + "s");
            }
        }
        return t;
    }

    private static String targets(Env e) {
        return e.previous().stream().map(p -> p.version().toString()).collect(Collectors.joining(", "));
    }
}
