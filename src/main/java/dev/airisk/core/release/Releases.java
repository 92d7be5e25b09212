package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.Layout;
import dev.airisk.core.model.Incident;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState.Canary;
import dev.airisk.core.model.ReleaseState.Env;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.GateReport;
import dev.airisk.core.policy.Gates;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.ContainerReader;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.Snapshot;
import dev.airisk.core.scan.Scanner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Moves versions through environments: promote, canary start / set-weight / promote / abort, and
 * rollback. Each is one signed commit of the model's state.yaml, made only when the acting key holds
 * the releaser role and, for promotions and canary starts, every gate passes on the head it commits
 * on (a lost race re-reads the head and runs the gates again).
 */
public final class Releases {
    /** What the release operations do, as a missing role's error says it. */
    static final String PURPOSE = "promote, canary or roll back";
    /** What setting and clearing a fallback version do, as a missing role's error says it. */
    static final String FALLBACK_PURPOSE = "set or clear a fallback version";

    private final Registry registry;
    private final RegistryCodec codec;
    private final Supplier<ArtifactStore> store;
    private final Attestations attestations;
    private final Signer signer;
    private final Clock clock;
    private final int parallelism;
    private final ContainerReader containers;
    private final Map<ModelRef, GateInputs.StoredArtifact> artifacts;
    private final boolean dryRun;

    Releases(Registry registry, RegistryCodec codec, Supplier<ArtifactStore> store,
             ContainerReader containers, Attestations attestations, Signer signer, Clock clock, int parallelism) {
        this(registry, codec, store, containers, attestations, signer, clock, parallelism, new ConcurrentHashMap<>(), false);
    }

    private Releases(Registry registry, RegistryCodec codec, Supplier<ArtifactStore> store,
                     ContainerReader containers, Attestations attestations, Signer signer, Clock clock,
                     int parallelism, Map<ModelRef, GateInputs.StoredArtifact> artifacts, boolean dryRun) {
        this.artifacts = artifacts;
        this.dryRun = dryRun;
        this.containers = containers;
        this.registry = registry;
        this.codec = codec;
        this.store = store;
        this.attestations = attestations;
        this.signer = signer;
        this.clock = clock;
        this.parallelism = parallelism;
    }

    /**
     * The same operations as dry runs: each makes every check of the real run (the role, the gates, the
     * target), unlocks the key where the real run would sign, and writes nothing.
     */
    public Releases dryRun() {
        return new Releases(registry, codec, store, containers, attestations, signer, clock, parallelism, artifacts, true);
    }

    /** Runs every gate for {@code ref} entering {@code env} and changes nothing. */
    public GateReport check(ModelRef ref, String env, boolean emergency) {
        RegistryView view = view(registry.head());
        view.requireEnvironment(env);
        VersionRecord record = view.requireRecord(ref);
        new RecordSignatures(attestations).require(view, record);
        GateInputs.StoredArtifact artifact = artifact(record);
        return Gates.run(new GateInputs(attestations).of(view, record, env, clock.instant(), emergency, artifact), true);
    }

    public ReleaseResult promote(ModelRef ref, String env, boolean emergency, String reason) {
        requireReason(emergency, reason);
        precheck(ref, env, Operation.PROMOTE);
        return commit(head -> {
            RegistryView view = writable(head, env, Operation.PROMOTE);
            VersionRecord record = view.requireRecord(ref);
            Env e = view.state(ref.name()).env(env);
            if (ref.version().equals(e.stableVersion().orElse(null))
                    && (e.canary() == null || !e.canary().version().equals(ref.version()))) {
                return Change.none(ReleaseResult.of(Operation.PROMOTE, ref, env, e).reason(reason).emergency(emergency).build());
            }
            return gated(view, record, env, emergency, Operation.PROMOTE, reason, e, 0,
                    "Promote " + ref + " to " + env + from(e));
        });
    }

    /** Starts a canary at {@code weight} percent, or as a shadow (weight 0: mirrored traffic, answers not served). */
    public ReleaseResult canaryStart(ModelRef ref, String env, int weight) {
        if (weight != 0) {
            Canary.requireWeight(weight);
        }
        precheck(ref, env, Operation.CANARY_START);
        return commit(head -> {
            RegistryView view = writable(head, env, Operation.CANARY_START);
            VersionRecord record = view.requireRecord(ref);
            Env e = view.state(ref.name()).env(env);
            if (ref.version().equals(e.stableVersion().orElse(null))) {
                throw new InvalidInput(ref + " is already stable in " + env, "a canary tests a version that is not stable yet");
            }
            if (e.canary() != null) {
                if (e.canary().version().equals(ref.version()) && e.canary().weight() == weight) {
                    return Change.none(ReleaseResult.of(Operation.CANARY_START, ref, env, e).build());
                }
                throw new Conflict(ref.name() + " already has canary " + e.canary().version() + " at " + e.canary().weight()
                        + "% in " + env, "promote it, abort it, or change its weight with 'airisk canary set-weight'");
            }
            return gated(view, record, env, false, Operation.CANARY_START, null, e, weight,
                    "Start canary " + ref + " in " + env + " at " + weight + "%");
        });
    }

    public ReleaseResult canarySetWeight(String model, String env, int weight) {
        Canary.requireWeight(weight);
        return onCanary(model, env, Operation.CANARY_WEIGHT, (view, e, c, ref) -> {
            if (c.weight() == weight) {
                return Change.none(ReleaseResult.of(Operation.CANARY_WEIGHT, ref, env, e).build());
            }
            Instant now = clock.instant();
            Env after = new Transition(Operation.CANARY_WEIGHT, c.version(), weight, now, signer.keyId(), null).apply(e);
            return write(view, model, after, ReleaseResult.of(Operation.CANARY_WEIGHT, ref, env, e).changed(after).build(),
                    "Set canary " + ref + " in " + env + " to " + weight + "% (was " + c.weight() + "%)",
                    Trailers.op(Operation.CANARY_WEIGHT).ref(ref).put(Trailers.ENV, env).put(Trailers.WEIGHT, weight), null, now);
        });
    }

    public ReleaseResult canaryPromote(String model, String env, boolean emergency, String reason) {
        requireReason(emergency, reason);
        return onCanary(model, env, Operation.CANARY_PROMOTE, (view, e, c, ref) -> gated(view, view.requireRecord(ref), env, emergency,
                Operation.CANARY_PROMOTE, reason, e, 0,
                "Promote canary " + ref + " to stable in " + env + from(e)));
    }

    public ReleaseResult canaryAbort(String model, String env, String reason) {
        requireReason(true, reason);
        return onCanary(model, env, Operation.CANARY_ABORT, (view, e, c, ref) -> canaryAbortOn(view, model, env, reason,
                Trailers.op(Operation.CANARY_ABORT).ref(ref).put(Trailers.ENV, env).put(Trailers.REASON, reason)));
    }

    /** The abort of the active canary of {@code model} in {@code env} on this view: the new state and its notice, as one commit. */
    Change<ReleaseResult> canaryAbortOn(RegistryView view, String model, String env, String reason, Trailers trailers) {
        Env e = view.state(model).env(env);
        Canary c = requireCanary(model, env, e);
        ModelRef ref = new ModelRef(model, c.version());
        Instant now = clock.instant();
        Env after = new Transition(Operation.CANARY_ABORT, c.version(), 0, now, signer.keyId(), reason).apply(e);
        return write(view, model, after, ReleaseResult.of(Operation.CANARY_ABORT, ref, env, e).changed(after).reason(reason)
                        .abortedCanary(c.version()).build(),
                "Abort canary " + ref + " in " + env + ": " + oneLine(reason), trailers, null, now);
    }

    /** An operation on the active canary of a model in an environment. */
    private interface CanaryOp {
        Change<ReleaseResult> apply(RegistryView view, Env env, Canary canary, ModelRef ref);
    }

    private ReleaseResult onCanary(String model, String env, Operation operation, CanaryOp op) {
        precheck(model, env, operation);
        return commit(head -> {
            RegistryView view = writable(head, env, operation);
            Env e = view.state(model).env(env);
            Canary c = requireCanary(model, env, e);
            return op.apply(view, e, c, new ModelRef(model, c.version()));
        });
    }

    /**
     * Back to the previous stable version, or to {@code to}, which must have been stable in {@code env}.
     * The target is re-verified (every blob re-hashed, model.sig checked) first; an active canary is
     * aborted in the same commit. Needs no approvals, only the releaser role.
     */
    public ReleaseResult rollback(String model, String env, Version to, String reason, boolean dryRun, Instant incidentOpenedAt) {
        return rollback(model, env, to, reason, dryRun, incidentOpenedAt, null);
    }

    /**
     * As {@link #rollback(String, String, Version, String, boolean, Instant)}, linked to the open incident
     * {@code incident} (or null): the same commit adds the rollback to the incident's timeline, and the
     * time to roll back is measured from the incident's detection.
     */
    public ReleaseResult rollback(String model, String env, Version to, String reason, boolean dryRun, Instant incidentOpenedAt,
                                  String incident) {
        requireReason(true, reason);
        if (incident != null && incidentOpenedAt != null) {
            throw new InvalidInput("--incident and --incident-opened-at cannot be given together",
                    "give --incident alone: the incident's timeline says when the problem was detected");
        }
        precheck(model, env, Operation.ROLLBACK);
        if (incident != null) {
            Incidents.requireOf(Incidents.read(view(registry.head()), attestations, incident), model);
        }
        Instant started = clock.instant();
        if (incidentOpenedAt != null && incidentOpenedAt.isAfter(started)) {
            throw new InvalidInput("the incident opening time " + incidentOpenedAt + " is in the future",
                    "give the time the incident was opened, e.g. 2026-11-26T09:41:00Z");
        }
        return commit(dryRun || this.dryRun, head -> rollbackOn(writable(head, env, Operation.ROLLBACK), model, env, to, reason,
                incidentOpenedAt, incident));
    }

    /**
     * The rollback on one head: back to {@code to} or the previous stable version, aborting an active
     * canary; with {@code incidentId}, the rollback is added to that incident. The caller has checked the
     * acting key's role.
     */
    Change<ReleaseResult> rollbackOn(RegistryView view, String model, String env, Version to, String reason,
                                     Instant incidentOpenedAt, String incidentId) {
        Incident linked = incidentId == null ? null
                : Incidents.requireOf(Incidents.read(view, attestations, incidentId), model);
        Env e = view.state(model).env(env);
        Version current = e.stableVersion().orElseThrow(() -> new NotFound(model + " has no stable version in " + env,
                "there is nothing to roll back; see 'airisk status " + model + "'"));
        Version target = to != null ? to : e.rollbackTarget()
                .orElseThrow(() -> new NotFound(model + " has no earlier stable version and no other fallback version in " + env
                        + " to roll back to", "see 'airisk history " + model + " --env " + env + "'; set a fallback with 'airisk fallback set "
                        + model + " --env " + env + " VERSION'"));
        ModelRef ref = new ModelRef(model, target);
        VersionRecord record = view.requireRecord(ref);
        Instant now = clock.instant();
        ReleaseResult.Incident incident = linked != null ? new ReleaseResult.Incident(linked.detectedAt(),
                Duration.between(linked.detectedAt(), now), view.policy().tier(linked.tier()).rollbackSla(), linked.id())
                : incidentOpenedAt == null ? null : new ReleaseResult.Incident(incidentOpenedAt,
                Duration.between(incidentOpenedAt, now), view.policy().tier(tierOf(view, ref)).rollbackSla(), null);
        ReleaseResult.Builder result = ReleaseResult.of(Operation.ROLLBACK, ref, env, e).reason(reason);
        Transition move = new Transition(Operation.ROLLBACK, target, 0, now, signer.keyId(), reason);
        String subject;
        if (target.equals(current)) {
            if (e.canary() == null) {
                return Change.none(result.build());
            }
            subject = ": abort canary " + e.canary().version() + ", " + current + " stays stable";
        } else {
            RollbackTargets.require(view, e, ref, env);
            reverify(view, record);
            Lifecycle life = Lifecycle.of(view, ref, now);
            result.warnings(life.active() ? List.of()
                    : List.of("rolling back to " + ref + ", which " + ("deprecated".equals(life.state()) ? "is " : "was ") + life.describe()));
            subject = " from " + current + " to " + (RollbackTargets.fallbackUsed(e, target) ? "fallback " : "") + target;
        }
        Env after = move.apply(e);
        result.changed(after).abortedCanary(e.canary() == null ? null : e.canary().version()).incident(incident);
        Change<ReleaseResult> change = write(view, model, after, result.build(), "Roll back " + model + " in " + env + subject + ": "
                + oneLine(reason), RollbackTargets.trailers(ref, env, current, reason, incident), null, now);
        if (linked == null) {
            return change;
        }
        Map<String, byte[]> writes = new LinkedHashMap<>(change.writes());
        writes.putAll(Incidents.rolledBack(view, attestations, signer, linked, new Incidents.Rollback(env, current, target, now,
                RollbackTargets.timelineReason(e, target, reason))));
        return new Change<>(change.result(), writes, change.message());
    }

    /**
     * Sets {@code version} as the fallback of {@code model} in {@code env}: the version a rollback goes to
     * when there is no earlier stable version. It is verified like a rollback target (record signature,
     * model.sig, every blob re-hashed) and must not be retired, rolled back out of the environment or the
     * stable version there.
     */
    public ReleaseResult fallbackSet(String model, String env, Version version) {
        ModelRef ref = new ModelRef(model, version);
        precheck(ref, env, Operation.FALLBACK_SET);
        return commit(head -> {
            RegistryView view = writable(head, env, Operation.FALLBACK_SET);
            VersionRecord record = view.requireRecord(ref);
            Env e = view.state(model).env(env);
            ReleaseResult.Builder result = ReleaseResult.of(Operation.FALLBACK_SET, ref, env, e);
            if (version.equals(e.fallbackVersion().orElse(null))) {
                return Change.none(result.build());
            }
            if (version.equals(e.stableVersion().orElse(null))) {
                throw new InvalidInput(ref + " is the stable version in " + env + ", so it cannot be its fallback",
                        "choose a version to serve when " + ref + " must not, e.g. a rule-based model");
            }
            e.rolledBack().stream().filter(r -> r.version().equals(version)).findFirst().ifPresent(r -> {
                throw new PolicyDenied(ref + " was rolled back out of " + env + " at " + r.at().truncatedTo(ChronoUnit.SECONDS)
                        + ", so it is no safe fallback", "choose another version as the fallback");
            });
            Instant now = clock.instant();
            Deprecations.requireNotRetired(view, ref, now);
            new RecordSignatures(attestations).require(view, record);
            reverify(view, record, "fallback " + ref, "choose another version as the fallback");
            Env after = new Transition(Operation.FALLBACK_SET, version, 0, now, signer.keyId(), null).apply(e);
            return write(view, model, after, result.changed(after).build(), "Set fallback of " + model + " in " + env + " to " + version
                            + e.fallbackVersion().map(f -> " (was " + f + ")").orElse(""),
                    Trailers.op(Operation.FALLBACK_SET).ref(ref).put(Trailers.ENV, env), null, now);
        });
    }

    /** Clears the fallback of {@code model} in {@code env}; a rollback then needs an earlier stable version. */
    public ReleaseResult fallbackClear(String model, String env) {
        precheck(model, env, Operation.FALLBACK_CLEAR);
        return commit(head -> {
            RegistryView view = writable(head, env, Operation.FALLBACK_CLEAR);
            Env e = view.state(model).env(env);
            Version current = e.fallbackVersion().orElseThrow(() -> new NotFound(model + " has no fallback version in " + env,
                    "set one with 'airisk fallback set " + model + " --env " + env + " VERSION'"));
            ModelRef ref = new ModelRef(model, current);
            Instant now = clock.instant();
            Env after = new Transition(Operation.FALLBACK_CLEAR, current, 0, now, signer.keyId(), null).apply(e);
            return write(view, model, after, ReleaseResult.of(Operation.FALLBACK_CLEAR, ref, env, e).changed(after).build(),
                    "Clear fallback " + current + " of " + model + " in " + env, Trailers.op(Operation.FALLBACK_CLEAR).ref(ref).put(Trailers.ENV, env),
                    null, now);
        });
    }

    private void reverify(RegistryView view, VersionRecord record) {
        reverify(view, record, "rollback target " + record.ref(), "roll back to another version with --to");
    }

    /** model.sig checked and every blob re-hashed; {@code what} names the version in the error, {@code instead} begins its fix. */
    private void reverify(RegistryView view, VersionRecord record, String what, String instead) {
        VerifyReport.SignatureCheck sig = new ModelSignatures(attestations).check(view, record);
        if (sig.problem() != null) {
            throw new IntegrityFailure(what + ": " + sig.problem(), instead + ", and investigate with 'airisk verify " + record.ref() + "'");
        }
        List<String> problems = artifact(record).integrityProblems();
        if (!problems.isEmpty()) {
            throw new IntegrityFailure(what + ": " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""),
                    instead + ", and investigate with 'airisk verify " + record.ref() + "'");
        }
    }

    private Change<ReleaseResult> gated(RegistryView view, VersionRecord record, String env, boolean emergency, Operation op,
                                        String reason, Env before, int weight, String subject) {
        Instant now = clock.instant();
        ModelRef ref = record.ref();
        Deprecations.requireNotRetired(view, ref, now);
        // Before any gate: the record says which gates apply (its risk tier) and what they read.
        new RecordSignatures(attestations).require(view, record);
        GateInputs.StoredArtifact artifact = artifact(record);
        GateReport report = Gates.run(new GateInputs(attestations).of(view, record, env, now, emergency, artifact), true);
        ReleaseResult.Builder result = ReleaseResult.of(op, ref, env, before).gates(report).reason(reason).emergency(emergency);
        if (!report.allowed()) {
            return Change.none(result.build());
        }
        Env after = new Transition(op, ref.version(), weight, now, signer.keyId(), reason).apply(before);
        Version aborted = before.canary() != null && after.canary() == null && !before.canary().version().equals(ref.version())
                ? before.canary().version() : null;
        Trailers t = Trailers.op(op).ref(ref).put(Trailers.ENV, env).put(Trailers.FROM, before.stableVersion().orElse(null));
        if (op == Operation.CANARY_START) {
            t.put(Trailers.WEIGHT, after.canary().weight());
        }
        t.put(Trailers.GATES, emergency ? "passed with emergency" : "passed");
        t.put(Trailers.EMERGENCY, emergency ? reason : null);
        String body = report.results().stream().map(r -> r.gate() + ": " + r.result().id() + " - " + r.message())
                .collect(Collectors.joining("\n"));
        Map<String, byte[]> scans = new TreeMap<>();
        artifact.freshScans().forEach((rules, scan) -> scans.put(scanFile(ref, rules),
                attestations.signStatement(Statements.scan(record, scan.forRecord(), rules, now), signer)));
        return write(view, ref.name(), after, result.changed(after).abortedCanary(aborted).build(), subject, t, body, now, scans);
    }

    private Change<ReleaseResult> write(RegistryView view, String model, Env after, ReleaseResult r, String subject,
                                        Trailers trailers, String body, Instant now) {
        return write(view, model, after, r, subject, trailers, body, now, Map.of());
    }

    /** The new state.yaml, and the signed scan reports made for the decision, as one commit. */
    private Change<ReleaseResult> write(RegistryView view, String model, Env after, ReleaseResult r, String subject,
                                        Trailers trailers, String body, Instant now, Map<String, byte[]> scans) {
        ReleaseState state = view.state(model).with(r.env(), after);
        Map<String, byte[]> writes = new LinkedHashMap<>();
        writes.put(Layout.state(model), codec.writeState(state));
        scans.forEach((path, bytes) -> {
            if (!view.snapshot().exists(path)) {
                writes.put(path, bytes);
            }
        });
        if (r.op().event() != null) {
            writes.putAll(Outbox.queue(view, codec, List.of(Outbox.notice(r, now))));
        }
        return new Change<>(r, writes, new CommitMessage(subject, body, trailers.by(signer.keyId())));
    }

    /** Where a scan report made under some rules is kept: one file per scanner version and rules. */
    static String scanFile(ModelRef ref, String rules) {
        String scanner = Scanner.VERSION.replaceAll("[^A-Za-z0-9.-]", "-");
        String id = Sha256.digest(rules.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 12);
        return Layout.scans(ref) + "/" + scanner + "-" + id + ".json";
    }

    private ReleaseResult commit(Function<Snapshot, Change<ReleaseResult>> op) {
        return commit(dryRun, op);
    }

    private ReleaseResult commit(boolean dry, Function<Snapshot, Change<ReleaseResult>> op) {
        Registry.Committed<ReleaseResult> done = Writes.update(registry, signer, dry, op);
        if (dry) {
            return done.result().asDryRun();
        }
        return done.commitId() == null ? done.result() : done.result().withCommit(done.commitId());
    }

    /** Fails fast, before any hashing, on an unknown environment or model and on a missing role. */
    private void precheck(String model, String env, Operation op) {
        writable(registry.head(), env, op).requireModel(model);
    }

    /** As {@link #precheck(String, String, Operation)}, and starts re-hashing the version's blobs in the background. */
    private void precheck(ModelRef ref, String env, Operation op) {
        RegistryView view = writable(registry.head(), env, op);
        view.requireModel(ref.name());
        VersionRecord record = view.requireRecord(ref);
        Deprecations.requireNotRetired(view, ref, clock.instant());
        artifact(record);
    }

    private RegistryView writable(Snapshot head, String env, Operation op) {
        RegistryView view = view(head);
        view.requireEnvironment(env);
        Actors.require(view, signer, op);
        return view;
    }

    static Canary requireCanary(String model, String env, Env e) {
        if (e.canary() == null) {
            throw new NotFound(model + " has no active canary in " + env,
                    "start one with 'airisk canary start " + model + "@VERSION --env " + env + " --weight N'");
        }
        return e.canary();
    }

    private static void requireReason(boolean needed, String reason) {
        if (needed && (reason == null || reason.isBlank())) {
            throw new InvalidInput("a reason is required", "pass --reason TEXT (an incident or change number helps auditors)");
        }
    }

    private static RiskTier tierOf(RegistryView view, ModelRef ref) {
        return view.record(ref).map(r -> r.metadata().riskTier()).orElseGet(() -> view.requireModel(ref.name()).riskTier());
    }

    /** The stored files of a version, re-hashed in the background from the first time they are asked for. */
    private GateInputs.StoredArtifact artifact(VersionRecord record) {
        return artifacts.computeIfAbsent(record.ref(), r -> new GateInputs.StoredArtifact(record, store, containers, parallelism)).start();
    }

    private static String from(Env e) {
        return e.stableVersion().map(v -> " (was " + v + ")").orElse("");
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private RegistryView view(Snapshot s) {
        return new RegistryView(s, codec);
    }
}
