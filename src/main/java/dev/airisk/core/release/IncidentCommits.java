package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.Layout;
import dev.airisk.core.model.Incident;
import dev.airisk.core.model.Incident.Entry;
import dev.airisk.core.model.Incident.Kind;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.History;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every commit that writes an incident record keeps, for {@link CommitRules} (the audit and
 * the verified reads): which records each operation may write and what a record must say. The records'
 * format and how they are read are {@link Incidents}'.
 */
final class IncidentCommits {
    private IncidentCommits() {
    }

    /** For {@link CommitRules}: the incident records a commit may write, checked in {@link #check}. */
    static Set<Kind> writable(Operation op) {
        return switch (op) {
            case INCIDENT_OPEN -> Set.of(Kind.DETECTED, Kind.OPENED);
            case INCIDENT_NOTE -> Set.of(Kind.NOTE, Kind.MITIGATED);
            case INCIDENT_ATTACH -> Set.of(Kind.ATTACHED);
            case INCIDENT_CLOSE -> Set.of(Kind.ATTACHED, Kind.CLOSED);
            case ROLLBACK -> Set.of(Kind.ROLLED_BACK);
            case MONITOR_ROLLBACK -> Set.of(Kind.DETECTED, Kind.OPENED, Kind.ROLLED_BACK);
            case FALLBACK_SET, FALLBACK_CLEAR -> Set.of();
            case INIT, REGISTER, APPROVE, REJECT, ATTACH, CHECKLIST, PROMOTE, CANARY_START, CANARY_WEIGHT, CANARY_PROMOTE, CANARY_ABORT,
                 CANARY_ANALYZE, DEPRECATE, UNDEPRECATE, TRUST, REVOKE, ENROLL, POLICY_SET, CONSUMERS_ADD, CONSUMERS_REMOVE, NOTIFY_CLAIM, NOTIFY_RECORD,
                 NOTICES_RETRY, NOTICES_ACK, GC, GC_CLAIM, MONITOR_EVALUATE, MONITOR_OVERRIDE -> Set.of();
        };
    }

    /**
     * The problem with the incident records commit {@code c} writes (paths under {@code incidents/}
     * among {@code changed}), or null: exactly one new record, in the folder of the incident its
     * {@code Airisk-Incident} trailer names, numbered next, signed by the commit's key, about the
     * incident's version, holding only the entries its operation may record ({@link #writable}), none
     * dated after the commit; an opening numbered as the next id of its day, on a version, tier and
     * environments that exist; nothing added to a closed incident; a closing with the root cause and
     * review its tier's incident rules require; a rollback entry that is the commit's own rollback.
     */
    static String check(Operation op, History.Commit c, String actor, RegistryView basis, RegistryView after, List<String> changed,
                        Attestations attestations) {
        List<String> paths = changed.stream().filter(p -> p.startsWith(Layout.INCIDENTS + "/")).toList();
        String id = c.trailer(Trailers.INCIDENT);
        if (paths.isEmpty()) {
            return id == null ? null : "names incident " + id + " but adds nothing to its timeline";
        }
        Set<Kind> kinds = writable(op);
        if (kinds.isEmpty() || id == null) {
            return "changes " + paths.get(0) + ", which its operation may not change";
        }
        if (paths.size() > 1) {
            return "writes " + paths.size() + " records of incident " + id + "; an operation writes one";
        }
        String path = paths.get(0);
        if (basis.snapshot().exists(path)) {
            return "changes " + path + ", which may not change once written";
        }
        Optional<byte[]> bytes = after.snapshot().read(path);
        if (bytes.isEmpty()) {
            return "deletes " + path + "; incident records are kept";
        }
        IncidentRecords.Stored s;
        try {
            s = IncidentRecords.parse(path, bytes.get(), basis.trustedKeys(), attestations);
        } catch (AiriskException e) {
            return "writes " + path + ", which is not a valid incident record: " + e.getMessage();
        }
        if (!s.keyId().equals(actor)) {
            return "writes " + path + " signed by another key than the one that signed the commit";
        }
        Map<String, byte[]> before = basis.files(Layout.incident(id));
        if (s.sequence() != before.size() + 1) {
            return "writes record " + s.sequence() + " of incident " + id + ", whose next record is " + (before.size() + 1);
        }
        VersionRecord record = basis.record(s.ref()).orElse(null);
        if (record == null || !record.rootDigest().equals(s.subject())) {
            return "writes " + path + " about " + s.ref() + ", which is not a registered version with that root digest";
        }
        String model = s.ref().name();
        String named = c.trailer(Trailers.VERSION);
        boolean versionNamed = s.ref().version().toString().equals(named)
                || s.entries().stream().anyMatch(e -> e.kind() == Kind.ROLLED_BACK && String.valueOf(e.to()).equals(named));
        if (!model.equals(c.trailer(Trailers.MODEL)) || !versionNamed) {
            return "writes " + path + " about " + s.ref() + ", not about the version the commit names";
        }
        for (Entry e : s.entries()) {
            if (!kinds.contains(e.kind())) {
                return "records '" + e.kind().id() + "' on incident " + id + ", which " + op.id() + " may not record";
            }
            if (e.at().isAfter(c.time().plusSeconds(1))) {
                return "records '" + e.kind().id() + "' on incident " + id + " at " + e.at() + ", after the commit's time";
            }
            if (e.kind() == Kind.ROLLED_BACK && (!rollbackOf(e, basis, after, model) || !Objects.equals(e.env(), c.trailer(Trailers.ENV)))) {
                return "records a rollback on incident " + id + " that is not the commit's own";
            }
        }
        boolean opens = s.entries().stream().anyMatch(e -> e.kind() == Kind.OPENED);
        if (before.isEmpty() != opens) {
            return opens ? "opens incident " + id + ", which exists" : "adds to incident " + id + ", which was never opened";
        }
        return opens ? opened(basis, s, record, id) : added(op, basis, attestations, s, id, before);
    }

    /**
     * Whether a rollback entry is the state change of its commit: stable {@code from} before, {@code to}
     * after, in its environment (which the commit names too).
     */
    private static boolean rollbackOf(Entry e, RegistryView basis, RegistryView after, String model) {
        if (e.env() == null || !basis.settings().environments().contains(e.env())) {
            return false;
        }
        return Objects.equals(basis.state(model).env(e.env()).stableVersion().orElse(null), e.from())
                && Objects.equals(after.state(model).env(e.env()).stableVersion().orElse(null), e.to());
    }

    /** The opening record: the next id of its day, a severity and summary, known environments, the version's tier. */
    private static String opened(RegistryView basis, IncidentRecords.Stored s, VersionRecord record, String id) {
        Incident i;
        try {
            i = IncidentRecords.fold(id, List.of(s));
            i.environments().forEach(basis::requireEnvironment);
        } catch (AiriskException e) {
            return "opens incident " + id + " with a record that says no valid incident: " + e.getMessage();
        }
        if (!id.equals(Incidents.nextId(basis.snapshot(), i.openedAt()))) {
            return "opens incident " + id + ", which is not the next incident id of its day";
        }
        if (i.tier() != record.metadata().riskTier()) {
            return "opens incident " + id + " with another risk tier than its version's";
        }
        if (i.first(Kind.DETECTED).filter(d -> d.at().isAfter(i.openedAt())).isPresent()) {
            return "opens incident " + id + " detected after it was opened";
        }
        return null;
    }

    /** A later record: the incident open, and a closing as its tier's rules require. */
    private static String added(Operation op, RegistryView basis, Attestations attestations, IncidentRecords.Stored s, String id,
                                Map<String, byte[]> before) {
        Incident i;
        try {
            i = IncidentRecords.fold(id, IncidentRecords.parse(basis, attestations, before));
        } catch (AiriskException e) {
            return "adds to incident " + id + ", whose records do not verify: " + e.getMessage();
        }
        if (!i.ref().equals(s.ref())) {
            return "adds a record about " + s.ref() + " to incident " + id + ", which is about " + i.ref();
        }
        if (i.closed()) {
            return "adds to incident " + id + ", which was closed";
        }
        boolean closes = s.entries().stream().anyMatch(e -> e.kind() == Kind.CLOSED);
        if (closes != (op == Operation.INCIDENT_CLOSE)) {
            return closes ? "closes incident " + id + " by " + op.id() : "is an incident-close that does not close incident " + id;
        }
        if (closes && basis.policy().tier(i.tier()).incidents().requireReview()) {
            Incident after = IncidentRecords.fold(i, s.entries(), s.header().get("root_cause") == null ? null : s.header().get("root_cause").toString());
            if (after.rootCause() == null || !after.has(Incident.REVIEW)) {
                return "closes incident " + id + " without the root cause and post-incident review its tier requires";
            }
        }
        return null;
    }
}
