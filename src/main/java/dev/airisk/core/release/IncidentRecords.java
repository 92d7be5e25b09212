package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.Layout;
import dev.airisk.core.model.Incident;
import dev.airisk.core.model.Incident.Attached;
import dev.airisk.core.model.Incident.Entry;
import dev.airisk.core.model.Incident.Kind;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Attestations.SignedStatement;
import dev.airisk.core.port.Attestations.Statement;
import dev.airisk.core.scan.Severity;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An incident's signed records: the in-toto statement each {@code incidents/<id>/NNNN-ACTION.json}
 * holds (its header and timeline entries), read back strictly, and folded into the incident they
 * describe. {@link Incidents} writes them; the audit ({@link IncidentCommits}) reads them.
 */
final class IncidentRecords {
    /** The predicate type of an incident's signed records. */
    static final String PREDICATE = "https://airisk.dev/incident/v1";
    private static final Pattern RECORD = Pattern.compile("([0-9]{4})-([a-z-]+)\\.json");

    private IncidentRecords() {
    }

    static Statement statement(VersionRecord record, String id, int seq, Map<String, Object> header, List<Entry> entries) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("incident", id);
        p.put("model", record.ref().name());
        p.put("version", record.ref().version().toString());
        p.put("sequence", seq);
        header.forEach((k, v) -> {
            if (v != null) {
                p.put(k, v);
            }
        });
        List<Object> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", e.kind().id());
            m.put("at", e.at().toString());
            put(m, "text", e.text());
            put(m, "environment", e.env());
            put(m, "from", e.from());
            put(m, "to", e.to());
            put(m, "evaluation", e.evaluation() == null ? null : e.evaluation().hex());
            Attached a = e.attachment();
            if (a != null) {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("kind", a.kind());
                am.put("name", a.name());
                am.put("size", a.size());
                am.put("sha256", a.sha256().hex());
                m.put("attachment", am);
            }
            list.add(m);
        }
        p.put("entries", list);
        return new Statement(PREDICATE, record.ref().name(), record.rootDigest(), p);
    }

    static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }

    /** One signed record read back. */
    record Stored(String file, int sequence, String action, String keyId, ModelRef ref, Sha256 subject, Map<String, Object> header,
                  List<Entry> entries) {
    }

    /** The records of an incident folder, verified against the trusted keys of {@code view}, in order. */
    static List<Stored> parse(RegistryView view, Attestations attestations, Map<String, byte[]> files) {
        List<Stored> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            out.add(parse(f.getKey(), f.getValue(), view.trustedKeys(), attestations));
        }
        return out;
    }

    /** One record file; IntegrityFailure naming the file when it does not verify or does not say what a record says. */
    static Stored parse(String path, byte[] bytes, Map<String, String> keys, Attestations attestations) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        Matcher m = RECORD.matcher(name);
        if (!m.matches()) {
            throw broken(path, "is not named as an incident record (NNNN-ACTION.json)");
        }
        SignedStatement s = attestations.verifyStatement(bytes, keys, path);
        Statement st = s.statement();
        if (!st.predicateType().equals(PREDICATE)) {
            throw broken(path, "has predicate type " + st.predicateType() + ", not an incident record's");
        }
        Map<String, Object> p = st.predicate();
        try {
            String id = Statements.text(p, "incident");
            if (!path.equals(Layout.incident(id) + "/" + name)) {
                throw new Statements.Malformed("names incident " + id + ", not the folder it is in");
            }
            if (!(p.get("sequence") instanceof Number n) || n.intValue() != Integer.parseInt(m.group(1))) {
                throw new Statements.Malformed("has a sequence number that is not the one in its name");
            }
            Map<String, Object> header = new LinkedHashMap<>(p);
            List.of("incident", "model", "version", "sequence", "entries").forEach(header::remove);
            List<Entry> entries = new ArrayList<>();
            if (!(p.get("entries") instanceof List<?> list) || list.isEmpty()) {
                throw new Statements.Malformed("has no entries");
            }
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> e)) {
                    throw new Statements.Malformed("has an entry that is not an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> em = (Map<String, Object>) e;
                entries.add(entry(em, s.keyId()));
            }
            return new Stored(path, Integer.parseInt(m.group(1)), m.group(2), s.keyId(), Statements.ref(st), st.subjectDigest(),
                    header, entries);
        } catch (Statements.Malformed | AiriskException | DateTimeParseException e) {
            throw broken(path, e.getMessage());
        }
    }

    static Entry entry(Map<String, Object> m, String by) {
        Kind kind = Kind.parse(Statements.text(m, "kind"));
        Instant at = Instant.parse(Statements.text(m, "at"));
        Attached a = null;
        if (m.get("attachment") instanceof Map<?, ?> am) {
            @SuppressWarnings("unchecked")
            Map<String, Object> x = (Map<String, Object>) am;
            if (!(x.get("size") instanceof Number size)) {
                throw new Statements.Malformed("has an attachment whose size is not a number");
            }
            a = new Attached(Statements.text(x, "kind"), Statements.text(x, "name"), size.longValue(),
                    Sha256.parse(Statements.text(x, "sha256")));
        }
        if ((kind == Kind.ATTACHED) != (a != null)) {
            throw new Statements.Malformed("has an entry '" + kind.id() + "' " + (a == null ? "without" : "with") + " an attachment");
        }
        String from = optional(m, "from");
        String to = optional(m, "to");
        String evaluation = optional(m, "evaluation");
        return new Entry(kind, at, by, optional(m, "text"), optional(m, "environment"), from == null ? null : Version.parse(from),
                to == null ? null : Version.parse(to), evaluation == null ? null : Sha256.parse(evaluation), a);
    }

    static String optional(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    static IntegrityFailure broken(String path, String what) {
        return new IntegrityFailure(path + " " + what, "the registry holds an incident record airisk did not write; "
                + "run 'airisk audit verify' to find the commit that wrote it");
    }

    /** The incident its records tell. */
    static Incident fold(String id, List<Stored> records) {
        Stored first = records.get(0);
        if (first.sequence() != 1 || first.entries().stream().noneMatch(e -> e.kind() == Kind.OPENED)) {
            throw broken(first.file(), "is not the opening record of incident " + id);
        }
        Map<String, Object> h = first.header();
        RiskTier tier = h.get("tier") == null ? null : RiskTier.parse(h.get("tier").toString());
        Severity severity = Severity.parse(String.valueOf(h.get("severity")));
        List<String> envs = h.get("environments") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        List<Entry> entries = new ArrayList<>();
        String cause = null;
        for (Stored s : records) {
            entries.addAll(s.entries());
            if (s.header().get("root_cause") != null) {
                cause = s.header().get("root_cause").toString();
            }
        }
        return new Incident(id, first.ref(), tier, severity, String.valueOf(h.get("summary")), Incident.environments(envs, entries),
                Incident.versions(first.ref().version(), entries), entries, cause);
    }

    /** {@code i} with more entries (and its root cause, when given). */
    static Incident fold(Incident i, List<Entry> more, String cause) {
        List<Entry> entries = new ArrayList<>(i.timeline());
        entries.addAll(more);
        return new Incident(i.id(), i.ref(), i.tier(), i.severity(), i.summary(), Incident.environments(i.environments(), more),
                Incident.versions(i.ref().version(), entries), entries, cause != null ? cause : i.rootCause());
    }

    /** The notice of an incident event to the consumers of its model. */
}
