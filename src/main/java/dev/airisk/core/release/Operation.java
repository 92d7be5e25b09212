package dev.airisk.core.release;

import static dev.airisk.core.release.Trailers.CONSUMER;
import static dev.airisk.core.release.Trailers.COUNT;
import static dev.airisk.core.release.Trailers.EMERGENCY;
import static dev.airisk.core.release.Trailers.ENV;
import static dev.airisk.core.release.Trailers.EVALUATION;
import static dev.airisk.core.release.Trailers.FROM;
import static dev.airisk.core.release.Trailers.GATES;
import static dev.airisk.core.release.Trailers.INCIDENT;
import static dev.airisk.core.release.Trailers.INCIDENT_OPENED;
import static dev.airisk.core.release.Trailers.KEY;
import static dev.airisk.core.release.Trailers.KIND;
import static dev.airisk.core.release.Trailers.MODEL;
import static dev.airisk.core.release.Trailers.REASON;
import static dev.airisk.core.release.Trailers.REPLACEMENT;
import static dev.airisk.core.release.Trailers.RETIRE_ON;
import static dev.airisk.core.release.Trailers.ROLE;
import static dev.airisk.core.release.Trailers.RUN;
import static dev.airisk.core.release.Trailers.SLA;
import static dev.airisk.core.release.Trailers.TIME_TO_ROLLBACK;
import static dev.airisk.core.release.Trailers.VERDICT;
import static dev.airisk.core.release.Trailers.VERSION;
import static dev.airisk.core.release.Trailers.WEIGHT;

import dev.airisk.core.Layout;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.policy.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every operation that writes to a registry, one row each: its name on disk (the {@code Airisk-Op}
 * trailer), the role(s) its acting key must hold, the paths it may write, what it may do to the
 * outbox, the trailers it writes and the notice type it queues. The use-cases check their actor with
 * it ({@link Actors#require(RegistryView, dev.airisk.core.port.Signer, Operation, String)}), write their
 * trailers with it ({@link Trailers#op(Operation)}), and {@link CommitRules} verifies every commit
 * against the same row. The names are part of the registry's format and never change.
 */
public enum Operation {
    INIT("init", "initialise a registry", Roles.of(Actors.ADMIN),
            Paths.only(s -> Set.of(Layout.SETTINGS, Layout.POLICY, Layout.ROLES, Layout.trustedKey(s.actor()))),
            OutboxUse.NONE, null),
    REGISTER("register", "register models", Roles.of(Actors.PUBLISHER),
            Paths.only(s -> s.ref() == null ? Set.of() : Set.of(Layout.model(s.model()), Layout.record(s.ref()),
                    Layout.signature(s.ref()), Layout.recordSignature(s.ref()), Layout.vendorSignature(s.ref()))),
            OutboxUse.NONE, null, MODEL, VERSION),
    APPROVE("approve", "approve or reject as %s", Roles.ASKED, Paths.under(s -> s.ref() == null ? null : Layout.approvals(s.ref())),
            OutboxUse.NONE, null, MODEL, VERSION, ENV, ROLE),
    REJECT("reject", "approve or reject as %s", Roles.ASKED, Paths.under(s -> s.ref() == null ? null : Layout.approvals(s.ref())),
            OutboxUse.NONE, null, MODEL, VERSION, ENV, ROLE),
    ATTACH("attach", "attach evidence to %s", Roles.EVIDENCE, Paths.under(s -> s.ref() == null ? null : Layout.attachments(s.ref())),
            OutboxUse.NONE, null, MODEL, VERSION, KIND),
    CHECKLIST("checklist", "attach evidence to %s", Roles.EVIDENCE, Paths.under(s -> s.ref() == null ? null : Layout.checklist(s.ref())),
            OutboxUse.NONE, null, MODEL, VERSION),
    PROMOTE("promote", Releases.PURPOSE, Roles.of(Actors.RELEASER), Paths.STATE_AND_SCANS, OutboxUse.QUEUE, Outbox.PROMOTED,
            MODEL, VERSION, ENV, FROM, WEIGHT, GATES, EMERGENCY),
    CANARY_START("canary-start", Releases.PURPOSE, Roles.of(Actors.RELEASER), Paths.STATE_AND_SCANS, OutboxUse.QUEUE, Outbox.CANARY,
            MODEL, VERSION, ENV, FROM, WEIGHT, GATES, EMERGENCY),
    CANARY_WEIGHT("canary-weight", Releases.PURPOSE, Roles.of(Actors.RELEASER), Paths.STATE, OutboxUse.QUEUE, Outbox.CANARY,
            MODEL, VERSION, ENV, WEIGHT),
    CANARY_PROMOTE("canary-promote", Releases.PURPOSE, Roles.of(Actors.RELEASER), Paths.STATE_AND_SCANS, OutboxUse.QUEUE, Outbox.PROMOTED,
            MODEL, VERSION, ENV, FROM, WEIGHT, GATES, EMERGENCY),
    CANARY_ABORT("canary-abort", Releases.PURPOSE, Roles.of(Actors.RELEASER), Paths.STATE, OutboxUse.QUEUE, Outbox.CANARY,
            MODEL, VERSION, ENV, REASON),
    CANARY_ANALYZE("canary-analyze", CanaryAnalyses.PURPOSE, Roles.of(Actors.RELEASER), Paths.CANARY_ANALYSIS,
            OutboxUse.QUEUE, Outbox.CANARY, MODEL, VERSION, ENV, VERDICT, EVALUATION, REASON),
    ROLLBACK("rollback", Releases.PURPOSE, Roles.of(Actors.RELEASER, Actors.RESPONDER), Paths.STATE_AND_INCIDENT, OutboxUse.QUEUE,
            Outbox.ROLLED_BACK, MODEL, VERSION, ENV, FROM, REASON, INCIDENT_OPENED, TIME_TO_ROLLBACK, SLA, INCIDENT),
    FALLBACK_SET("fallback-set", Releases.FALLBACK_PURPOSE, Roles.of(Actors.RELEASER), Paths.STATE, OutboxUse.NONE, null, MODEL, VERSION, ENV),
    FALLBACK_CLEAR("fallback-clear", Releases.FALLBACK_PURPOSE, Roles.of(Actors.RELEASER), Paths.STATE, OutboxUse.NONE, null,
            MODEL, VERSION, ENV),
    DEPRECATE("deprecate", "deprecate a version", Roles.of(Actors.RELEASER), Paths.DEPRECATIONS, OutboxUse.QUEUE, Outbox.DEPRECATED,
            MODEL, VERSION, RETIRE_ON, REPLACEMENT, REASON),
    UNDEPRECATE("undeprecate", "undeprecate a version", Roles.of(Actors.RELEASER), Paths.DEPRECATIONS, OutboxUse.QUEUE_AND_CANCEL,
            Outbox.UNDEPRECATED, MODEL, VERSION, REASON),
    TRUST("trust", Administration.PURPOSE, Roles.of(Actors.ADMIN), Paths.under(s -> "trust"), OutboxUse.NONE, null, KEY, ROLE),
    REVOKE("revoke", Administration.PURPOSE, Roles.of(Actors.ADMIN), Paths.under(s -> "trust"), OutboxUse.NONE, null, KEY),
    /** A key trusts itself on the strength of its certificate: no role is needed, the CA's grant is checked ({@link Enrolment}). */
    ENROLL("enroll", "enroll a key through its certificate", Roles.of(), Paths.ENROLLED, OutboxUse.NONE, null, KEY, ROLE),
    POLICY_SET("policy-set", Administration.PURPOSE, Roles.of(Actors.ADMIN), Paths.only(s -> Set.of(Layout.POLICY)), OutboxUse.NONE, null),
    CONSUMERS_ADD("consumers-add", "change consumers", Roles.of(Actors.ADMIN, Actors.RELEASER),
            Paths.only(s -> Set.of(Layout.CONSUMERS)), OutboxUse.NONE, null, CONSUMER),
    CONSUMERS_REMOVE("consumers-remove", "change consumers", Roles.of(Actors.ADMIN, Actors.RELEASER),
            Paths.only(s -> Set.of(Layout.CONSUMERS)), OutboxUse.CANCEL, null, CONSUMER),
    NOTIFY_CLAIM("notify-claim", "record notice deliveries", Roles.of(Actors.NOTIFIER, Actors.RELEASER), Paths.OUTBOX_ONLY,
            OutboxUse.PROGRESS, null, RUN, COUNT),
    NOTIFY_RECORD("notify-record", "record notice deliveries", Roles.of(Actors.NOTIFIER, Actors.RELEASER), Paths.OUTBOX_ONLY,
            OutboxUse.PROGRESS, null, RUN, COUNT),
    NOTICES_RETRY("notices-retry", "re-queue notice deliveries", Roles.of(Actors.RELEASER, Actors.ADMIN), Paths.OUTBOX_ONLY,
            OutboxUse.DECIDE, null, CONSUMER, COUNT, REASON),
    NOTICES_ACK("notices-ack", "acknowledge notice deliveries", Roles.of(Actors.RELEASER, Actors.ADMIN), Paths.OUTBOX_ONLY,
            OutboxUse.DECIDE, null, CONSUMER, COUNT, REASON),
    INCIDENT_OPEN("incident-open", Incidents.PURPOSE, Roles.of(Actors.RESPONDER, Actors.RELEASER), Paths.INCIDENT, OutboxUse.QUEUE,
            Outbox.INCIDENT_OPENED, MODEL, VERSION, INCIDENT),
    INCIDENT_NOTE("incident-note", Incidents.PURPOSE, Roles.of(Actors.RESPONDER, Actors.RELEASER), Paths.INCIDENT, OutboxUse.NONE, null,
            MODEL, VERSION, INCIDENT),
    INCIDENT_ATTACH("incident-attach", Incidents.PURPOSE, Roles.of(Actors.RESPONDER, Actors.RELEASER), Paths.INCIDENT, OutboxUse.NONE,
            null, MODEL, VERSION, INCIDENT, KIND),
    INCIDENT_CLOSE("incident-close", Incidents.PURPOSE, Roles.of(Actors.RESPONDER, Actors.RELEASER), Paths.INCIDENT, OutboxUse.QUEUE,
            Outbox.INCIDENT_CLOSED, MODEL, VERSION, INCIDENT),
    MONITOR_EVALUATE("monitor-evaluate", Monitoring.PURPOSE, Roles.of(Actors.RESPONDER, Actors.RELEASER), Paths.EVALUATION, OutboxUse.QUEUE,
            Outbox.MONITORING_BREACHED, MODEL, VERSION, ENV, VERDICT, EVALUATION),
    MONITOR_OVERRIDE("monitor-override", "override a monitoring halt as %s", Roles.ASKED,
            Paths.under(s -> s.ref() == null || s.env() == null ? null : Layout.overrides(s.ref(), s.env())), OutboxUse.NONE, null,
            MODEL, VERSION, ENV, ROLE, REASON),
    MONITOR_ROLLBACK("monitor-rollback", Monitoring.PURPOSE, Roles.of(Actors.RESPONDER, Actors.RELEASER), Paths.MONITOR_ROLLBACK, OutboxUse.QUEUE,
            Outbox.ROLLED_BACK, MODEL, VERSION, ENV, FROM, REASON, VERDICT, EVALUATION, INCIDENT_OPENED, TIME_TO_ROLLBACK, SLA,
            INCIDENT),
    GC("gc", Retention.PURPOSE, Roles.of(Actors.ADMIN), Paths.COLLECTED, OutboxUse.NONE, null, COUNT),
    GC_CLAIM("gc-claim", Retention.PURPOSE, Roles.of(Actors.ADMIN), Paths.only(s -> Set.of(Layout.GC_CLAIM)), OutboxUse.NONE, null, COUNT);

    private final String id;
    private final String purpose;
    private final Roles roles;
    private final Paths paths;
    private final OutboxUse outbox;
    private final String event;
    private final Set<String> trailers;

    Operation(String id, String purpose, Roles roles, Paths paths, OutboxUse outbox, String event, String... trailers) {
        this.id = id;
        this.purpose = purpose;
        this.roles = roles;
        this.paths = paths;
        this.outbox = outbox;
        this.event = event;
        this.trailers = Set.copyOf(Arrays.asList(trailers));
    }

    /** The operation's name on disk, in its commit's {@code Airisk-Op} trailer. */
    public String id() {
        return id;
    }

    /** The operation a commit's {@code Airisk-Op} trailer names, if airisk knows it. */
    public static Optional<Operation> of(String id) {
        return Arrays.stream(values()).filter(o -> o.id.equals(id)).findFirst();
    }

    /** What the operation does, as the role error says it ("... role needed to " + purpose). */
    String purpose(String detail) {
        return purpose.contains("%s") ? purpose.replace("%s", String.valueOf(detail)) : purpose;
    }

    /** The roles of which the acting key must hold one, in the order errors name them; {@code asked}: the role an approval is made in. */
    List<String> roles(Policy policy, String asked) {
        return roles.of(policy, asked);
    }

    /** The problem with the paths a commit of this operation changed outside the outbox, or null. */
    String paths(List<String> changed, Scope scope) {
        return paths.check(changed, scope);
    }

    /** What the operation may do to the outbox. */
    OutboxUse outbox() {
        return outbox;
    }

    /** The notice type the operation queues for consumers, or null when it queues none. */
    public String event() {
        return event;
    }

    /** The trailers the operation writes besides {@code Airisk-Op} and {@code Airisk-Actor}. */
    public Set<String> trailers() {
        return trailers;
    }

    /** True for the operations that change a model's state.yaml. */
    public boolean changesState() {
        return paths == Paths.STATE || paths == Paths.STATE_AND_SCANS || paths == Paths.STATE_AND_INCIDENT || paths == Paths.MONITOR_ROLLBACK;
    }

    /** True for the operations that let a version receive traffic, so they must pass the gates. */
    public boolean gated() {
        return paths == Paths.STATE_AND_SCANS;
    }

    /** What an operation may do to outbox files. */
    enum OutboxUse {
        /** Writes none. */
        NONE,
        /** Queues new deliveries. */
        QUEUE,
        /** Queues new deliveries and cancels pending ones. */
        QUEUE_AND_CANCEL,
        /** Cancels pending deliveries. */
        CANCEL,
        /** Claims deliveries and records their attempts (notify). */
        PROGRESS,
        /** Records a person's decision about deliveries that failed for good. */
        DECIDE;

        boolean writes() {
            return this != NONE;
        }

        boolean creates() {
            return this == QUEUE || this == QUEUE_AND_CANCEL;
        }

        boolean cancels() {
            return this == QUEUE_AND_CANCEL || this == CANCEL;
        }
    }

    /**
     * What a commit names, for the path rules: its actor, model, version and environment (any may be
     * null), whether it changed outbox files, and the incident it records to (its {@code Airisk-Incident}
     * trailer, or null).
     */
    record Scope(String actor, String model, ModelRef ref, String env, boolean outboxChanged, String incident) {
    }

    /** Who may run an operation. */
    private interface Roles {
        List<String> of(Policy policy, String asked);

        static Roles of(String... roles) {
            List<String> fixed = List.of(roles);
            return (policy, asked) -> fixed;
        }

        /** The role an approval is made in. */
        Roles ASKED = (policy, asked) -> List.of(String.valueOf(asked));

        /** The publisher and every approver role of the policy. */
        Roles EVIDENCE = (policy, asked) -> {
            List<String> out = new ArrayList<>();
            out.add(Actors.PUBLISHER);
            out.addAll(Actors.approverRoles(policy));
            return out;
        };
    }

    /** Which paths outside the outbox an operation may change. */
    private interface Paths {
        String check(List<String> changed, Scope scope);

        /** Only these paths, and at least one of them. */
        static Paths only(Function<Scope, Set<String>> allowed) {
            return (changed, s) -> {
                Set<String> ok = allowed.apply(s);
                return first(changed, p -> !ok.contains(p));
            };
        }

        /** Only paths under this folder (null: none), and at least one. */
        static Paths under(Function<Scope, String> dir) {
            return (changed, s) -> {
                String d = dir.apply(s);
                return first(changed, p -> d == null || !p.startsWith(d + "/"));
            };
        }

        /** The model's state.yaml. */
        Paths STATE = only(s -> s.model() == null ? Set.of() : Set.of(Layout.state(s.model())));

        /** The model's state.yaml, and the signed scan reports made for a gated decision. */
        Paths STATE_AND_SCANS = (changed, s) -> STATE.check(changed.stream()
                .filter(p -> s.ref() == null || !p.startsWith(Layout.scans(s.ref()) + "/")).toList(), s);

        /** The signed records of the incident the commit names. */
        Paths INCIDENT = under(s -> s.incident() == null ? null : Layout.incident(s.incident()));

        /** The model's state.yaml, and, when the commit names an incident, that incident's records. */
        Paths STATE_AND_INCIDENT = (changed, s) -> STATE.check(changed.stream()
                .filter(p -> s.incident() == null || !p.startsWith(Layout.incident(s.incident()) + "/")).toList(), s);

        /** One evaluation of the version in the environment. */
        Paths EVALUATION = (changed, s) -> changed.size() > 1 ? changes(changed.get(1))
                : under(x -> x.ref() == null || x.env() == null ? null : Layout.evaluations(x.ref(), x.env())).check(changed, s);

        /**
         * The model's state.yaml, one evaluation of a version of the model in the environment (the version
         * rolled back, which the operation's own check names) and the incident the rollback opens.
         */
        Paths MONITOR_ROLLBACK = (changed, s) -> first(changed, p -> s.model() == null || s.env() == null || s.incident() == null
                || !p.equals(Layout.state(s.model())) && !evaluationOf(p, s.model(), s.env())
                && !p.startsWith(Layout.incident(s.incident()) + "/"));

        /** One canary analysis of the version in the environment, and the model's state.yaml when it aborts the canary. */
        Paths CANARY_ANALYSIS = (changed, s) -> first(changed, p -> s.ref() == null || s.env() == null
                || !p.equals(Layout.state(s.model())) && !p.startsWith(Layout.canaryAnalyses(s.ref(), s.env()) + "/"));

        /** The acting key's public key and role entries, and its certificate chain under one trusted CA's folder. */
        Paths ENROLLED = (changed, s) -> first(changed, p -> !p.equals(Layout.trustedKey(s.actor())) && !p.equals(Layout.ROLES)
                && !(p.startsWith(Layout.TRUST_CAS + "/") && p.endsWith("/keys/" + s.actor() + ".cert.pem") && p.split("/").length == 5));

        /** The model's deprecations. */
        Paths DEPRECATIONS = only(s -> s.model() == null ? Set.of() : Set.of(Layout.deprecations(s.model())));

        /** Nothing but outbox files, and at least one of those. */
        Paths OUTBOX_ONLY = (changed, s) -> changed.isEmpty() ? (s.outboxChanged() ? null : "changes nothing") : changes(changed.get(0));

        /** gc: its claim, its done list, and collected.yaml markers of versions. */
        Paths COLLECTED = (changed, s) -> first(changed, p -> !p.equals(Layout.GC_CLAIM) && !p.equals(Layout.GC_DONE) && !marker(p));

        /** Whether {@code path} is an evaluation of a version of {@code model} in {@code env}. */
        private static boolean evaluationOf(String path, String model, String env) {
            String[] parts = path.split("/");
            return parts.length == 7 && parts[0].equals(Layout.MODELS) && parts[1].equals(model) && parts[2].equals("versions")
                    && parts[4].equals("evaluations") && parts[5].equals(env);
        }

        private static boolean marker(String path) {
            String[] parts = path.split("/");
            return parts.length == 5 && parts[0].equals(Layout.MODELS) && parts[2].equals("versions") && parts[4].equals("collected.yaml");
        }

        private static String first(List<String> changed, Predicate<String> refused) {
            for (String path : changed) {
                if (refused.test(path)) {
                    return changes(path);
                }
            }
            return changed.isEmpty() ? "changes nothing" : null;
        }

        private static String changes(String path) {
            return "changes " + path + ", which its operation may not change";
        }
    }
}
