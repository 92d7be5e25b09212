package dev.airisk.cli;

import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.model.Durations;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.policy.GateReport;
import dev.airisk.core.policy.GateResult;
import dev.airisk.core.release.Lifecycle;
import dev.airisk.core.release.ReleaseResult;
import dev.airisk.core.release.Releases;
import dev.airisk.core.release.Services;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How gate reports, release results and release states are shown, as text and as JSON (see docs/json.md). */
final class ReleaseOutput {
    private ReleaseOutput() {
    }

    /** One row per gate; a gate's fix on the row under its message. */
    static void gates(PrintWriter out, GateReport report) {
        Table t = new Table("GATE", "RESULT", "MESSAGE");
        for (GateResult r : report.results()) {
            t.row(r.gate(), r.result().id(), r.message());
            if (r.fix() != null && !r.fix().isBlank()) {
                t.note("fix: " + r.fix());
            }
        }
        t.print(out);
    }

    static List<Map<String, Object>> gatesJson(GateReport report) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GateResult r : report.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gate", r.gate());
            m.put("result", r.result().id());
            m.put("message", r.message());
            m.put("fix", r.fix());
            out.add(m);
        }
        return out;
    }

    /** The release operations, as dry runs with {@code --dry-run}. */
    static Releases releases(Services services, DryRunOption dryRun) {
        return dryRun.on ? services.releases().dryRun() : services.releases();
    }

    /**
     * Prints a release result (its warnings also on stderr); throws PolicyDenied (exit 3) after printing
     * when gates said no.
     */
    static int print(picocli.CommandLine.Model.CommandSpec spec, OutputOptions output, ReleaseResult r) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        r.warnings().forEach(w -> err.println("airisk: warning: " + w));
        err.flush();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", r.op().id());
            m.put("model", r.model());
            m.put("env", r.env());
            m.put("version", r.version());
            m.put("from", r.from());
            m.put("allowed", r.allowed());
            m.put("changed", r.changed());
            m.put("dry_run", r.dryRun());
            m.put("commit", r.commit());
            m.put("reason", r.reason());
            m.put("emergency", r.emergency());
            m.put("aborted_canary", r.abortedCanary());
            m.put("fallback", r.fallbackUsed());
            m.put("warnings", r.warnings());
            if (r.incident() != null) {
                Map<String, Object> i = new LinkedHashMap<>();
                if (r.incident().id() != null) {
                    i.put("id", r.incident().id());
                    i.put("detected_at", r.incident().openedAt());
                } else {
                    i.put("opened_at", r.incident().openedAt());
                }
                i.put("seconds_to_rollback", r.incident().elapsed().toSeconds());
                i.put("sla_seconds", r.incident().sla() == null ? null : r.incident().sla().toSeconds());
                i.put("sla", r.incident().verdict());
                m.put("incident", i);
            }
            m.put("state", env(r.after()));
            m.put("gates", r.gates() == null ? null : gatesJson(r.gates()));
            Json.print(out, m);
        } else {
            if (r.gates() != null && (!r.allowed() || !r.gates().warnings().isEmpty())) {
                gates(out, r.gates());
            }
            out.println(text(r));
            out.flush();
        }
        if (!r.allowed()) {
            throw new PolicyDenied(r.model() + "@" + r.version() + " may not enter " + r.env() + ": " + r.gates().summary(),
                    "fix what the gates report; 'airisk check " + r.model() + "@" + r.version() + " --to " + r.env() + "' shows them");
        }
        return ExitCodes.OK;
    }

    private static String text(ReleaseResult r) {
        String ref = r.model() + "@" + r.version();
        if (!r.allowed()) {
            return ref + (r.dryRun() ? " would not be moved: " : " was not moved: ") + r.gates().summary();
        }
        if (!r.changed()) {
            return switch (r.op()) {
                case ROLLBACK -> ref + " is the current stable version in " + r.env() + "; nothing to roll back";
                case CANARY_START, CANARY_WEIGHT -> ref + " is already the canary in " + r.env() + " at that weight; nothing changed";
                case PROMOTE, CANARY_PROMOTE, CANARY_ABORT -> ref + " is already stable in " + r.env() + "; nothing changed";
                case FALLBACK_SET -> ref + " is already the fallback in " + r.env() + "; nothing changed";
                case FALLBACK_CLEAR -> notARelease(r);
                case INIT, REGISTER, APPROVE, REJECT, ATTACH, CHECKLIST, DEPRECATE, UNDEPRECATE, TRUST, REVOKE, ENROLL, POLICY_SET, CONSUMERS_ADD,
                     CONSUMERS_REMOVE, NOTIFY_CLAIM, NOTIFY_RECORD, NOTICES_RETRY, NOTICES_ACK, GC, GC_CLAIM,
                 INCIDENT_OPEN, INCIDENT_NOTE, INCIDENT_ATTACH, INCIDENT_CLOSE, MONITOR_EVALUATE, MONITOR_OVERRIDE, CANARY_ANALYZE,
                     MONITOR_ROLLBACK -> notARelease(r);
            };
        }
        boolean dry = r.dryRun();
        String was = r.from() == null ? "" : " (was " + r.from() + ")";
        String line = switch (r.op()) {
            case PROMOTE, CANARY_PROMOTE -> (dry ? "Would " + (r.emergency() ? "emergency-promote " : "promote ")
                    : r.emergency() ? "Emergency-promoted " : "Promoted ") + ref + " to " + r.env() + was;
            case CANARY_START -> (dry ? "Would start canary " : "Started canary ") + ref + " in " + r.env()
                    + (r.after().canary().shadow() ? " as a shadow (mirrored traffic; its answers are not served)"
                    : " at " + r.after().canary().weight() + "%");
            case CANARY_WEIGHT -> dry ? "Would set canary " + ref + " in " + r.env() + " to " + r.after().canary().weight() + "%"
                    : "Canary " + ref + " in " + r.env() + " now at " + r.after().canary().weight() + "%";
            case CANARY_ABORT -> (dry ? "Would abort canary " : "Aborted canary ") + ref + " in " + r.env() + "; " + r.from()
                    + " stays stable";
            case ROLLBACK -> (dry ? "Would roll back " : "Rolled back ") + r.model() + " in " + r.env() + " from " + r.from()
                    + " to " + (r.fallbackUsed() ? "the fallback version " : "") + r.version()
                    + (r.abortedCanary() != null ? " (canary " + r.abortedCanary() + " aborted)" : "");
            case FALLBACK_SET -> (dry ? "Would set the fallback of " : "Set the fallback of ") + r.model() + " in " + r.env() + " to "
                    + r.version();
            case FALLBACK_CLEAR -> (dry ? "Would clear fallback " : "Cleared fallback ") + ref + " in " + r.env();
            case INIT, REGISTER, APPROVE, REJECT, ATTACH, CHECKLIST, DEPRECATE, UNDEPRECATE, TRUST, REVOKE, ENROLL, POLICY_SET, CONSUMERS_ADD,
                 CONSUMERS_REMOVE, NOTIFY_CLAIM, NOTIFY_RECORD, NOTICES_RETRY, NOTICES_ACK, GC, GC_CLAIM,
                 INCIDENT_OPEN, INCIDENT_NOTE, INCIDENT_ATTACH, INCIDENT_CLOSE, MONITOR_EVALUATE, MONITOR_OVERRIDE, CANARY_ANALYZE,
                     MONITOR_ROLLBACK -> notARelease(r);
        };
        if (r.incident() != null) {
            line += "; " + Durations.human(r.incident().elapsed()) + (r.incident().id() == null ? " from incident to rollback"
                    : " from detection of incident " + r.incident().id() + " to rollback")
                    + (r.incident().sla() == null ? "" : ", SLA " + Durations.human(r.incident().sla()) + " " + r.incident().verdict());
        }
        return line + (r.commit() == null ? "" : " [" + r.commit().substring(0, 12) + "]");
    }

    private static String notARelease(ReleaseResult r) {
        throw new IllegalStateException(r.op().id() + " is not a release operation");
    }

    /** The JSON form of one environment's state: the contract deployment tooling reads. */
    static Map<String, Object> env(ReleaseState.Env e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stable", e.stable() == null ? null : stable(e.stable()));
        m.put("canary", e.canary() == null ? null : canary(e.canary()));
        m.put("previous", e.previous().stream().map(ReleaseOutput::stable).toList());
        m.put("rolled_back", e.rolledBack().stream().map(ReleaseOutput::rolledBack).toList());
        m.put("fallback", e.fallback() == null ? null : fallback(e));
        return m;
    }

    private static Map<String, Object> fallback(ReleaseState.Env e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", e.fallback().version());
        m.put("since", e.fallback().since());
        m.put("by", e.fallback().by());
        m.put("serving", e.onFallback());
        return m;
    }

    private static Map<String, Object> stable(ReleaseState.Stable s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", s.version());
        m.put("since", s.since());
        m.put("until", s.until());
        m.put("by", s.by());
        return m;
    }

    private static Map<String, Object> canary(ReleaseState.Canary c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", c.version());
        m.put("weight", c.weight());
        m.put("shadow", c.shadow());
        m.put("since", c.since());
        m.put("by", c.by());
        return m;
    }

    private static Map<String, Object> rolledBack(ReleaseState.RolledBack r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", r.version());
        m.put("at", r.at());
        m.put("by", r.by());
        m.put("reason", r.reason());
        return m;
    }

    /** A version's lifecycle as JSON (see docs/json.md). */
    static Map<String, Object> lifecycle(Lifecycle l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", l.ref().version().toString());
        m.put("state", l.state());
        m.put("retire_on", l.retireOn() == null ? null : l.retireOn().toString());
        m.put("replacement", l.replacement() == null ? null : l.replacement().toString());
        m.put("reason", l.reason());
        m.put("deprecated_at", l.deprecatedAt() == null ? null : l.deprecatedAt().toString());
        m.put("collected_at", l.collectedAt() == null ? null : l.collectedAt().toString());
        return m;
    }
}
