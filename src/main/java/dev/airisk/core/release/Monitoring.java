package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.Layout;
import dev.airisk.core.Limits;
import dev.airisk.core.model.Incident;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.monitor.Evaluation;
import dev.airisk.core.monitor.Evaluator;
import dev.airisk.core.monitor.Profile;
import dev.airisk.core.policy.BreachAction;
import dev.airisk.core.policy.MonitoringRecord;
import dev.airisk.core.policy.MonitoringRules;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.MetricsSnapshot;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.RowSource;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.Snapshot;
import dev.airisk.core.port.TabularInputs;
import dev.airisk.core.scan.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Production evidence about a released version: {@code monitor evaluate} judges a prediction log (and
 * a metrics snapshot) against the version's baseline profile and its tier's monitoring rules and
 * records the result as a signed statement; a breach whose action is {@code rollback} rolls the
 * version back, in the same signed commit, opening an incident and queueing the notices.
 * {@code monitor override} records a person's decision to lift a halt.
 *
 * <p>Every decision that depends on the registry is made on the head the commit is made on (a lost
 * race re-reads and decides again), so runs from cron never roll back twice: an evaluation of the same
 * inputs under the same rules is recorded once, a version no longer stable is not rolled back again,
 * and predictions older than the version's current stable period do not roll it back.
 */
public final class Monitoring {
    /** What evaluating and its rollback do, as a missing role's error says it. */
    static final String PURPOSE = "record monitoring evaluations and roll back on a breach";

    /** The most breaches a one-line summary (a commit subject, a rollback reason, an incident summary) names. */
    static final int SUMMARY_BREACHES = 5;


    private final Registry registry;
    private final RegistryCodec codec;
    private final Attestations attestations;
    private final Signer signer;
    private final Clock clock;
    private final Releases releases;
    private final TabularInputs inputs;
    private final Baselines baselines;

    Monitoring(Registry registry, RegistryCodec codec, Attestations attestations, Signer signer,
               Clock clock, Releases releases, TabularInputs inputs, Baselines baselines) {
        this.registry = registry;
        this.codec = codec;
        this.attestations = attestations;
        this.signer = signer;
        this.clock = clock;
        this.releases = releases;
        this.inputs = inputs;
        this.baselines = baselines;
    }

    /**
     * What to evaluate.
     *
     * @param model       the model
     * @param env         the environment the predictions come from
     * @param version     the version, or null for the stable version in {@code env}
     * @param predictions the prediction log (CSV or JSON Lines, optionally gzip)
     * @param metrics     a Prometheus snapshot, or null
     * @param onBreach    the action of a breach, or null for the policy's
     * @param dryRun      decide everything, sign nothing, write nothing
     */
    public record Request(String model, String env, Version version, Path predictions, Path metrics, BreachAction onBreach,
                          boolean dryRun) {
    }

    /**
     * What an evaluation found and did.
     *
     * @param ref          the version evaluated
     * @param env          the environment
     * @param evaluation   the figures and breaches
     * @param action       {@code none} when healthy, else what the breach does: notify, halt or rollback
     * @param file         the evaluation's file in the registry
     * @param digest       the SHA-256 of that file
     * @param recorded     false when the same evaluation (the same inputs under the same rules and action) was recorded
     *                     before, or for a dry run
     * @param rolledBackTo the version this run rolled back to, or null
     * @param fallback     true when that version is the environment's fallback version (there was no earlier stable one)
     * @param incident     the incident the rollback opened, or null
     * @param commit       the commit made, or null
     * @param dryRun       true when nothing was written on purpose
     * @param warnings     why a breach with action rollback did not roll back, and the like
     */
    public record Outcome(ModelRef ref, String env, Evaluation evaluation, String action, String file, Sha256 digest,
                          boolean recorded, Version rolledBackTo, boolean fallback, String incident, String commit, boolean dryRun,
                          List<String> warnings) {
        public Outcome {
            warnings = List.copyOf(warnings);
        }

        Outcome committed(String id) {
            return new Outcome(ref, env, evaluation, action, file, digest, recorded, rolledBackTo, fallback, incident, id, dryRun, warnings);
        }
    }

    /** An override of a halt. */
    public record Overridden(ModelRef ref, String env, String role, String reason, String halt, String file, String commit) {
    }

    public Outcome evaluate(Request r) {
        RegistryView view = new RegistryView(registry.head(), codec);
        view.requireEnvironment(r.env());
        view.requireModel(r.model());
        Actors.require(view, signer, Operation.MONITOR_EVALUATE);
        ModelRef ref = new ModelRef(r.model(), r.version() != null ? r.version() : view.state(r.model()).env(r.env()).stableVersion()
                .orElseThrow(() -> new NotFound(r.model() + " has no stable version in " + r.env(),
                        "name the version evaluated with --version VERSION")));
        VersionRecord record = view.requireRecord(ref);
        new RecordSignatures(attestations).require(view, record);
        MonitoringRules rules = view.policy().tier(tierOf(view, ref)).monitoring();
        Baseline baseline = baseline(view, record);
        BreachAction configured = r.onBreach() != null ? r.onBreach() : rules.action(r.env());
        Evaluation evaluation;
        String predictionsName;
        String predictionsSha;
        MetricsSnapshot metrics = r.metrics() == null ? null : inputs.metrics(r.metrics());
        try (RowSource rows = inputs.rows(r.predictions())) {
            evaluation = new Evaluator().evaluate(baseline.profile(), rows, metrics, rules, view.policy().prohibitedAttributes(),
                    record.metadata().inputSchema());
            predictionsName = rows.name();
            predictionsSha = rows.sha256();
        }
        String action = evaluation.healthy() ? "none" : configured.id();
        Instant at = clock.instant();
        Map<String, Object> body = body(evaluation, predictionsName, predictionsSha, metrics, baseline);
        String id = Sha256.digest((predictionsSha + "\n" + (metrics == null ? "-" : metrics.sha256()) + "\n" + baseline.sha256().hex()
                + "\n" + body.get("thresholds") + "\n" + action).getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
        String file = Layout.evaluations(ref, r.env()) + "/" + Statements.STAMP.format(at) + "-" + id + ".json";
        // signed once, before the commit, so a retried commit records the same bytes (a dry run signs too, and writes nothing)
        byte[] signed = attestations.signStatement(Statements.evaluation(record, r.env(), at, evaluation.healthy(), action, body), signer);
        Registry.Committed<Outcome> done = Writes.update(registry, signer, r.dryRun(),
                head -> decide(head, ref, r.env(), evaluation, action, id, file, signed, at, r.dryRun()));
        return done.commitId() == null ? done.result() : done.result().committed(done.commitId());
    }

    /** On the head the commit is made on: record the evaluation, and roll back when its breach says so and it still applies. */
    private Change<Outcome> decide(Snapshot head, ModelRef ref, String env, Evaluation evaluation, String action, String id,
                                   String file, byte[] signed, Instant at, boolean dryRun) {
        RegistryView view = new RegistryView(head, codec);
        Actors.require(view, signer, Operation.MONITOR_EVALUATE);
        view.requireRecord(ref);
        Optional<String> earlier = view.snapshot().children(Layout.evaluations(ref, env)).stream()
                .filter(n -> n.endsWith("-" + id + ".json")).findFirst();
        if (earlier.isPresent()) {
            String path = Layout.evaluations(ref, env) + "/" + earlier.get();
            Sha256 digest = Sha256.digest(view.snapshot().read(path).orElseThrow());
            return Change.none(new Outcome(ref, env, evaluation, action, path, digest, false, null, false, incidentOf(view, digest),
                    null, dryRun, List.of("the same evaluation was recorded at " + path + "; nothing changed")));
        }
        Sha256 digest = Sha256.digest(signed);
        List<String> warnings = new ArrayList<>();
        if (action.equals(BreachAction.ROLLBACK.id())) {
            String refused = rollbackRefusal(view, ref, env, evaluation);
            if (refused == null) {
                try {
                    return rollback(view, ref, env, evaluation, file, signed, digest, at, dryRun);
                } catch (AiriskException.Unavailable e) {
                    throw e;
                } catch (AiriskException e) {
                    // the target does not re-verify, say: the evidence is recorded all the same, and the warning says why
                    refused = e.getMessage() + (e.fix() == null ? "" : " (" + e.fix() + ")");
                }
            }
            warnings.add("not rolled back: " + refused);
        }
        Outcome outcome = new Outcome(ref, env, evaluation, action, file, digest, !dryRun, null, false, null, null, dryRun, warnings);
        Map<String, byte[]> writes = new LinkedHashMap<>();
        writes.put(file, signed);
        if (!evaluation.healthy()) {
            writes.putAll(Outbox.queue(view, codec, List.of(breachNotice(ref, env, evaluation, action, digest, at, warnings))));
        }
        String verdict = evaluation.healthy() ? "healthy" : "breached";
        return new Change<>(outcome, writes, CommitMessage.of("Evaluate " + ref + " in " + env + ": " + verdict
                        + (evaluation.healthy() ? "" : " (" + EvaluationFigures.summary(evaluation, SUMMARY_BREACHES) + "; " + action + ")"),
                Trailers.op(Operation.MONITOR_EVALUATE).ref(ref).put(Trailers.ENV, env).put(Trailers.VERDICT, verdict)
                        .put(Trailers.EVALUATION, digest.hex()).by(signer.keyId())));
    }

    /**
     * Why a breach with action rollback does not roll {@code ref} back in {@code env} on this head, or
     * null when it does: the version must be the stable one there, and the predictions must not all be
     * older than its current stable period.
     */
    private static String rollbackRefusal(RegistryView view, ModelRef ref, String env, Evaluation evaluation) {
        ReleaseState.Env e = view.state(ref.name()).env(env);
        if (!e.stableVersion().map(ref.version()::equals).orElse(false)) {
            Optional<ReleaseState.RolledBack> out = e.rolledBack().stream().filter(b -> b.version().equals(ref.version())).findFirst();
            return ref + " is not the stable version in " + env
                    + out.map(b -> " (it was rolled back at " + b.at() + ")").orElse(e.stableVersion().map(v -> " (" + v + " is)").orElse(""));
        }
        if (evaluation.last() != null && evaluation.last().isBefore(e.stable().since())) {
            return "the latest prediction (" + evaluation.last() + ") is older than " + ref + "'s stable period in " + env
                    + ", which began at " + e.stable().since();
        }
        if (e.rollbackTarget().isEmpty()) {
            return env + " has no earlier stable version than " + ref + " and no other fallback version to roll back to";
        }
        return null;
    }

    /** The rollback to the previous stable version, the evaluation, the incident and the notices, as one commit. */
    private Change<Outcome> rollback(RegistryView view, ModelRef ref, String env, Evaluation evaluation, String file, byte[] signed,
                                     Sha256 digest, Instant at, boolean dryRun) {
        String breaches = EvaluationFigures.summary(evaluation, SUMMARY_BREACHES);
        String reason = "monitoring evaluation " + digest.shortHex() + " breached " + breaches;
        Change<ReleaseResult> back = releases.rollbackOn(view, ref.name(), env, healthyTarget(view, ref.name(), env), reason, at, null);
        ReleaseResult r = back.result();
        Instant now = r.after().stable().since();
        Map<String, byte[]> writes = new LinkedHashMap<>(back.writes());
        writes.put(file, signed);
        Incidents.Opened opened = Incidents.opening(view, codec, attestations, signer, new Incidents.Opening(ref, List.of(env),
                Severity.HIGH, "Monitoring breach of " + ref + " in " + env + ": " + breaches,
                new Incidents.Detection(at, digest, "monitoring evaluation " + file), now,
                new Incidents.Rollback(env, ref.version(), r.version(), now,
                        RollbackTargets.timelineReason(view.state(ref.name()).env(env), r.version(), reason))));
        writes.putAll(opened.writes());
        String incident = opened.incident().id();
        Outcome outcome = new Outcome(ref, env, evaluation, BreachAction.ROLLBACK.id(), file, digest, !dryRun, r.version(), r.fallbackUsed(), incident,
                null, dryRun, r.warnings());
        Trailers t = Trailers.op(Operation.MONITOR_ROLLBACK).ref(new ModelRef(ref.name(), r.version())).put(Trailers.ENV, env)
                .put(Trailers.FROM, ref.version()).put(Trailers.REASON, reason).put(Trailers.VERDICT, "breached")
                .put(Trailers.EVALUATION, digest.hex()).put(Trailers.INCIDENT, incident);
        RollbackTargets.incidentTrailers(t, r.incident());
        return new Change<>(outcome, writes, new CommitMessage("Roll back " + ref.name() + " in " + env + " from " + ref.version() + " to "
                + (r.fallbackUsed() ? "fallback " : "") + r.version() + " on a monitoring breach; open incident " + incident,
                "Evaluation " + file + ": " + EvaluationFigures.summary(evaluation, Integer.MAX_VALUE), t.by(signer.keyId())));
    }

    /**
     * The notice of a breach that did not roll back (action notify or halt, or a rollback that did not
     * apply) to the consumers who asked for {@code monitoring-breached}.
     */
    private static Outbox.Notice breachNotice(ModelRef ref, String env, Evaluation evaluation, String action, Sha256 digest,
                                              Instant at, List<String> warnings) {
        Map<String, String> data = Outbox.data(ref);
        data.put("environment", env);
        data.put("action", action);
        data.put("evaluation", digest.hex());
        data.put("breaches", EvaluationFigures.summary(evaluation, Integer.MAX_VALUE));
        if (!warnings.isEmpty()) {
            data.put("note", String.join("; ", warnings));
        }
        String text = ref + " breached its monitoring thresholds in " + env + " (" + EvaluationFigures.summary(evaluation, SUMMARY_BREACHES) + "); action: "
                + action + (warnings.isEmpty() ? "." : "; " + String.join("; ", warnings));
        return new Outbox.Notice(Outbox.MONITORING_BREACHED, ref, at, at, data, text);
    }

    /**
     * Where a monitoring rollback goes: the newest earlier stable version whose latest evaluation in
     * {@code env} did not breach (one never evaluated there counts as healthy); when every earlier one
     * breached there, the environment's fallback version; null (the rollback's own target) when there
     * is no fallback to take instead.
     */
    private Version healthyTarget(RegistryView view, String model, String env) {
        ReleaseState.Env e = view.state(model).env(env);
        for (ReleaseState.Stable earlier : e.previous()) {
            if (!breachedLast(view, new ModelRef(model, earlier.version()), env)) {
                return earlier.version();
            }
        }
        return e.fallbackVersion().filter(f -> !f.equals(e.stableVersion().orElse(null))).orElse(null);
    }

    /** Whether the latest verified evaluation of {@code ref} in {@code env} breached. */
    private boolean breachedLast(RegistryView view, ModelRef ref, String env) {
        Optional<VersionRecord> record = view.record(ref);
        if (record.isEmpty()) {
            return false;
        }
        List<MonitoringRecord> evaluations = Statements.monitoring(view, record.get(), attestations, env, new ArrayList<>()).stream()
                .filter(m -> m.kind() == MonitoringRecord.Kind.EVALUATION).toList();
        return !evaluations.isEmpty() && !evaluations.get(evaluations.size() - 1).healthy();
    }

    /** The incident opened on the detection by the evaluation with this digest, or null. */
    private String incidentOf(RegistryView view, Sha256 digest) {
        List<String> ids = new ArrayList<>(view.snapshot().children(Layout.INCIDENTS));
        java.util.Collections.reverse(ids);
        for (String id : ids) {
            try {
                Incident i = Incidents.read(view, attestations, id);
                if (i.first(Incident.Kind.DETECTED).map(e -> digest.equals(e.evaluation())).orElse(false)) {
                    return id;
                }
            } catch (AiriskException e) {
                // an incident that does not read is not the one looked for; 'airisk audit verify' reports it
            }
        }
        return null;
    }

    /**
     * Records an override of the halt of {@code ref} in {@code env}, signed by a key holding the role
     * the version's tier names for it ({@code override_role}).
     */
    public Overridden override(ModelRef ref, String env, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("a reason is required", "pass --reason TEXT (a risk decision or ticket number helps auditors)");
        }
        Limits.OVERRIDE_REASON.check("the reason", reason.strip().length());
        RegistryView before = new RegistryView(registry.head(), codec);
        before.requireEnvironment(env);
        halted(before, ref, env);
        signer.ready();
        Registry.Committed<Overridden> done = registry.update(head -> {
            RegistryView view = new RegistryView(head, codec);
            MonitoringRecord halt = halted(view, ref, env);
            VersionRecord record = view.requireRecord(ref);
            String role = view.policy().tier(tierOf(view, ref)).monitoring().overrideRole();
            Instant at = clock.instant();
            String file = Layout.overrides(ref, env) + "/" + Statements.STAMP.format(at) + "-" + signer.keyId().substring(0, 12) + ".json";
            String text = reason.strip();
            byte[] envelope = attestations.signStatement(Statements.haltOverride(record, env, role, text, halt.file(), at), signer);
            return new Change<>(new Overridden(ref, env, role, text, halt.file(), file, null), Map.of(file, envelope),
                    CommitMessage.of("Override the halt of " + ref + " in " + env + ": " + Releases.oneLine(text),
                            Trailers.op(Operation.MONITOR_OVERRIDE).ref(ref).put(Trailers.ENV, env).put(Trailers.ROLE, role)
                                    .put(Trailers.REASON, text).by(signer.keyId())));
        });
        Overridden o = done.result();
        return new Overridden(o.ref(), o.env(), o.role(), o.reason(), o.halt(), o.file(), done.commitId());
    }

    /** The evaluation halting {@code ref} in {@code env} on this view, after the actor's role is checked; refused when it is not halted. */
    private MonitoringRecord halted(RegistryView view, ModelRef ref, String env) {
        VersionRecord record = view.requireRecord(ref);
        String role = view.policy().tier(tierOf(view, ref)).monitoring().overrideRole();
        Actors.require(view, signer, Operation.MONITOR_OVERRIDE, role);
        List<MonitoringRecord> records = Statements.monitoring(view, record, attestations, env, new ArrayList<>());
        return MonitoringRecord.halt(records, env).orElseThrow(() -> new InvalidInput(ref + " is not halted in " + env,
                records.stream().filter(m -> m.env().equals(env)).max(Comparator.comparing(MonitoringRecord::at))
                        .map(m -> "its latest monitoring record there, of " + m.at() + ", is " + (m.kind() == MonitoringRecord.Kind.OVERRIDE
                                ? "an override" : m.healthy() ? "a healthy evaluation" : "a breach whose action is " + m.action()))
                        .orElse("it has no monitoring evaluation there")));
    }

    /** The version's baseline profile: its latest verified attachment of that kind, read from the store with its digest checked. */
    private Baseline baseline(RegistryView view, VersionRecord record) {
        Baselines.Stored stored = baselines.latest(view, record).orElseThrow(() -> new NotFound(record.ref() + " has no baseline profile",
                "make one with 'airisk profile " + record.ref() + " --from SAMPLE'"));
        return new Baseline(stored.profile(), stored.attachment().file(), stored.attachment().sha256());
    }

    /** A baseline profile and where it came from. */
    private record Baseline(Profile profile, String file, Sha256 sha256) {
    }

    /** What the evaluation statement says besides the version, environment, time, verdict and action. */
    private static Map<String, Object> body(Evaluation e, String predictionsName, String predictionsSha, MetricsSnapshot metrics,
                                            Baseline profile) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("predictions", Map.of("name", predictionsName, "sha256", predictionsSha));
        if (metrics != null) {
            inputs.put("metrics", Map.of("name", metrics.name(), "sha256", metrics.sha256()));
        }
        inputs.put("baseline_profile", Map.of("file", profile.file(), "sha256", profile.sha256().hex()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inputs", inputs);
        out.put("figures", EvaluationFigures.figures(e));
        out.put("thresholds", EvaluationFigures.thresholds(e.rules()));
        out.put("breaches", e.breaches().stream().map(EvaluationFigures::breach).toList());
        return out;
    }

    private static RiskTier tierOf(RegistryView view, ModelRef ref) {
        return view.record(ref).map(r -> r.metadata().riskTier()).orElseGet(() -> view.requireModel(ref.name()).riskTier());
    }
}
