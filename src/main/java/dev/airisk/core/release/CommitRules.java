package dev.airisk.core.release;

import static dev.airisk.core.model.HexIds.shortId;

import dev.airisk.core.AiriskException;
import dev.airisk.core.Layout;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState.Env;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.notify.OutboxItem;
import dev.airisk.core.policy.GateReport;
import dev.airisk.core.policy.Gates;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.History;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The rules every commit of a registry must keep, checked against the registry as it was just before
 * it (its parent): signed by the key its Airisk-Actor trailer names, that key trusted and holding the
 * role its operation needs at that moment, only the paths its operation may write, versions never
 * changed once written, every state change replaying from the state before it, every promotion
 * through passed gates at the commit's time (or an emergency), outbox deliveries created, progressed
 * and cancelled only as their operations may. {@code audit verify} and the verified reads of every
 * command apply these same rules ({@link HistoryVerifier}). Safe for several threads at once.
 */
final class CommitRules {
    private final RegistryCodec codec;
    private final Attestations attestations;
    private final MonitoringCommits monitoring;

    CommitRules(RegistryCodec codec, Attestations attestations) {
        this.codec = codec;
        this.attestations = attestations;
        this.monitoring = new MonitoringCommits(attestations);
    }

    /** The problem with commit {@code c} of {@code history}, or null when it keeps every rule. */
    String check(History history, History.Commit c) {
        if (c.parents().size() > 1) {
            return "is a merge commit; the registry's history is linear";
        }
        boolean root = c.parents().isEmpty();
        RegistryView after = view(history.at(c.id()));
        RegistryView basis = root ? after : view(history.at(c.parents().get(0)));
        String name = c.trailer(Trailers.OP);
        String actor = c.trailer(Trailers.ACTOR);
        if (name == null || actor == null) {
            return "has no Airisk-Op or Airisk-Actor trailer: it was not written by airisk";
        }
        if (c.signature() == null) {
            return "is not signed";
        }
        // a key enrolling itself is trusted by its own commit, on the strength of its certificate
        String pem = (Operation.ENROLL.id().equals(name) ? after : basis).trustedKeys().get(actor);
        if (pem == null) {
            return "is signed as key " + shortId(actor) + ", which was not trusted at that moment";
        }
        if (!attestations.verifyCommit(c.signature(), c.signedPayload(), pem)) {
            return "has a signature that does not verify with key " + shortId(actor);
        }
        Operation op = Operation.of(name).orElse(null);
        if (op == null) {
            return root ? "is the first commit but not an init" : "records an unknown operation '" + name + "'";
        }
        if (root != (op == Operation.INIT)) {
            return root ? "is the first commit but not an init" : "is an init on a registry that exists";
        }
        List<String> all = history.changedPaths(c.id());
        String problem = immutable(basis, all);
        if (problem != null) {
            return problem;
        }
        List<String> boxed = all.stream().filter(p -> p.startsWith(Layout.OUTBOX + "/")).toList();
        if (!boxed.isEmpty() && !op.outbox().writes()) {
            return "changes " + boxed.get(0) + ", which its operation may not change";
        }
        problem = operation(c, op, actor, basis, after, all, boxed);
        return problem != null || boxed.isEmpty() ? problem : outbox(basis, after, boxed, op, actor);
    }

    /** The rules of one operation: the role and paths of its row in {@link Operation}, then its own checks (the outbox apart). */
    private String operation(History.Commit c, Operation op, String actor, RegistryView basis, RegistryView after, List<String> all,
                             List<String> boxed) {
        List<String> changed = all.stream().filter(p -> !p.startsWith(Layout.OUTBOX + "/")).toList();
        String model = c.trailer(Trailers.MODEL);
        String env = c.trailer(Trailers.ENV);
        ModelRef ref = model != null && c.trailer(Trailers.VERSION) != null
                ? new ModelRef(model, Version.parse(c.trailer(Trailers.VERSION))) : null;
        Operation.Scope scope = new Operation.Scope(actor, model, ref, env, !boxed.isEmpty(), c.trailer(Trailers.INCIDENT));
        return first(() -> op == Operation.ENROLL ? null : role(basis, actor, op.roles(basis.policy(), c.trailer(Trailers.ROLE))),
                () -> op.paths(changed, scope),
                () -> switch (op) {
                    case REGISTER -> registrant(after, ref, actor);
                    case PROMOTE, CANARY_START, CANARY_WEIGHT, CANARY_PROMOTE, CANARY_ABORT, ROLLBACK -> replay(c, op, basis, after, ref, env);
                    case FALLBACK_SET -> first(() -> replay(c, op, basis, after, ref, env),
                            () -> basis.record(ref).isPresent() ? null : "sets fallback " + ref + ", which is not registered");
                    case FALLBACK_CLEAR -> replay(c, op, basis, after, ref, env);
                    case MONITOR_ROLLBACK -> first(() -> replay(c, op, basis, after, ref, env),
                            () -> monitoring.rollback(c, basis, after, changed, actor));
                    case MONITOR_EVALUATE -> monitoring.evaluation(c, basis, after, changed, actor);
                    // an analysis that aborts the canary changes the state as canary abort does
                    case CANARY_ANALYZE -> changed.contains(Layout.state(model)) ? replay(c, op, basis, after, ref, env) : null;
                    case MONITOR_OVERRIDE -> monitoring.override(c, basis, after, changed, actor);
                    case DEPRECATE, UNDEPRECATE -> deprecation(op, after, ref);
                    case GC -> collected(basis, after, changed);
                    case ENROLL -> enrolment(c, actor, basis, after, changed);
                    case INIT, APPROVE, REJECT, ATTACH, CHECKLIST, TRUST, REVOKE, POLICY_SET, CONSUMERS_ADD, CONSUMERS_REMOVE,
                         NOTIFY_CLAIM, NOTIFY_RECORD, NOTICES_RETRY, NOTICES_ACK, GC_CLAIM,
                         INCIDENT_OPEN, INCIDENT_NOTE, INCIDENT_ATTACH, INCIDENT_CLOSE -> null;
                },
                () -> IncidentCommits.check(op, c, actor, basis, after, changed, attestations));
    }

    /**
     * Outbox files: a delivery is created pending, unclaimed and unattempted, only by an operation that
     * queues notices; what it delivers never changes; once sent, failed or cancelled it never changes;
     * it is cancelled only by undeprecate, consumers remove and notify (a reminder overtaken by the
     * retirement), and claimed and attempted only by notify, which keeps a person's decision about it.
     * A delivery that failed for good changes once more only by a decision signed by its actor:
     * {@code notices-retry} makes it pending again, {@code notices-ack} marks a given-up one acknowledged.
     */
    private String outbox(RegistryView basis, RegistryView after, List<String> boxed, Operation op, String actor) {
        boolean create = op.outbox().creates();
        boolean cancel = op.outbox().cancels();
        boolean progress = op.outbox() == Operation.OutboxUse.PROGRESS;
        boolean decide = op.outbox() == Operation.OutboxUse.DECIDE;
        // every changed file, before and after, by delivery id: a delivery leaving pending moves to done
        Map<String, OutboxItem> was = new TreeMap<>();
        Map<String, OutboxItem> now = new TreeMap<>();
        for (String path : boxed) {
            Optional<byte[]> b = basis.snapshot().read(path);
            Optional<byte[]> a = after.snapshot().read(path);
            if (b.isPresent()) {
                OutboxItem i = codec.readOutboxItem(b.get(), path);
                if (!placed(i, path) || was.put(i.id(), i) != null) {
                    return "changes " + path + ", which did not hold its delivery where it belongs";
                }
            }
            if (a.isPresent()) {
                OutboxItem i = codec.readOutboxItem(a.get(), path);
                if (!placed(i, path)) {
                    return "writes delivery " + i.id() + " at " + path + ", which is not its place";
                }
                if (now.put(i.id(), i) != null) {
                    return "writes delivery " + i.id() + " twice";
                }
            }
        }
        for (String id : was.keySet()) {
            if (!now.containsKey(id)) {
                return "deletes delivery " + id + "; the outbox keeps every delivery and receipt";
            }
        }
        for (OutboxItem item : now.values()) {
            String path = Layout.outboxItem(item);
            String problem = "changes " + path + ", which its operation may not change";
            OutboxItem before = was.get(item.id());
            if (before == null) {
                boolean fresh = !basis.snapshot().exists(Layout.outboxDone(item.id()))
                        && !basis.snapshot().exists(Layout.outboxFailed(item.id()))
                        && !basis.snapshot().exists(Layout.outboxPending(item.due(), item.id()));
                if (!create || !fresh || !item.equals(item.identity())) {
                    return create ? "queues " + path + " already claimed, attempted or queued before" : problem;
                }
                continue;
            }
            if (!before.identity().equals(item.identity())) {
                return "changes what delivery " + path + " delivers, which may not change once queued";
            }
            if (decide) {
                String wrong = decision(before, item, op, actor);
                if (wrong != null) {
                    return "changes " + path + ": " + wrong;
                }
                continue;
            }
            if (before.status() != OutboxItem.Status.PENDING) {
                return "changes " + path + ", which was " + before.status().id() + " and may not change";
            }
            boolean cancelling = item.status() == OutboxItem.Status.CANCELLED && item.attempts() == before.attempts();
            if (!(progress || cancel && cancelling)) {
                return problem;
            }
            if (!Objects.equals(before.decision(), item.decision())) {
                return "changes " + path + ": the decision recorded about it may change only by notices retry or ack";
            }
        }
        return null;
    }

    /**
     * Where a delivery may be kept: its place ({@link Layout#outboxItem}); a delivery that failed for
     * good without a decision also with the receipts, where registries kept it before given-up
     * deliveries had a folder of their own.
     */
    private static boolean placed(OutboxItem i, String path) {
        return Layout.outboxItem(i).equals(path) || i.givenUp() && i.decision() == null && Layout.outboxDone(i.id()).equals(path);
    }

    /**
     * A re-queue or acknowledgement of one delivery: it had failed for good (an acknowledgement: and was
     * not acknowledged yet), and it is now exactly that delivery with the decision, by the commit's actor.
     */
    private static String decision(OutboxItem before, OutboxItem item, Operation op,
                                   String actor) {
        if (before.status() != OutboxItem.Status.FAILED) {
            return "it was " + before.status().id() + ", and only a delivery that failed for good is re-queued or acknowledged";
        }
        OutboxItem.Decision d = item.decision();
        if (d == null || !d.by().equals(actor)) {
            return "the decision it records is not by the key that signed the commit";
        }
        boolean retry = op == Operation.NOTICES_RETRY;
        if (!retry && !before.givenUp()) {
            return "it was acknowledged already";
        }
        OutboxItem want = retry ? before.requeued(actor, d.at(), d.reason()) : before.acknowledged(actor, d.at(), d.reason());
        return want.equals(item) ? null : "it is not the delivery as it was with only the " + (retry ? "re-queue" : "acknowledgement") + " recorded";
    }

    /** A deprecate commit records its version; an undeprecate commit removes it. */
    private static String deprecation(Operation op, RegistryView after, ModelRef ref) {
        if (ref == null) {
            return "names no model version";
        }
        boolean present = after.deprecation(ref).isPresent();
        return (op == Operation.DEPRECATE) != present ? op.id() + " of " + ref + " does not " + (present ? "remove" : "record")
                + " its deprecation" : null;
    }

    /** gc collects only versions retired longer ago than the retention at its marker's time (the table allows the paths). */
    private static String collected(RegistryView basis, RegistryView after, List<String> changed) {
        Duration retention = basis.policy().notices().retention();
        for (String path : changed) {
            if (path.equals(Layout.GC_CLAIM) || path.equals(Layout.GC_DONE)) {
                continue;
            }
            String[] parts = path.split("/");
            ModelRef ref = new ModelRef(parts[1], Version.parse(parts[3]));
            Instant t = after.collected(ref).orElseThrow().at();
            boolean due = basis.deprecation(ref).filter(d -> !t.isBefore(d.retiresAt().plus(retention))).isPresent();
            if (!due) {
                return "collects " + ref + ", which was not retired longer ago than the retention";
            }
        }
        return null;
    }

    /** Nothing under a version's folder may change once it is there. */
    private static String immutable(RegistryView basis, List<String> changed) {
        for (String path : changed) {
            if (path.startsWith(Layout.MODELS + "/") && path.contains("/versions/") && basis.snapshot().exists(path)) {
                return "changes " + path + ", which may not change once written";
            }
        }
        return null;
    }

    private static String role(RegistryView basis, String actor, List<String> roles) {
        if (roles.stream().noneMatch(r -> basis.roles().has(actor, r))) {
            return "is signed by key " + shortId(actor) + ", which did not hold the " + String.join(" or ", roles)
                    + " role at that moment";
        }
        return null;
    }

    /**
     * An enrolment: the key's chain, kept under a CA's folder, certifies it under that CA at the commit's
     * time, and the key gained only roles the CA grants its identities, no other key's roles changed.
     */
    private String enrolment(History.Commit c, String actor, RegistryView basis, RegistryView after, List<String> changed) {
        String chainPath = changed.stream().filter(p -> p.startsWith(Layout.TRUST_CAS + "/")).findFirst().orElse(null);
        if (chainPath == null) {
            return "enrolls key " + shortId(actor) + " without its certificate chain";
        }
        String caId = chainPath.split("/")[2];
        String chain = after.snapshot().read(chainPath).map(b -> new String(b, StandardCharsets.US_ASCII)).orElse("");
        Enrolment.Grant grant;
        try {
            grant = Enrolment.grant(basis, attestations, after.trustedKeys().get(actor), chain, c.time(), caId);
        } catch (AiriskException e) {
            return "enrolls key " + shortId(actor) + ", but " + e.getMessage();
        }
        Set<String> allowed = new TreeSet<>(basis.roles().rolesOf(actor));
        allowed.addAll(grant.roles());
        Set<String> held = after.roles().rolesOf(actor);
        if (!allowed.containsAll(held)) {
            return "enrolls key " + shortId(actor) + " as " + String.join(", ", held) + ", but its certificate earns only "
                    + String.join(", ", grant.roles());
        }
        for (String role : Stream.concat(basis.roles().byRole().keySet().stream(), after.roles().byRole().keySet().stream())
                .distinct().toList()) {
            List<String> was = basis.roles().byRole().getOrDefault(role, List.of()).stream().filter(k -> !k.equals(actor)).toList();
            List<String> now = after.roles().byRole().getOrDefault(role, List.of()).stream().filter(k -> !k.equals(actor)).toList();
            if (!was.equals(now)) {
                return "enrolls key " + shortId(actor) + " but changes the holders of role " + role;
            }
        }
        return null;
    }

    private static String registrant(RegistryView after, ModelRef ref, String actor) {
        VersionRecord record = after.requireRecord(ref);
        if (!record.registeredBy().equals(actor)) {
            return "records " + ref + " as registered by " + shortId(record.registeredBy()) + " but is signed by " + shortId(actor);
        }
        boolean vendorSig = after.vendorSignature(ref).isPresent();
        if (vendorSig != record.metadata().fromVendor()) {
            return vendorSig ? "writes vendor.sig for " + ref + ", whose record does not say source: vendor"
                    : "records " + ref + " as source: vendor without vendor.sig";
        }
        return null;
    }

    /**
     * The committed state must be the state before with this one operation applied, by the same
     * {@link Transition} the command applies; promotions must pass their gates.
     */
    private String replay(History.Commit c, Operation op, RegistryView basis, RegistryView after, ModelRef ref, String env) {
        if (ref == null || env == null || !basis.settings().environments().contains(env)) {
            return "names no model version or known environment";
        }
        Env e = basis.state(ref.name()).env(env);
        Instant t = c.time();
        Transition move = transition(c, op, ref.version());
        String refused = move.refusal(e, ref, env);
        if (refused != null) {
            return refused;
        }
        ReleaseState want = basis.state(ref.name()).with(env, move.apply(e));
        ReleaseState got = after.state(ref.name());
        if (!shape(want).equals(shape(got))) {
            return "writes a state.yaml for " + ref.name() + " that does not follow from its operation (" + op.id() + " " + ref + " in " + env + ")";
        }
        if (op.gated()) {
            VersionRecord record = basis.requireRecord(ref);
            boolean emergency = c.trailer(Trailers.EMERGENCY) != null;
            GateReport report = Gates.run(new GateInputs(attestations).of(basis, record, env, t, emergency, null), false);
            if (!report.allowed()) {
                return op.id() + " of " + ref + " to " + env + " did not pass its gates: " + report.summary();
            }
        }
        return null;
    }

    /** The state change a commit of a release operation records, from its trailers and time. */
    static Transition transition(History.Commit c, Operation op, Version version) {
        return new Transition(op, version, weight(c), c.time(), c.trailer(Trailers.ACTOR), c.trailer(Trailers.REASON));
    }

    private static int weight(History.Commit c) {
        try {
            return Integer.parseInt(String.valueOf(c.trailer(Trailers.WEIGHT)));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The state without times and actors: what an operation decides, which the replay compares. */
    static String shape(ReleaseState s) {
        StringBuilder b = new StringBuilder();
        s.environments().forEach((name, e) -> {
            b.append(name).append(": stable=").append(e.stableVersion().orElse(null));
            b.append(" previous=").append(e.previous().stream().map(p -> p.version().toString()).toList());
            b.append(" rolled_back=").append(e.rolledBack().stream().map(r -> r.version().toString()).toList());
            b.append(" canary=").append(e.canary() == null ? null : e.canary().version() + "@" + e.canary().weight());
            b.append(" fallback=").append(e.fallbackVersion().orElse(null));
            b.append('\n');
        });
        return b.toString();
    }

    /** The first problem found, checking in order and stopping there. */
    @SafeVarargs
    private static String first(Supplier<String>... checks) {
        for (Supplier<String> check : checks) {
            String p = check.get();
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private RegistryView view(Snapshot s) {
        return new RegistryView(s, codec);
    }
}
