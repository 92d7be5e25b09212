package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.scan.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An incident with a model version in production, as its signed records in the registry tell it
 * ({@code incidents/<id>/}): what it is about, how bad, and its timeline.
 *
 * @param id           e.g. {@code INC-20261204-1}
 * @param ref          the version the incident is about (the one that misbehaved)
 * @param tier         the risk tier of that version when the incident was opened (its rollback SLA and closing rules)
 * @param severity     how bad
 * @param summary      one line saying what happened
 * @param environments the environments involved: those named when it was opened, then those rolled back in
 * @param versions     the versions involved: {@code ref}'s, then every version rolled back to
 * @param timeline     what happened, in the order it was recorded
 * @param rootCause    the root cause recorded when it was closed, or null
 */
public record Incident(String id, ModelRef ref, RiskTier tier, Severity severity, String summary, List<String> environments,
                       List<Version> versions, List<Entry> timeline, String rootCause) {
    private static final Pattern ID = Pattern.compile("INC-[0-9]{8}-[1-9][0-9]{0,5}");

    /** What an incident id looks like. */
    public static final String ID_RULE = "INC-YYYYMMDD-N, e.g. INC-20261204-1";

    /** The attachment kind of the post-incident review document. */
    public static final String REVIEW = "post-incident-review";

    /** The attachment kind of an archive of the model's inputs during the incident. */
    public static final String INPUTS = "inputs";

    public Incident {
        requireId(id);
        environments = List.copyOf(environments);
        versions = List.copyOf(versions);
        timeline = List.copyOf(timeline);
    }

    /** {@code id} when it is an incident id; else InvalidInput. */
    public static String requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInput("'" + id + "' is not an incident id", "incident ids look like " + ID_RULE
                    + "; see 'airisk incident list'");
        }
        return id;
    }

    /** True once a {@code closed} entry is recorded. */
    public boolean closed() {
        return first(Kind.CLOSED).isPresent();
    }

    /** The first entry of a kind. */
    public Optional<Entry> first(Kind kind) {
        return timeline.stream().filter(e -> e.kind() == kind).findFirst();
    }

    /** When the incident was opened. */
    public Instant openedAt() {
        return first(Kind.OPENED).map(Entry::at).orElseThrow();
    }

    /** When the problem was detected: the {@code detected} entry's time, else the opening time. */
    public Instant detectedAt() {
        return first(Kind.DETECTED).map(Entry::at).orElseGet(this::openedAt);
    }

    /** The first rollback recorded for the incident, if any. */
    public Optional<Entry> rollback() {
        return first(Kind.ROLLED_BACK);
    }

    /** From detection to the first rollback; empty when nothing was rolled back. */
    public Optional<Duration> detectionToRollback() {
        return rollback().map(r -> Duration.between(detectedAt(), r.at()));
    }

    /** The documents attached, in the order they were. */
    public List<Attached> attachments() {
        return timeline.stream().filter(e -> e.attachment() != null).map(Entry::attachment).toList();
    }

    /** True when a document of this kind is attached. */
    public boolean has(String kind) {
        return attachments().stream().anyMatch(a -> a.kind().equals(kind));
    }

    /** The timeline sorted by time (entries recorded later but dated earlier, such as a detection, in their place). */
    public List<Entry> byTime() {
        List<Entry> out = new ArrayList<>(timeline);
        out.sort(Comparator.comparing(Entry::at));
        return out;
    }

    /** The environments and versions involved after more entries are recorded: the ones named by rollbacks join. */
    public static List<String> environments(List<String> opened, List<Entry> entries) {
        Set<String> out = new LinkedHashSet<>(opened);
        entries.stream().filter(e -> e.env() != null).forEach(e -> out.add(e.env()));
        return List.copyOf(out);
    }

    /** The versions involved: {@code ref}'s, then each one rolled back to or from. */
    public static List<Version> versions(Version first, List<Entry> entries) {
        Set<Version> out = new LinkedHashSet<>();
        out.add(first);
        for (Entry e : entries) {
            if (e.from() != null) {
                out.add(e.from());
            }
            if (e.to() != null) {
                out.add(e.to());
            }
        }
        return List.copyOf(out);
    }

    /** What a timeline entry records. */
    public enum Kind {
        /** The problem was seen: by a breaching evaluation (its digest) or by a person (the time they give). */
        DETECTED,
        /** The incident was opened. */
        OPENED,
        /** A version was rolled back in an environment because of the incident. */
        ROLLED_BACK,
        /** The harm was stopped (a person says so). */
        MITIGATED,
        /** A note. */
        NOTE,
        /** A document was attached (stored in the store, content-addressed). */
        ATTACHED,
        /** The incident was closed. */
        CLOSED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.id().equals(text)) {
                    return k;
                }
            }
            throw new InvalidInput("timeline entry '" + text + "' is not a known kind", null);
        }
    }

    /**
     * One timeline entry.
     *
     * @param kind       what it records
     * @param at         when it happened
     * @param by         the key id that signed it
     * @param text       a note, the reason of a rollback, or null
     * @param env        the environment of a rollback, or null
     * @param from       the version rolled back from, or null
     * @param to         the version rolled back to, or null
     * @param evaluation the digest of the evaluation that detected the problem, or null
     * @param attachment the document an {@code attached} entry records, or null
     */
    public record Entry(Kind kind, Instant at, String by, String text, String env, Version from, Version to, Sha256 evaluation,
                        Attached attachment) {
        public Entry {
            if (kind == null || at == null) {
                throw new IllegalArgumentException("a timeline entry has a kind and a time");
            }
        }

        /** An entry that records only its kind, time, signer and maybe a note. */
        public static Entry of(Kind kind, Instant at, String by, String text) {
            return new Entry(kind, at, by, text, null, null, null, null, null);
        }
    }

    /**
     * A document attached to an incident, kept in the store under its digest.
     *
     * @param kind   e.g. {@link #INPUTS} or {@link #REVIEW}
     * @param name   the file's name when it was attached
     * @param size   bytes
     * @param sha256 its digest, its address in the store
     */
    public record Attached(String kind, String name, long size, Sha256 sha256) {
    }
}
