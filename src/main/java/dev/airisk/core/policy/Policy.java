package dev.airisk.core.policy;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Durations;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.scan.ScanRules;
import dev.airisk.core.scan.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code policy.yaml}: which gates run and how strictly, what each environment allows, and what
 * each risk tier requires. Every collection is non-null; an absent section means "no requirement".
 *
 * @param gates                 gate id to mode; a gate that is not named runs in {@link GateMode#ENFORCE}; a tier
 *                              may set its own mode for a gate ({@link TierRules#gates()})
 * @param environments          environment name to its rules
 * @param tiers                 risk tier to what it requires
 * @param freezes               change-freeze windows
 * @param prohibitedAttributes  personal attributes no model may take as input (compared case-insensitively)
 * @param checklist             the EU AI Act high-risk checklist, in order
 * @param scanning              how artifact scans are judged
 * @param notices               when deprecation reminders are sent, how failed deliveries are retried, retention
 * @param approvalRules         what approvals stop counting for
 * @param vendors               vendor name to the supplier whose signed models may be registered
 */
public record Policy(Map<String, GateMode> gates, Map<String, EnvironmentRules> environments,
                     Map<RiskTier, TierRules> tiers, List<FreezeWindow> freezes, List<String> prohibitedAttributes,
                     List<ChecklistItem> checklist, Scanning scanning, Notices notices, ApprovalRules approvalRules,
                     Map<String, Vendor> vendors) {

    /** The ids of the built-in gates, in the order they run and are reported (each gate declares its own). */
    public static final List<String> GATES = Gates.builtIn().stream().map(Gate::id).toList();

    /** The gates a risk tier may set its own mode for: all but the tier gate, which decides which tier applies. */
    public static final List<String> TIER_GATES = GATES.stream().filter(g -> !g.equals(TierGate.ID)).toList();

    /** Metadata fields a tier may require (record.yaml names). */
    public static final List<String> METADATA_FIELDS = List.of("owner", "intended_use", "description", "datasets",
            "metrics", "code_commit", "base_models", "regions", "training_regions", "processes_pii", "risk_rating",
            "vendor", "input_schema");

    /** Conditions an attachment rule may name. */
    public static final List<String> ATTACHMENT_CONDITIONS = List.of("processes_pii", "high_stakes", "vendor");

    /** What an id (a checklist item, an attachment kind) may be made of. */
    public static final String ID_RULE = "1-64 lower-case letters, digits or '-', starting with a letter or digit";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** The longest duration a policy may give (100 years). */
    public static final Duration LONGEST = Duration.ofDays(36_525);

    /** What a role named in approvals may be made of. */
    public static final String ROLE_RULE = "1-32 lower-case letters, digits or '-', starting with a letter";
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** The most approvals a tier may ask of one role. */
    public static final int MOST_APPROVALS = 1000;

    /** {@code id} when it is made as {@link #ID_RULE} says; else InvalidInput naming it as {@code what}. */
    public static String id(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInput(what + " '" + id + "' is not " + ID_RULE, null);
        }
        return id;
    }

    /** {@code when} when it is null (always) or one of {@link #ATTACHMENT_CONDITIONS}; else InvalidInput. */
    public static String condition(String when) {
        if (when != null && !ATTACHMENT_CONDITIONS.contains(when)) {
            throw new InvalidInput("attachment condition '" + when + "' is not one of " + String.join(", ", ATTACHMENT_CONDITIONS),
                    null);
        }
        return when;
    }

    /** Whether {@code role} is made as {@link #ROLE_RULE} says. */
    public static boolean isRole(String role) {
        return role != null && ROLE.matcher(role).matches();
    }

    /** What is wrong with {@code d} as a policy duration ("is not longer than zero", ...), or null when nothing is. */
    public static String durationProblem(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return "is not longer than zero";
        }
        return d.compareTo(LONGEST) > 0 ? "is longer than 100 years" : null;
    }

    /** {@code d} when it is null or {@link #durationProblem} finds nothing wrong; else InvalidInput naming it as {@code what}. */
    static Duration duration(String what, Duration d) {
        String problem = d == null ? null : durationProblem(d);
        if (problem != null) {
            throw new InvalidInput(what + " " + Durations.format(d) + " " + problem, null);
        }
        return d;
    }

    public Policy {
        gates = Collections.unmodifiableMap(new TreeMap<>(gates == null ? Map.of() : gates));
        gates.keySet().stream().filter(g -> !GATES.contains(g)).findFirst().ifPresent(g -> {
            throw new InvalidInput("unknown gate '" + g + "'", "use one of " + String.join(", ", GATES));
        });
        environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments == null ? Map.of() : environments));
        EnumMap<RiskTier, TierRules> t = new EnumMap<>(RiskTier.class);
        if (tiers != null) {
            t.putAll(tiers);
        }
        tiers = Collections.unmodifiableMap(t);
        freezes = freezes == null ? List.of() : List.copyOf(freezes);
        prohibitedAttributes = prohibitedAttributes == null ? List.of() : List.copyOf(prohibitedAttributes);
        checklist = checklist == null ? List.of() : List.copyOf(checklist);
        scanning = scanning == null ? Scanning.DEFAULT : scanning;
        notices = notices == null ? Notices.DEFAULT : notices;
        approvalRules = approvalRules == null ? ApprovalRules.DEFAULT : approvalRules;
        vendors = Collections.unmodifiableMap(new TreeMap<>(vendors == null ? Map.of() : vendors));
    }

    /** A policy that lists no vendors. */
    public Policy(Map<String, GateMode> gates, Map<String, EnvironmentRules> environments, Map<RiskTier, TierRules> tiers,
                  List<FreezeWindow> freezes, List<String> prohibitedAttributes, List<ChecklistItem> checklist,
                  Scanning scanning, Notices notices, ApprovalRules approvalRules) {
        this(gates, environments, tiers, freezes, prohibitedAttributes, checklist, scanning, notices, approvalRules, null);
    }

    /** A policy with the default approval rules. */
    public Policy(Map<String, GateMode> gates, Map<String, EnvironmentRules> environments, Map<RiskTier, TierRules> tiers,
                  List<FreezeWindow> freezes, List<String> prohibitedAttributes, List<ChecklistItem> checklist,
                  Scanning scanning, Notices notices) {
        this(gates, environments, tiers, freezes, prohibitedAttributes, checklist, scanning, notices, null);
    }

    /** A policy with the default notice and retention settings. */
    public Policy(Map<String, GateMode> gates, Map<String, EnvironmentRules> environments, Map<RiskTier, TierRules> tiers,
                  List<FreezeWindow> freezes, List<String> prohibitedAttributes, List<ChecklistItem> checklist,
                  Scanning scanning) {
        this(gates, environments, tiers, freezes, prohibitedAttributes, checklist, scanning, null, null);
    }

    /** A policy with the default scanning rules. */
    public Policy(Map<String, GateMode> gates, Map<String, EnvironmentRules> environments, Map<RiskTier, TierRules> tiers,
                  List<FreezeWindow> freezes, List<String> prohibitedAttributes, List<ChecklistItem> checklist) {
        this(gates, environments, tiers, freezes, prohibitedAttributes, checklist, null, null, null);
    }

    /** The policy of a registry whose policy.yaml configures nothing: every gate on, nothing required. */
    public static Policy empty() {
        return new Policy(null, null, null, null, null, null, null, null, null, null);
    }

    /** The vendor the policy lists under {@code name}, if any. */
    public Optional<Vendor> vendor(String name) {
        return Optional.ofNullable(vendors.get(name));
    }

    public GateMode mode(String gateId) {
        return gates.getOrDefault(gateId, GateMode.ENFORCE);
    }

    /**
     * How a gate runs for a version of {@code tier}: the tier's own mode for it, else the top-level
     * one. The tier gate of an unacceptable-risk version is enforced whatever the modes say: no policy
     * makes such a system promotable. A null tier (none recorded) takes the top-level mode.
     */
    public GateMode mode(String gateId, RiskTier tier) {
        if (tier == RiskTier.UNACCEPTABLE && gateId.equals(TierGate.ID)) {
            return GateMode.ENFORCE;
        }
        GateMode own = tier(tier).gates().get(gateId);
        return own != null ? own : mode(gateId);
    }

    public EnvironmentRules environment(String env) {
        return environments.getOrDefault(env, EnvironmentRules.NONE);
    }

    public TierRules tier(RiskTier tier) {
        return tier == null ? TierRules.NONE : tiers.getOrDefault(tier, TierRules.NONE);
    }

    /** How strictly a gate runs. */
    public enum GateMode {
        ENFORCE, WARN, OFF;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What one environment allows.
     *
     * @param minSoak         how long a version must have been stable in the previous environment; null = no minimum
     * @param allowedRegions  regions models may be trained and served in; empty = any
     * @param allowPrerelease whether prerelease versions may enter; null = every environment but the last
     * @param requiresEvaluation entering needs a healthy monitoring evaluation of the version in the previous
     *                        environment no older than this; null = none needed
     */
    public record EnvironmentRules(Duration minSoak, List<String> allowedRegions, Boolean allowPrerelease,
                                   Duration requiresEvaluation) {
        public static final EnvironmentRules NONE = new EnvironmentRules(null, null, null, null);

        public EnvironmentRules {
            duration("min_soak", minSoak);
            duration("requires_evaluation", requiresEvaluation);
            allowedRegions = allowedRegions == null ? List.of() : List.copyOf(allowedRegions);
        }

        /** Rules that need no monitoring evaluation. */
        public EnvironmentRules(Duration minSoak, List<String> allowedRegions, Boolean allowPrerelease) {
            this(minSoak, allowedRegions, allowPrerelease, null);
        }
    }

    /**
     * What a risk tier requires.
     *
     * @param metadata    metadata fields that must be present (names from {@link #METADATA_FIELDS})
     * @param metrics     metric thresholds, all of which must hold (a missing metric fails)
     * @param attachments documents that must be attached
     * @param checklist   whether every item of the policy's checklist must be answered yes with evidence
     * @param approvals   environment to (role to the number of distinct keys needed)
     * @param rollbackSla the longest allowed time from an incident being opened to its rollback; null = none
     * @param gates       gate id to the mode it runs in for this tier, over the policy's top-level mode; the tier
     *                    gate is never named here (it decides which tier applies)
     * @param monitoring  how a version of this tier is judged in production; {@link MonitoringRules#NONE} when absent
     * @param incidents   what closing an incident about a version of this tier needs
     * @param canary      what a canary must show before it is promoted; {@link CanaryRules#NONE} when absent
     */
    public record TierRules(List<String> metadata, List<Threshold> metrics, List<AttachmentRule> attachments,
                            boolean checklist, Map<String, Map<String, Integer>> approvals, Duration rollbackSla,
                            Map<String, GateMode> gates, MonitoringRules monitoring, IncidentRules incidents, CanaryRules canary) {
        public static final TierRules NONE = new TierRules(null, null, null, false, null, null);

        public TierRules {
            metadata = metadata == null ? List.of() : List.copyOf(metadata);
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
            Map<String, Map<String, Integer>> a = new LinkedHashMap<>();
            if (approvals != null) {
                approvals.forEach((env, roles) -> a.put(env, Collections.unmodifiableMap(new TreeMap<>(roles))));
            }
            approvals = Collections.unmodifiableMap(a);
            approvals.values().forEach(TierRules::checkApprovals);
            duration("rollback_sla", rollbackSla);
            incidents = incidents == null ? IncidentRules.NONE : incidents;
            gates = Collections.unmodifiableMap(new TreeMap<>(gates == null ? Map.of() : gates));
            gates.keySet().stream().filter(g -> !TIER_GATES.contains(g)).findFirst().ifPresent(g -> {
                throw new InvalidInput("gate '" + g + "' cannot be set per risk tier",
                        GATES.contains(g) ? "set it under the top-level 'gates:'" : "use one of " + String.join(", ", TIER_GATES));
            });
            monitoring = monitoring == null ? MonitoringRules.NONE : monitoring;
            canary = canary == null ? CanaryRules.NONE : canary;
        }

        /** Rules without a canary section. */
        public TierRules(List<String> metadata, List<Threshold> metrics, List<AttachmentRule> attachments,
                         boolean checklist, Map<String, Map<String, Integer>> approvals, Duration rollbackSla,
                         Map<String, GateMode> gates, MonitoringRules monitoring, IncidentRules incidents) {
            this(metadata, metrics, attachments, checklist, approvals, rollbackSla, gates, monitoring, incidents, null);
        }

        /** Rules with a monitoring section and no incident rules of their own. */
        public TierRules(List<String> metadata, List<Threshold> metrics, List<AttachmentRule> attachments,
                         boolean checklist, Map<String, Map<String, Integer>> approvals, Duration rollbackSla,
                         Map<String, GateMode> gates, MonitoringRules monitoring) {
            this(metadata, metrics, attachments, checklist, approvals, rollbackSla, gates, monitoring, null);
        }

        /** Rules with incident rules and no monitoring section. */
        public TierRules(List<String> metadata, List<Threshold> metrics, List<AttachmentRule> attachments,
                         boolean checklist, Map<String, Map<String, Integer>> approvals, Duration rollbackSla,
                         Map<String, GateMode> gates, IncidentRules incidents) {
            this(metadata, metrics, attachments, checklist, approvals, rollbackSla, gates, null, incidents);
        }

        /** Rules without a monitoring section or incident rules. */
        public TierRules(List<String> metadata, List<Threshold> metrics, List<AttachmentRule> attachments,
                         boolean checklist, Map<String, Map<String, Integer>> approvals, Duration rollbackSla,
                         Map<String, GateMode> gates) {
            this(metadata, metrics, attachments, checklist, approvals, rollbackSla, gates, null, null);
        }

        /** Rules that set no gate mode of their own. */
        public TierRules(List<String> metadata, List<Threshold> metrics, List<AttachmentRule> attachments,
                         boolean checklist, Map<String, Map<String, Integer>> approvals, Duration rollbackSla) {
            this(metadata, metrics, attachments, checklist, approvals, rollbackSla, null, null, null);
        }

        /** Each role named as {@link #ROLE_RULE} says, each count from 1 to {@link #MOST_APPROVALS}; else InvalidInput. */
        public static void checkApprovals(Map<String, Integer> roles) {
            roles.forEach((role, n) -> {
                if (!isRole(role)) {
                    throw new InvalidInput("role '" + role + "' is not a role name (" + ROLE_RULE + ")", null);
                }
                if (n == null || n < 1 || n > MOST_APPROVALS) {
                    throw new InvalidInput("'" + n + "' is not a number of approvals (1 to " + MOST_APPROVALS + ")",
                            "remove the role to require no approval from it");
                }
            });
        }

        /** Role to number of distinct keys needed to enter {@code env}; empty when none. */
        public Map<String, Integer> approvalsFor(String env) {
            return approvals.getOrDefault(env, Map.of());
        }
    }

    /**
     * What closing an incident needs, per risk tier (policy.yaml {@code tiers.<tier>.incidents:}).
     *
     * @param requireReview a root cause and a post-incident review document (attachment kind
     *                      {@code post-incident-review}) before an incident may be closed
     */
    public record IncidentRules(boolean requireReview) {
        public static final IncidentRules NONE = new IncidentRules(false);
    }

    /**
     * A document a tier requires.
     *
     * @param kind         the attachment kind, e.g. {@code bias-audit}
     * @param when         null (always) or one of {@link #ATTACHMENT_CONDITIONS}
     * @param environments the environments it is needed for; empty = every environment
     */
    public record AttachmentRule(String kind, String when, List<String> environments) {
        public AttachmentRule {
            id("attachment kind", kind);
            condition(when);
            environments = environments == null ? List.of() : List.copyOf(environments);
        }
    }

    /** No promotion into {@code environments} (empty = all) from {@code from} until {@code until}. */
    public record FreezeWindow(Instant from, Instant until, List<String> environments, String reason) {
        public FreezeWindow {
            requireOrder(from, until);
            environments = environments == null ? List.of() : List.copyOf(environments);
        }

        /** Nothing when a freeze from {@code from} to {@code until} ends after it starts; else InvalidInput. */
        public static void requireOrder(Instant from, Instant until) {
            if (!until.isAfter(from)) {
                throw new InvalidInput("freeze until " + until + " is not after its start " + from,
                        "a freeze ends after it starts; swap the two or fix the dates");
            }
        }

        public boolean covers(String env, Instant at) {
            return (environments.isEmpty() || environments.contains(env)) && !at.isBefore(from) && at.isBefore(until);
        }
    }

    /**
     * How scans of a version's files are judged (policy.yaml {@code scan:}).
     *
     * @param failOn            the scan gate fails on a finding at or above this severity
     * @param safeCallables     {@code module.name} callables to accept in pickles besides the built-in allowlist
     * @param dangerous         the severity of a dangerous import
     * @param unknown           the severity of an unknown import
     * @param unknownHighRisk   the severity of an unknown import in a model of the high risk tier
     * @param enforceAtRegister whether {@code register} refuses files with critical findings (else it warns)
     */
    public record Scanning(Severity failOn, Set<String> safeCallables, Severity dangerous, Severity unknown,
                           Severity unknownHighRisk, boolean enforceAtRegister) {
        public static final Scanning DEFAULT = new Scanning(Severity.HIGH, Set.of(), Severity.CRITICAL,
                Severity.MEDIUM, Severity.HIGH, false);

        public Scanning {
            safeCallables = Set.copyOf(safeCallables);
        }

        /** The rules the scanner applies. */
        public ScanRules rules() {
            return new ScanRules(safeCallables, dangerous, unknownHighRisk, unknown);
        }
    }

    /**
     * Notices and retention (policy.yaml {@code notices:}).
     *
     * @param reminders    how long before a deprecated version retires its consumers are reminded, longest first
     * @param retryInitial the first backoff after a failed delivery; it doubles with every further failure
     * @param maxAge       a delivery still failing this long after it was due is given up, with a final report
     * @param lease        how long a notify run's claim on a delivery holds before another run may take it over
     * @param retention    how long after retirement a version's artifacts are kept before {@code airisk gc} deletes them
     */
    public record Notices(List<Duration> reminders, Duration retryInitial, Duration maxAge, Duration lease, Duration retention) {
        public static final Notices DEFAULT = new Notices(List.of(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1)),
                Duration.ofMinutes(1), Duration.ofDays(7), Duration.ofMinutes(10), Duration.ofDays(365));

        public Notices {
            reminders = reminders.stream().distinct().sorted(Comparator.reverseOrder()).toList();
            reminders.forEach(r -> duration("reminder", r));
            duration("retry_initial", Objects.requireNonNull(retryInitial, "retryInitial"));
            duration("max_age", Objects.requireNonNull(maxAge, "maxAge"));
            duration("lease", Objects.requireNonNull(lease, "lease"));
            duration("retention", Objects.requireNonNull(retention, "retention"));
        }
    }

    /**
     * What approvals stop counting for (policy.yaml {@code approvals:}).
     *
     * @param invalidateOnRollback a version rolled back out of an environment needs fresh approvals for it:
     *                             approvals for that environment signed before the rollback no longer count
     */
    public record ApprovalRules(boolean invalidateOnRollback) {
        public static final ApprovalRules DEFAULT = new ApprovalRules(true);
    }

    /** One item of the high-risk checklist. */
    public record ChecklistItem(String id, String text) {
        public ChecklistItem {
            Policy.id("checklist item id", id);
            Objects.requireNonNull(text, "text");
        }
    }
}
