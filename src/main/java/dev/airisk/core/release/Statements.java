package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.Layout;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.Approval;
import dev.airisk.core.policy.Attachment;
import dev.airisk.core.policy.CanaryEvidence;
import dev.airisk.core.policy.ChecklistAnswer;
import dev.airisk.core.policy.MonitoringRecord;
import dev.airisk.core.port.Attestations.SignedStatement;
import dev.airisk.core.port.Attestations.Statement;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.scan.FileResult;
import dev.airisk.core.scan.Finding;
import dev.airisk.core.scan.ScanReport;
import dev.airisk.core.scan.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The signed statements airisk keeps beside a version (approvals, attachments, checklist answers):
 * their predicates, and reading them back with every signature verified. A statement that does not
 * verify or does not fit its version is never used; it is reported as unusable with the reason.
 */
final class Statements {
    static final String APPROVAL = "https://airisk.dev/approval/v1";
    static final String ATTACHMENT = "https://airisk.dev/attachment/v1";
    static final String CHECKLIST = "https://airisk.dev/checklist/v1";
    static final String SCAN = "https://airisk.dev/scan/v1";
    /** A monitoring evaluation of a version in an environment: inputs' digests, figures, breaches, verdict, action. */
    static final String EVALUATION = "https://airisk.dev/evaluation/v1";
    /** A canary analysis of a version in an environment: the logs' digests, figures, limits, verdict. */
    static final String CANARY_ANALYSIS = "https://airisk.dev/canary-analysis/v1";
    /** A recorded override of a monitoring halt of a version in an environment. */
    static final String HALT_OVERRIDE = "https://airisk.dev/halt-override/v1";
    /** record.sig: the exact bytes of a version's record.yaml, signed by the key that registered it. */
    static final String RECORD = "https://airisk.dev/record/v1";

    /** The time in the name of a statement's file, to the millisecond: {@code 20261204T091500120Z}. */
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private Statements() {
    }

    static Statement approval(VersionRecord record, String env, String role, Approval.Decision decision, Instant at,
                              Instant expires, String comment) {
        Map<String, Object> p = base(record.ref());
        p.put("environment", env);
        p.put("role", role);
        p.put("decision", decision.id());
        p.put("signed_at", at.toString());
        if (expires != null) {
            p.put("expires_at", expires.toString());
        }
        if (comment != null && !comment.isBlank()) {
            p.put("comment", comment);
        }
        return new Statement(APPROVAL, record.ref().name(), record.rootDigest(), p);
    }

    static Statement attachment(VersionRecord record, String kind, String name, long size, Sha256 sha256, Instant at) {
        Map<String, Object> p = base(record.ref());
        p.put("kind", kind);
        p.put("name", name);
        p.put("size", size);
        p.put("sha256", sha256.hex());
        p.put("attached_at", at.toString());
        return new Statement(ATTACHMENT, record.ref().name(), record.rootDigest(), p);
    }

    static Statement checklist(VersionRecord record, List<ChecklistAnswer> answers, Instant at) {
        Map<String, Object> p = base(record.ref());
        p.put("answered_at", at.toString());
        List<Object> list = new ArrayList<>();
        for (ChecklistAnswer a : answers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("item", a.item());
            m.put("answer", a.answer().id());
            if (a.evidence() != null) {
                m.put("evidence", a.evidence());
            }
            list.add(m);
        }
        p.put("answers", list);
        return new Statement(CHECKLIST, record.ref().name(), record.rootDigest(), p);
    }

    /**
     * A monitoring evaluation: {@code body} holds what was evaluated and found (inputs, figures,
     * thresholds, breaches), in order, after the version, environment, time, verdict and action.
     */
    static Statement evaluation(VersionRecord record, String env, Instant at, boolean healthy, String action, Map<String, Object> body) {
        Map<String, Object> p = base(record.ref());
        p.put("environment", env);
        p.put("evaluated_at", at.toString());
        p.put("healthy", healthy);
        p.put("action", action);
        p.putAll(body);
        return new Statement(EVALUATION, record.ref().name(), record.rootDigest(), p);
    }

    /**
     * A canary analysis: {@code body} holds the inputs, figures, limits and breaches, after the version,
     * environment, time, the canary's start and the verdict.
     */
    static Statement canaryAnalysis(VersionRecord record, String env, Instant at, Instant canarySince, boolean passed,
                                    Map<String, Object> body) {
        Map<String, Object> p = base(record.ref());
        p.put("environment", env);
        p.put("analyzed_at", at.toString());
        p.put("canary_since", canarySince.toString());
        p.put("passed", passed);
        p.putAll(body);
        return new Statement(CANARY_ANALYSIS, record.ref().name(), record.rootDigest(), p);
    }

    /** The verified canary analyses of a version in {@code env}, oldest first; the others go to {@code unusable}. */
    static List<CanaryEvidence> canaryAnalyses(RegistryView view, VersionRecord record, Attestations attestations, String env,
                                               List<String> unusable) {
        Map<String, String> keys = view.trustedKeys();
        List<CanaryEvidence> out = new ArrayList<>();
        view.files(Layout.canaryAnalyses(record.ref(), env)).forEach((path, bytes) -> parse(path, bytes, keys, attestations,
                CANARY_ANALYSIS, unusable, s -> {
                    requireSubject(record, s);
                    Map<String, Object> p = s.statement().predicate();
                    if (!env.equals(text(p, "environment"))) {
                        throw new Malformed("is kept under " + env + " but names environment " + p.get("environment"));
                    }
                    out.add(new CanaryEvidence(path, s.keyId(), env, instant(p, "analyzed_at"), instant(p, "canary_since"),
                            CanaryFigures.comparison(p.get("figures"))));
                }));
        out.sort(Comparator.comparing(CanaryEvidence::at));
        return out;
    }

    /** An override of the halt of a version in an environment, by a key acting in {@code role}. */
    static Statement haltOverride(VersionRecord record, String env, String role, String reason, String halt, Instant at) {
        Map<String, Object> p = base(record.ref());
        p.put("environment", env);
        p.put("role", role);
        p.put("reason", reason);
        p.put("halt", halt);
        p.put("signed_at", at.toString());
        return new Statement(HALT_OVERRIDE, record.ref().name(), record.rootDigest(), p);
    }

    /** A scan report of the version's stored files, with the rules it was made under. */
    static Statement scan(VersionRecord record, ScanReport report, String rules, Instant at) {
        Map<String, Object> p = base(record.ref());
        p.put("scanner", report.scanner());
        p.put("rules", rules);
        p.put("report_sha256", report.digest().hex());
        p.put("scanned_at", at.toString());
        List<Object> files = new ArrayList<>();
        for (FileResult f : report.files()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("size", f.size());
            m.put("analysers", List.copyOf(f.analysers()));
            m.put("skipped", f.skipped());
            files.add(m);
        }
        List<Object> findings = new ArrayList<>();
        for (Finding f : report.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("rule", f.rule());
            m.put("severity", f.severity().id());
            m.put("message", f.message());
            m.put("offset", f.offset());
            if (f.count() != 1) {
                m.put("count", f.count());
            }
            findings.add(m);
        }
        p.put("files", files);
        p.put("findings", findings);
        return new Statement(SCAN, record.ref().name(), record.rootDigest(), p);
    }

    /**
     * The statement of record.sig: its subject is the record file, named by its registry path, with the
     * SHA-256 of its exact bytes; the predicate names the version and its manifest's root digest.
     */
    static Statement record(ModelRef ref, byte[] recordYaml, Sha256 rootDigest) {
        Map<String, Object> p = base(ref);
        p.put("root_digest", rootDigest.hex());
        return new Statement(RECORD, Layout.record(ref), Sha256.digest(recordYaml), p);
    }

    /** A verified scan statement of the version: its rules fingerprint and the report it states. */
    record StoredScan(String file, String rules, ScanReport report) {
    }

    private static Map<String, Object> base(ModelRef ref) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("model", ref.name());
        p.put("version", ref.version().toString());
        return p;
    }

    /** Everything signed beside one version, verified against the trusted keys of {@code view}. */
    record Found(List<Approval> approvals, List<Attachment> attachments, List<ChecklistAnswer> answers, List<StoredScan> scans,
                 List<String> unusable) {
    }

    /**
     * The verified approvals and rejections of a version, and no other statement: what deciding whether
     * a key's approval still stands reads. Files that do not verify or do not fit go to {@code unusable}.
     */
    static List<Approval> approvals(RegistryView view, VersionRecord record, Attestations attestations, List<String> unusable) {
        Map<String, byte[]> files = view.files(Layout.approvals(record.ref()));
        Iterator<Attestations.Checked> checked = attestations.verifyStatements(new ArrayList<>(files.values()), view.trustedKeys()).iterator();
        List<Approval> approvals = new ArrayList<>();
        files.forEach((path, bytes) -> parse(path, checked.next(), APPROVAL, unusable, s -> approvals.add(toApproval(path, s))));
        return approvals;
    }

    static Found read(RegistryView view, VersionRecord record, Attestations attestations) {
        Map<String, String> keys = view.trustedKeys();
        List<Approval> approvals = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        List<ChecklistAnswer> answers = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        ModelRef ref = record.ref();
        Map<String, byte[]> approvalFiles = view.files(Layout.approvals(ref));
        Map<String, byte[]> attachmentFiles = view.files(Layout.attachments(ref));
        Map<String, byte[]> checklistFiles = view.files(Layout.checklist(ref));
        Map<String, byte[]> scanFiles = view.files(Layout.scans(ref));
        // every envelope's signature checked first (side by side where the adapter can), then each used in order
        List<byte[]> envelopes = new ArrayList<>();
        for (Map<String, byte[]> files : List.of(approvalFiles, attachmentFiles, checklistFiles, scanFiles)) {
            envelopes.addAll(files.values());
        }
        Iterator<Attestations.Checked> checked = attestations.verifyStatements(envelopes, keys).iterator();
        approvalFiles.forEach((path, bytes) -> parse(path, checked.next(), APPROVAL, unusable,
                s -> approvals.add(toApproval(path, s))));
        attachmentFiles.forEach((path, bytes) -> parse(path, checked.next(), ATTACHMENT, unusable,
                s -> {
                    requireSubject(record, s);
                    attachments.add(toAttachment(path, s));
                }));
        checklistFiles.forEach((path, bytes) -> parse(path, checked.next(), CHECKLIST, unusable,
                s -> {
                    requireSubject(record, s);
                    answers.addAll(toAnswers(s));
                }));
        answers.sort(Comparator.comparing(ChecklistAnswer::at));
        List<StoredScan> scans = new ArrayList<>();
        scanFiles.forEach((path, bytes) -> parse(path, checked.next(), SCAN, unusable,
                s -> {
                    requireSubject(record, s);
                    scans.add(toScan(path, s));
                }));
        return new Found(approvals, attachments, answers, scans, unusable);
    }

    /**
     * The verified monitoring evaluations and halt overrides of a version in one environment, oldest
     * first; files that do not verify or do not fit are added to {@code unusable} with the reason.
     * Read per environment: a version evaluated hourly gathers many, and a decision needs one
     * environment's.
     */
    static List<MonitoringRecord> monitoring(RegistryView view, VersionRecord record, Attestations attestations, String env,
                                             List<String> unusable) {
        Map<String, String> keys = view.trustedKeys();
        List<MonitoringRecord> monitoring = new ArrayList<>();
        ModelRef ref = record.ref();
        view.files(Layout.evaluations(ref, env)).forEach((path, bytes) -> parse(path, bytes, keys, attestations, EVALUATION, unusable,
                s -> {
                    requireSubject(record, s);
                    monitoring.add(toMonitoring(path, s, env, MonitoringRecord.Kind.EVALUATION));
                }));
        view.files(Layout.overrides(ref, env)).forEach((path, bytes) -> parse(path, bytes, keys, attestations, HALT_OVERRIDE, unusable,
                s -> {
                    requireSubject(record, s);
                    monitoring.add(toMonitoring(path, s, env, MonitoringRecord.Kind.OVERRIDE));
                }));
        monitoring.sort(Comparator.comparing(MonitoringRecord::at));
        return monitoring;
    }

    /** A verified evaluation or override, as the gates read it; it must name the environment whose folder holds it. */
    private static MonitoringRecord toMonitoring(String path, SignedStatement s, String env, MonitoringRecord.Kind kind) {
        Map<String, Object> p = s.statement().predicate();
        if (!env.equals(text(p, "environment"))) {
            throw new Malformed("is kept under " + env + " but names environment " + p.get("environment"));
        }
        if (kind == MonitoringRecord.Kind.OVERRIDE) {
            return new MonitoringRecord(path, s.keyId(), kind, env, instant(p, "signed_at"), true, "override", text(p, "reason"));
        }
        if (!(p.get("healthy") instanceof Boolean healthy)) {
            throw new Malformed("healthy is not true or false");
        }
        StringBuilder detail = new StringBuilder();
        if (p.get("breaches") instanceof List<?> breaches) {
            for (Object b : breaches) {
                if (b instanceof Map<?, ?> m) {
                    detail.append(detail.length() == 0 ? "" : ", ").append(m.get("check"))
                            .append(m.get("feature") == null ? "" : " " + m.get("feature"))
                            .append(" ").append(m.get("value")).append(" (limit ").append(m.get("limit")).append(")");
                }
            }
        }
        return new MonitoringRecord(path, s.keyId(), kind, env, instant(p, "evaluated_at"), healthy, text(p, "action"), detail.toString());
    }

    private static void parse(String path, byte[] bytes, Map<String, String> keys, Attestations attestations, String type,
                              List<String> unusable, Consumer<SignedStatement> use) {
        parse(path, attestations.checked(bytes, keys), type, unusable, use);
    }

    /** As above, with the envelope's signature already checked. */
    private static void parse(String path, Attestations.Checked checked, String type, List<String> unusable, Consumer<SignedStatement> use) {
        try {
            if (checked.failure() != null) {
                throw checked.failure();
            }
            SignedStatement s = checked.statement();
            if (!s.statement().predicateType().equals(type)) {
                throw new Malformed("predicate type " + s.statement().predicateType() + " does not belong here");
            }
            use.accept(s);
        } catch (AiriskException | Malformed e) {
            unusable.add(path + ": " + e.getMessage());
        }
    }

    private static void requireSubject(VersionRecord record, SignedStatement s) {
        ModelRef named = ref(s.statement());
        if (!named.equals(record.ref()) || !s.statement().subjectDigest().equals(record.rootDigest())) {
            throw new Malformed("signed for " + named + " (root " + s.statement().subjectDigest().shortHex() + "), not for "
                    + record.ref() + " (root " + record.rootDigest().shortHex() + ")");
        }
    }

    private static Approval toApproval(String path, SignedStatement s) {
        Statement st = s.statement();
        Map<String, Object> p = st.predicate();
        Approval.Decision decision = switch (text(p, "decision")) {
            case "approved" -> Approval.Decision.APPROVED;
            case "rejected" -> Approval.Decision.REJECTED;
            default -> throw new Malformed("decision '" + p.get("decision") + "' is neither approved nor rejected");
        };
        Object expires = p.get("expires_at");
        Object comment = p.get("comment");
        return new Approval(path, s.keyId(), ref(st), st.subjectDigest(), text(p, "environment"), text(p, "role"), decision,
                instant(p, "signed_at"), expires == null ? null : instant(p, "expires_at"),
                comment == null ? null : comment.toString());
    }

    private static Attachment toAttachment(String path, SignedStatement s) {
        Map<String, Object> p = s.statement().predicate();
        Object size = p.get("size");
        if (!(size instanceof Number n)) {
            throw new Malformed("size is not a number");
        }
        Sha256 sha;
        try {
            sha = Sha256.parse(text(p, "sha256"));
        } catch (AiriskException e) {
            throw new Malformed("sha256 is not a digest");
        }
        return new Attachment(path, text(p, "kind"), text(p, "name"), n.longValue(), sha, s.keyId(), instant(p, "attached_at"));
    }

    private static List<ChecklistAnswer> toAnswers(SignedStatement s) {
        Map<String, Object> p = s.statement().predicate();
        Instant at = instant(p, "answered_at");
        if (!(p.get("answers") instanceof List<?> list)) {
            throw new Malformed("answers is not a list");
        }
        List<ChecklistAnswer> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new Malformed("an answer is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) m;
            ChecklistAnswer.Answer answer;
            try {
                answer = ChecklistAnswer.Answer.parse(text(a, "answer"));
            } catch (AiriskException e) {
                throw new Malformed(e.getMessage());
            }
            Object evidence = a.get("evidence");
            out.add(new ChecklistAnswer(text(a, "item"), answer, evidence == null ? null : evidence.toString(), s.keyId(), at));
        }
        return out;
    }

    private static StoredScan toScan(String path, SignedStatement s) {
        Map<String, Object> p = s.statement().predicate();
        List<FileResult> files = new ArrayList<>();
        for (Map<String, Object> f : maps(p.get("files"), "files")) {
            Object skipped = f.get("skipped");
            List<String> analysers = new ArrayList<>();
            if (f.get("analysers") instanceof List<?> l) {
                l.forEach(a -> analysers.add(String.valueOf(a)));
            }
            files.add(new FileResult(text(f, "path"), number(f, "size"), analysers, skipped == null ? null : skipped.toString()));
        }
        List<Finding> findings = new ArrayList<>();
        for (Map<String, Object> f : maps(p.get("findings"), "findings")) {
            Severity severity;
            try {
                severity = Severity.parse(text(f, "severity"));
            } catch (AiriskException e) {
                throw new Malformed("a finding has no valid severity");
            }
            long count = f.containsKey("count") ? number(f, "count") : 1;
            if (count < 1) {
                throw new Malformed("a finding's count is below 1");
            }
            findings.add(new Finding(text(f, "path"), text(f, "rule"), severity, text(f, "message"), number(f, "offset"), count));
        }
        ScanReport report = new ScanReport(text(p, "scanner"), files, findings);
        if (!report.digest().hex().equals(text(p, "report_sha256"))) {
            throw new Malformed("report_sha256 does not match the report it states");
        }
        return new StoredScan(path, text(p, "rules"), report);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value, String key) {
        if (!(value instanceof List<?> list)) {
            throw new Malformed(key + " is not a list");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new Malformed(key + " holds something that is not an object");
            }
            out.add((Map<String, Object>) m);
        }
        return out;
    }

    private static long number(Map<String, Object> p, String key) {
        if (!(p.get(key) instanceof Number n)) {
            throw new Malformed(key + " is not a number");
        }
        return n.longValue();
    }

    static ModelRef ref(Statement st) {
        Map<String, Object> p = st.predicate();
        try {
            return new ModelRef(text(p, "model"), Version.parse(text(p, "version")));
        } catch (AiriskException e) {
            throw new Malformed("names no valid model version");
        }
    }

    static String text(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new Malformed(key + " is missing");
        }
        return s;
    }

    private static Instant instant(Map<String, Object> p, String key) {
        try {
            return Instant.parse(text(p, key));
        } catch (DateTimeParseException e) {
            throw new Malformed(key + " is not a time");
        }
    }

    /** A statement that verified but does not say what airisk needs. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
