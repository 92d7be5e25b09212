package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.Layout;
import dev.airisk.core.Limits;
import dev.airisk.core.model.Incident;
import dev.airisk.core.model.Incident.Attached;
import dev.airisk.core.model.Incident.Entry;
import dev.airisk.core.model.Incident.Kind;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.Snapshot;
import dev.airisk.core.scan.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Incidents: opened, noted, documented and closed by a responder (or a releaser), each step one
 * signed record in {@code incidents/<id>/} written by one commit; rollbacks and monitoring add their
 * entries to an incident inside their own commit. Opening and closing queue the
 * {@code incident-opened} and {@code incident-closed} notices to the consumers who asked for them.
 */
public final class Incidents {
    /** What the incident operations do, as a missing role's error says it. */
    static final String PURPOSE = "open, note, attach to or close incidents";


    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final Registry registry;
    private final RegistryCodec codec;
    private final Supplier<ArtifactStore> store;
    private final Attestations attestations;
    private final Signer signer;
    private final Clock clock;

    Incidents(Registry registry, RegistryCodec codec, Supplier<ArtifactStore> store, Attestations attestations, Signer signer,
              Clock clock) {
        this.registry = registry;
        this.codec = codec;
        this.store = store;
        this.attestations = attestations;
        this.signer = signer;
        this.clock = clock;
    }

    // ---- the records, as another operation writes them inside its own commit

    /**
     * How an incident is opened.
     *
     * @param ref          the version the incident is about (the one that misbehaved)
     * @param environments the environments involved (at least one)
     * @param severity     how bad
     * @param summary      one line
     * @param detected     the detection, or null when it is the opening itself
     * @param openedAt     when it is opened
     * @param rollback     the rollback made in the same commit, or null
     */
    public record Opening(ModelRef ref, List<String> environments, Severity severity, String summary, Detection detected,
                          Instant openedAt, Rollback rollback) {
        public Opening {
            environments = List.copyOf(new LinkedHashSet<>(environments));
            if (environments.isEmpty()) {
                throw new InvalidInput("an incident needs the environment it happened in", "pass --env ENV");
            }
            if (severity == null) {
                throw new InvalidInput("an incident needs a severity", "pass --severity with one of low, medium, high, critical");
            }
            summary = requireText("the summary", summary, "pass --summary TEXT: one line saying what happened");
            if (detected != null && detected.at().isAfter(openedAt)) {
                throw new InvalidInput("the detection time " + detected.at() + " is after the incident's opening at " + openedAt,
                        "give the time the problem was seen, before now");
            }
        }
    }

    /**
     * When and how a problem was seen: by an evaluation (its digest) or by a person.
     *
     * @param at         when
     * @param evaluation the digest of the evaluation statement that found it, or null
     * @param text       how it was seen, or null
     */
    public record Detection(Instant at, Sha256 evaluation, String text) {
    }

    /**
     * A rollback recorded on an incident's timeline, made in the same commit.
     *
     * @param env    where
     * @param from   the version that was stable
     * @param to     the version stable after it
     * @param at     when
     * @param reason the reason the rollback records
     */
    public record Rollback(String env, Version from, Version to, Instant at, String reason) {
    }

    /**
     * What opening an incident writes into another operation's commit: its first signed record and
     * the {@code incident-opened} deliveries to consumers. The commit must carry the
     * {@link Trailers#INCIDENT} trailer with {@code incident.id()}.
     */
    public record Opened(Incident incident, String file, Map<String, byte[]> writes) {
    }

    /**
     * The writes that open an incident in {@code view}, signed by {@code signer}: the next free id of
     * the opening's day, a first record with a {@code detected} entry (when given), {@code opened} and
     * {@code rolled-back} (when given), and the notices. For an operation that opens an incident inside
     * its own single commit (a rollback by monitoring); {@link CommitRules} checks the record. That
     * operation's row in {@link Operation} lists the {@link Trailers#INCIDENT} trailer and may write the
     * incident's folder, {@link IncidentCommits#writable} lets it record {@code detected}, {@code opened} and
     * {@code rolled-back}, and its commit names the model and either the incident's version or the
     * version rolled back to; the rollback entry must be the commit's own state change.
     */
    static Opened opening(RegistryView view, RegistryCodec codec, Attestations attestations, Signer signer, Opening o) {
        VersionRecord record = view.requireRecord(o.ref());
        o.environments().forEach(view::requireEnvironment);
        String id = nextId(view.snapshot(), o.openedAt());
        String by = signer.keyId();
        List<Entry> entries = new ArrayList<>();
        Detection d = o.detected();
        if (d != null) {
            entries.add(new Entry(Kind.DETECTED, d.at(), by, d.text(), null, null, null, d.evaluation(), null));
        }
        entries.add(Entry.of(Kind.OPENED, o.openedAt(), by, null));
        Rollback r = o.rollback();
        if (r != null) {
            entries.add(rolledBackEntry(r, by));
        }
        RiskTier tier = record.metadata().riskTier();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("tier", tier == null ? null : tier.id());
        header.put("severity", o.severity().id());
        header.put("summary", o.summary());
        header.put("environments", List.copyOf(o.environments()));
        String file = Layout.incidentRecord(id, 1, "opened");
        Map<String, byte[]> writes = new LinkedHashMap<>();
        writes.put(file, attestations.signStatement(IncidentRecords.statement(record, id, 1, header, entries), signer));
        Incident incident = new Incident(id, o.ref(), tier, o.severity(), o.summary(),
                Incident.environments(o.environments(), entries), Incident.versions(o.ref().version(), entries), entries, null);
        writes.putAll(Outbox.queue(view, codec, List.of(notice(incident, Outbox.INCIDENT_OPENED, o.openedAt()))));
        return new Opened(incident, file, writes);
    }

    /**
     * The record a rollback adds to an open incident (see {@link #requireOf}) in its own commit (with the
     * {@link Trailers#INCIDENT} trailer): path to bytes.
     */
    static Map<String, byte[]> rolledBack(RegistryView view, Attestations attestations, Signer signer, Incident incident, Rollback r) {
        String id = incident.id();
        return Map.of(nextFile(view.snapshot(), id, "rolled-back"), attestations.signStatement(
                IncidentRecords.statement(view.requireRecord(incident.ref()), id, sequence(view.snapshot(), id), Map.of(),
                        List.of(rolledBackEntry(r, signer.keyId()))), signer));
    }

    /** {@code incident} when it is open and about {@code model}: Conflict for a closed one, PolicyDenied for one of another model. */
    static Incident requireOf(Incident incident, String model) {
        requireOpen(incident);
        if (!incident.ref().name().equals(model)) {
            throw new PolicyDenied("incident " + incident.id() + " is about " + incident.ref() + ", not about " + model,
                    "link the rollback to an incident of " + model + "; see 'airisk incident list --model " + model + "'");
        }
        return incident;
    }

    private static Entry rolledBackEntry(Rollback r, String by) {
        return new Entry(Kind.ROLLED_BACK, r.at(), by, r.reason(), r.env(), r.from(), r.to(), null, null);
    }

    /** An incident as the registry {@code view} holds it; NotFound when there is none with that id. */
    static Incident read(RegistryView view, Attestations attestations, String id) {
        Incident.requireId(id);
        Map<String, byte[]> files = view.files(Layout.incident(id));
        if (files.isEmpty()) {
            throw new NotFound("incident " + id + " does not exist", "see 'airisk incident list'");
        }
        return IncidentRecords.fold(id, IncidentRecords.parse(view, attestations, files));
    }

    /** The store blobs documents attached to any incident are kept in (gc keeps them). */
    static Set<Sha256> documents(RegistryView view, Attestations attestations) {
        Set<Sha256> out = new HashSet<>();
        for (String id : view.snapshot().children(Layout.INCIDENTS)) {
            read(view, attestations, id).attachments().forEach(a -> out.add(a.sha256()));
        }
        return out;
    }

    // ---- the use-cases

    /** What an incident command did: the incident after it, the record written (null when nothing was) and the commit. */
    public record Written(Incident incident, String file, String commit) {
    }

    /** The incident as {@code show} reports it: with detection-to-rollback time against the tier's rollback SLA. */
    public record Report(Incident incident, Duration detectionToRollback, Duration sla, String slaVerdict, boolean reviewRequired) {
    }

    /** Opens an incident about {@code ref}; {@code detectedAt} (null: now) is when the problem was seen. */
    public Written open(ModelRef ref, List<String> environments, Severity severity, String summary, Instant detectedAt,
                        String detectedHow) {
        Instant now = clock.instant();
        if (detectedAt != null && detectedAt.isAfter(now)) {
            throw new InvalidInput("the detection time " + detectedAt + " is in the future",
                    "give the time the problem was seen, e.g. 2026-11-26T09:41:00Z");
        }
        new Opening(ref, environments, severity, summary, null, now, null);
        String how = detectedHow == null ? null : requireText("the detection", detectedHow, "say how it was seen in one line");
        RegistryView before = view(registry.head());
        before.requireRecord(ref);
        environments.forEach(before::requireEnvironment);
        Actors.require(before, signer, Operation.INCIDENT_OPEN);
        signer.ready();
        Registry.Committed<Opened> done = registry.update(head -> {
            RegistryView view = view(head);
            Actors.require(view, signer, Operation.INCIDENT_OPEN);
            Instant at = clock.instant();
            Detection d = detectedAt == null && how == null ? null : new Detection(detectedAt == null ? at : detectedAt, null, how);
            Opened o = opening(view, codec, attestations, signer, new Opening(ref, environments, severity, summary, d, at, null));
            Incident i = o.incident();
            return new Change<>(o, o.writes(), CommitMessage.of("Open incident " + i.id() + " (" + severity.id() + ") on " + ref
                    + " in " + String.join(", ", i.environments()) + ": " + Releases.oneLine(i.summary()),
                    Trailers.op(Operation.INCIDENT_OPEN).ref(ref).put(Trailers.INCIDENT, i.id()).by(signer.keyId())));
        });
        return new Written(done.result().incident(), done.result().file(), done.commitId());
    }

    /** Adds a note to an open incident's timeline; {@code mitigated} records that the harm was stopped. */
    public Written note(String id, String text, boolean mitigated, Instant at) {
        String note = mitigated && (text == null || text.isBlank()) ? null
                : requireText("the note", text, "pass --text TEXT");
        Kind kind = mitigated ? Kind.MITIGATED : Kind.NOTE;
        return append(id, Operation.INCIDENT_NOTE, mitigated ? "mitigated" : "note", null, (view, incident, now) -> {
            Instant when = at == null ? now : at;
            if (when.isAfter(now)) {
                throw new InvalidInput("the time " + when + " is in the future", "give the time it happened, or leave --at out");
            }
            if (when.isBefore(incident.detectedAt())) {
                throw new InvalidInput("the time " + when + " is before the incident was detected (" + incident.detectedAt() + ")",
                        "give the time it happened, after the detection");
            }
            return new Appended(List.of(Entry.of(kind, when, signer.keyId(), note)), Map.of(), Map.of(),
                    (mitigated ? "Mitigated" : "Note on") + " incident " + id + (note == null ? "" : ": " + Releases.oneLine(note)));
        });
    }

    /** Attaches a document (kind e.g. {@code inputs} or {@code post-incident-review}), stored in the store under its digest. */
    public Written attach(String id, String kind, Path document) {
        Evidence.requireDocument(kind, document, "inputs or " + Incident.REVIEW);
        precheck(id, Operation.INCIDENT_ATTACH);
        Attached a = store(kind, document);
        return append(id, Operation.INCIDENT_ATTACH, "attached", kind, (view, incident, now) ->
                new Appended(List.of(new Entry(Kind.ATTACHED, now, signer.keyId(), null, null, null, null, null, a)), Map.of(), Map.of(),
                        "Attach " + kind + " '" + a.name() + "' (" + Bytes.human(a.size()) + ", " + a.sha256().shortHex()
                                + ") to incident " + id));
    }

    /**
     * Closes an open incident with its root cause; {@code review} (or null) is the post-incident review
     * document, attached in the same record. A tier whose incident rules require a review needs the root
     * cause and a review (attached before or now).
     */
    public Written close(String id, String rootCause, Path review) {
        String cause = rootCause == null || rootCause.isBlank() ? null
                : requireText("the root cause", rootCause, "pass --root-cause TEXT");
        if (review != null) {
            Evidence.requireDocument(Incident.REVIEW, review, Incident.REVIEW);
        }
        Incident known = precheck(id, Operation.INCIDENT_CLOSE);
        requireReview(view(registry.head()).policy(), known, cause, review != null);
        Attached a = review == null ? null : store(Incident.REVIEW, review);
        return append(id, Operation.INCIDENT_CLOSE, "closed", null, (view, incident, now) -> {
            requireReview(view.policy(), incident, cause, a != null);
            List<Entry> entries = new ArrayList<>();
            if (a != null) {
                entries.add(new Entry(Kind.ATTACHED, now, signer.keyId(), null, null, null, null, null, a));
            }
            entries.add(Entry.of(Kind.CLOSED, now, signer.keyId(), null));
            Map<String, Object> header = new LinkedHashMap<>();
            if (cause != null) {
                header.put("root_cause", cause);
            }
            Incident closed = IncidentRecords.fold(incident, entries, cause);
            return new Appended(entries, header, Outbox.queue(view, codec, List.of(notice(closed, Outbox.INCIDENT_CLOSED, now))),
                    "Close incident " + id + (cause == null ? "" : ": " + Releases.oneLine(cause)));
        });
    }

    /** Incidents, newest first: of one model (null: all), and only the open ones unless {@code all}. */
    public List<Incident> list(String model, boolean all) {
        RegistryView view = view(registry.head());
        if (model != null) {
            view.requireModel(model);
        }
        List<Incident> out = new ArrayList<>();
        for (String id : view.snapshot().children(Layout.INCIDENTS)) {
            Incident i = read(view, attestations, id);
            if ((model == null || i.ref().name().equals(model)) && (all || !i.closed())) {
                out.add(i);
            }
        }
        out.sort(Comparator.comparing(Incident::openedAt).reversed().thenComparing(Incident::id));
        return out;
    }

    /** One incident, with its detection-to-rollback time against its tier's rollback SLA. */
    public Report show(String id) {
        RegistryView view = view(registry.head());
        return report(view.policy(), read(view, attestations, id), clock.instant());
    }

    /** The report of an incident; an incident not rolled back yet is measured until {@code now} against the SLA. */
    static Report report(Policy policy, Incident i, Instant now) {
        Duration elapsed = i.detectionToRollback().orElse(null);
        Duration sla = policy.tier(i.tier()).rollbackSla();
        String verdict = null;
        if (sla != null) {
            if (elapsed != null) {
                verdict = elapsed.compareTo(sla) <= 0 ? "met" : "missed";
            } else if (!i.closed()) {
                verdict = Duration.between(i.detectedAt(), now).compareTo(sla) <= 0 ? "pending" : "missed";
            }
        }
        return new Report(i, elapsed, sla, verdict, policy.tier(i.tier()).incidents().requireReview());
    }

    // ---- writing one record

    /** What one step adds: entries, header fields, outbox deliveries, the commit subject. */
    private record Appended(List<Entry> entries, Map<String, Object> header, Map<String, byte[]> outbox, String subject) {
    }

    private interface Step {
        Appended apply(RegistryView view, Incident incident, Instant now);
    }

    /** Fails fast, before anything is stored: a bad id, a missing role, an unknown or closed incident. */
    private Incident precheck(String id, Operation op) {
        Incident.requireId(id);
        RegistryView before = view(registry.head());
        Actors.require(before, signer, op);
        return requireOpen(read(before, attestations, id));
    }

    private Written append(String id, Operation op, String action, String kind, Step step) {
        precheck(id, op);
        signer.ready();
        Registry.Committed<Written> done = registry.update(head -> {
            RegistryView view = view(head);
            Actors.require(view, signer, op);
            Incident incident = requireOpen(read(view, attestations, id));
            Instant now = clock.instant();
            Appended a = step.apply(view, incident, now);
            int seq = sequence(head, id);
            String file = Layout.incidentRecord(id, seq, action);
            Map<String, byte[]> writes = new LinkedHashMap<>();
            writes.put(file, attestations.signStatement(IncidentRecords.statement(view.requireRecord(incident.ref()), id, seq, a.header(), a.entries()),
                    signer));
            writes.putAll(a.outbox());
            Trailers t = Trailers.op(op).ref(incident.ref()).put(Trailers.INCIDENT, id);
            if (kind != null) {
                t.put(Trailers.KIND, kind);
            }
            Object cause = a.header().get("root_cause");
            Incident after = IncidentRecords.fold(incident, a.entries(), cause == null ? null : cause.toString());
            return new Change<>(new Written(after, file, null), writes, CommitMessage.of(a.subject(), t.by(signer.keyId())));
        });
        return new Written(done.result().incident(), done.result().file(), done.commitId());
    }

    private Attached store(String kind, Path document) {
        Evidence.Stored s = Evidence.store(store.get(), signer, document);
        return new Attached(kind, s.name(), s.size(), s.sha256());
    }

    // ---- rules

    private static Incident requireOpen(Incident i) {
        if (i.closed()) {
            throw new Conflict("incident " + i.id() + " is closed", "open a new incident with 'airisk incident open'");
        }
        return i;
    }

    private static void requireReview(Policy policy, Incident i, String cause, boolean reviewNow) {
        if (!policy.tier(i.tier()).incidents().requireReview()) {
            return;
        }
        String tier = i.tier() == null ? "its" : "the " + i.tier().id() + " risk tier's";
        if (cause == null) {
            throw new PolicyDenied("incident " + i.id() + " cannot be closed without a root cause (" + tier + " incident rules)",
                    "pass --root-cause TEXT");
        }
        if (!reviewNow && !i.has(Incident.REVIEW)) {
            throw new PolicyDenied("incident " + i.id() + " cannot be closed without a post-incident review (" + tier
                    + " incident rules)", "pass --review FILE, or attach it first with 'airisk incident attach " + i.id()
                    + " --kind " + Incident.REVIEW + " FILE'");
        }
    }

    static String requireText(String what, String text, String fix) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput(what + " is empty", fix);
        }
        String t = text.strip();
        Limits.INCIDENT_TEXT.check(what, t.length());
        return t;
    }

    // ---- ids and files

    /** The next free id of the day of {@code at}: INC-YYYYMMDD-N. */
    static String nextId(Snapshot snapshot, Instant at) {
        String prefix = "INC-" + DAY.format(LocalDate.ofInstant(at, ZoneOffset.UTC)) + "-";
        int most = 0;
        for (String name : snapshot.children(Layout.INCIDENTS)) {
            if (name.startsWith(prefix)) {
                try {
                    most = Math.max(most, Integer.parseInt(name.substring(prefix.length())));
                } catch (NumberFormatException e) {
                    // not an incident folder; CommitRules never lets one be written
                }
            }
        }
        return prefix + (most + 1);
    }

    /** The sequence number of an incident's next record. */
    static int sequence(Snapshot snapshot, String id) {
        return snapshot.children(Layout.incident(id)).size() + 1;
    }

    private static String nextFile(Snapshot snapshot, String id, String action) {
        return Layout.incidentRecord(id, sequence(snapshot, id), action);
    }

    private static Outbox.Notice notice(Incident i, String type, Instant at) {
        Map<String, String> data = Outbox.data(i.ref());
        data.put("incident", i.id());
        data.put("severity", i.severity().id());
        data.put("environments", String.join(",", i.environments()));
        data.put("summary", i.summary());
        if (i.rootCause() != null) {
            data.put("root_cause", i.rootCause());
        }
        String text = type.equals(Outbox.INCIDENT_OPENED)
                ? "Incident " + i.id() + " (" + i.severity().id() + ") opened on " + i.ref() + " in " + String.join(", ", i.environments())
                        + ": " + Releases.oneLine(i.summary())
                : "Incident " + i.id() + " on " + i.ref() + " closed" + (i.rootCause() == null ? "." : ": " + Releases.oneLine(i.rootCause()));
        return new Outbox.Notice(type, i.ref(), at, at, data, text);
    }

    private RegistryView view(Snapshot s) {
        return new RegistryView(s, codec);
    }
}
