package dev.airisk.adapters.yaml;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Durations;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.policy.BreachAction;
import dev.airisk.core.policy.CanaryRules;
import dev.airisk.core.policy.MonitoringRules;
import dev.airisk.core.policy.Policy.AttachmentRule;
import dev.airisk.core.policy.Policy.ChecklistItem;
import dev.airisk.core.policy.Policy.EnvironmentRules;
import dev.airisk.core.policy.Policy.FreezeWindow;
import dev.airisk.core.policy.Policy.GateMode;
import dev.airisk.core.policy.Policy.TierRules;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.policy.Threshold;
import dev.airisk.core.scan.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code policy.yaml}: gate modes, the prohibited attributes, the high-risk checklist, change
 * freezes, rules per environment and requirements per risk tier. Every key is optional; every name
 * the policy uses (gates, environments, tiers, metadata fields, conditions) must be one airisk or
 * the registry knows, so a typo is an error naming the line instead of a requirement that is
 * silently never checked. What a value may be (ids, attachment conditions, durations, a freeze's
 * order, approval counts, gate ids) is the rule of the {@code core.policy} records, which refuse
 * anything else; this class reports their refusals at the line of the value.
 */
final class PolicyYaml {
    static final List<String> KEYS = List.of("gates", "prohibited_attributes", "checklist", "freeze", "environments",
            "tiers", "scan", "notices", "approvals", "vendors");
    private static final List<String> APPROVALS_KEYS = List.of("invalidate_on_rollback");
    private static final List<String> NOTICES_KEYS = List.of("reminders", "retry_initial", "max_age", "lease", "retention");
    private static final List<String> SCAN_KEYS = List.of("fail_on", "safe_callables", "severity", "register");
    private static final List<String> SCAN_SEVERITY_KEYS = List.of("dangerous", "unknown", "unknown_high_risk");
    private static final Pattern CALLABLE = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    private static final List<String> CHECKLIST_KEYS = List.of("id", "text");
    private static final List<String> FREEZE_KEYS = List.of("from", "until", "environments", "reason");
    private static final List<String> ENVIRONMENT_KEYS = List.of("min_soak", "allowed_regions", "allow_prerelease",
            "requires_evaluation");
    private static final List<String> TIER_KEYS = List.of("metadata", "metrics", "attachments", "checklist",
            "approvals", "rollback_sla", "gates", "monitoring", "incidents", "canary");
    private static final List<String> INCIDENT_KEYS = List.of("require_review");
    private static final List<String> MONITORING_KEYS = List.of("min_rows", "max_feature_psi", "max_score_psi",
            "confidence_floor", "max_below_floor", "max_null_rate", "max_schema_violations", "max_error_rate",
            "max_latency_p99", "min_accuracy", "min_auc", "on_breach", "override_role");
    private static final List<String> CANARY_LIMIT_KEYS = List.of("min_samples", "min_duration", "min_agreement", "max_ks",
            "max_psi", "max_mean_score_diff", "max_p99_score_diff", "required_label_metrics", "max_accuracy_drop",
            "max_auc_drop");
    private static final List<String> ATTACHMENT_KEYS = List.of("kind", "when", "environments");

    private static final String DURATION = "a duration like 90m, 24h, 7d or PT24H";
    private static final String TIME = "an ISO-8601 time like 2026-12-20T00:00:00Z or a date like 2026-12-20";

    private final List<String> registryEnvironments;

    private PolicyYaml(List<String> registryEnvironments) {
        this.registryEnvironments = List.copyOf(registryEnvironments);
    }

    /** Reads the policy; {@code environments} are the registry's, in promotion order. */
    static Policy read(Node node, List<String> environments) {
        return new PolicyYaml(environments).policy(node);
    }

    private Policy policy(Node node) {
        node.fields(KEYS);
        List<ChecklistItem> checklist = checklist(node.get("checklist"));
        return new Policy(
                gates(node),
                environments(node),
                tiers(node, !checklist.isEmpty()),
                freezes(node.get("freeze")),
                prohibitedAttributes(node.get("prohibited_attributes")),
                checklist,
                scanning(node.get("scan")),
                notices(node.get("notices")),
                approvalRules(node.get("approvals")),
                VendorsYaml.vendors(node.get("vendors")));
    }

    private static Policy.ApprovalRules approvalRules(Node approvals) {
        if (approvals == null) {
            return Policy.ApprovalRules.DEFAULT;
        }
        approvals.fields(APPROVALS_KEYS);
        Node invalidate = approvals.get("invalidate_on_rollback");
        return invalidate == null ? Policy.ApprovalRules.DEFAULT : new Policy.ApprovalRules(invalidate.bool());
    }

    // ---- notices

    private static Policy.Notices notices(Node notices) {
        Policy.Notices d = Policy.Notices.DEFAULT;
        if (notices == null) {
            return d;
        }
        notices.fields(NOTICES_KEYS);
        List<Duration> reminders = d.reminders();
        Node list = notices.get("reminders");
        if (list != null) {
            reminders = new ArrayList<>();
            Set<Duration> seen = new HashSet<>();
            for (Node item : items(list)) {
                Duration r = duration(item);
                if (!seen.add(r)) {
                    throw item.error(item.name() + " '" + Node.shown(item.text()) + "' is given twice");
                }
                reminders.add(r);
            }
        }
        return new Policy.Notices(reminders, durationOr(notices.get("retry_initial"), d.retryInitial()),
                durationOr(notices.get("max_age"), d.maxAge()), durationOr(notices.get("lease"), d.lease()),
                durationOr(notices.get("retention"), d.retention()));
    }

    private static Duration durationOr(Node node, Duration fallback) {
        return node == null ? fallback : duration(node);
    }

    // ---- scan

    private static Policy.Scanning scanning(Node scan) {
        Policy.Scanning d = Policy.Scanning.DEFAULT;
        if (scan == null) {
            return d;
        }
        scan.fields(SCAN_KEYS);
        Set<String> safe = new TreeSet<>();
        for (Node item : items(scan.get("safe_callables"))) {
            String name = nonBlank(item);
            if (!CALLABLE.matcher(name).matches()) {
                throw item.error(item.name() + " '" + Node.shown(name) + "' is not a module.name callable",
                        "write it as the pickle names it, e.g. mylib.layers.Dense");
            }
            safe.add(name);
        }
        Node severity = scan.get("severity");
        Severity dangerous = d.dangerous();
        Severity unknown = d.unknown();
        Severity unknownHigh = d.unknownHighRisk();
        if (severity != null) {
            severity.fields(SCAN_SEVERITY_KEYS);
            dangerous = severity(severity.get("dangerous"), dangerous);
            unknown = severity(severity.get("unknown"), unknown);
            unknownHigh = severity(severity.get("unknown_high_risk"), unknownHigh);
        }
        Node register = scan.get("register");
        boolean enforce = false;
        if (register != null) {
            String mode = register.text();
            if (!mode.equals("warn") && !mode.equals("enforce")) {
                throw register.error(register.name() + " '" + Node.shown(mode) + "' is not one of warn, enforce");
            }
            enforce = mode.equals("enforce");
        }
        return new Policy.Scanning(severity(scan.get("fail_on"), d.failOn()), safe, dangerous, unknown, unknownHigh, enforce);
    }

    private static Severity severity(Node node, Severity fallback) {
        return node == null ? fallback : node.as(Severity::parse, "one of low, medium, high, critical");
    }

    // ---- gates

    private static Map<String, GateMode> gates(Node policy) {
        return gateModes(policy.get("gates"), Policy.GATES, "");
    }

    /** A mapping of gate id to mode; {@code known} are the gates it may name, {@code where} is " in PATH" or empty. */
    private static Map<String, GateMode> gateModes(Node gates, List<String> known, String where) {
        Map<String, GateMode> out = new LinkedHashMap<>();
        if (gates == null) {
            return out;
        }
        for (String gate : gates.keys()) {
            if (!known.contains(gate)) {
                if (Policy.GATES.contains(gate)) {
                    throw gates.errorAtKey(gate, "gate '" + gate + "' cannot be set" + where + ": it decides which tier applies",
                            "set it under the top-level 'gates:'");
                }
                throw gates.errorAtKey(gate, "unknown gate '" + Node.shown(gate) + "'" + where, "use one of " + String.join(", ", known));
            }
            Node mode = valueOf(gates, gate);
            out.put(gate, mode.as(PolicyYaml::gateMode, "one of " + modes()));
        }
        return out;
    }

    private static GateMode gateMode(String text) {
        for (GateMode mode : GateMode.values()) {
            if (mode.id().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(text);
    }

    private static String modes() {
        return Arrays.stream(GateMode.values()).map(GateMode::id).collect(Collectors.joining(", "));
    }

    // ---- prohibited attributes, checklist, freeze

    private static List<String> prohibitedAttributes(Node list) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node item : items(list)) {
            String attribute = nonBlank(item);
            if (!seen.add(attribute.toLowerCase(Locale.ROOT))) {
                throw item.error("prohibited_attributes lists '" + Node.shown(attribute) + "' twice");
            }
            out.add(attribute);
        }
        return out;
    }

    private static List<ChecklistItem> checklist(Node list) {
        List<ChecklistItem> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node item : items(list)) {
            item.fields(CHECKLIST_KEYS);
            Node idNode = item.require("id");
            String id = id(idNode, "checklist item id", "an item id");
            if (!seen.add(id)) {
                throw idNode.error(idNode.name() + " '" + id + "' is listed twice");
            }
            String text = item.require("text").text();
            out.add(new ChecklistItem(id, text));
        }
        return out;
    }

    private List<FreezeWindow> freezes(Node list) {
        List<FreezeWindow> out = new ArrayList<>();
        for (Node window : items(list)) {
            window.fields(FREEZE_KEYS);
            Node fromNode = window.require("from");
            Node untilNode = window.require("until");
            Instant from = fromNode.as(PolicyYaml::instant, TIME);
            Instant until = untilNode.as(PolicyYaml::instant, TIME);
            try {
                FreezeWindow.requireOrder(from, until);
            } catch (InvalidInput e) {
                throw untilNode.error(untilNode.name() + " '" + Node.shown(untilNode.text()) + "' is not after "
                        + fromNode.name() + " '" + Node.shown(fromNode.text()) + "'", e.fix());
            }
            out.add(new FreezeWindow(from, until, environmentList(window.get("environments")), window.text("reason")));
        }
        return out;
    }

    /** An ISO-8601 instant (any offset), or a date meaning 00:00 UTC that day. */
    static Instant instant(String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
    }

    // ---- environments

    private Map<String, EnvironmentRules> environments(Node policy) {
        Map<String, EnvironmentRules> out = new LinkedHashMap<>();
        Node environments = policy.get("environments");
        if (environments == null) {
            return out;
        }
        for (String env : environments.keys()) {
            checkEnvironmentKey(environments, env, null);
            Node rules = environments.get(env);
            out.put(env, rules == null ? EnvironmentRules.NONE : environmentRules(rules));
        }
        return out;
    }

    private static EnvironmentRules environmentRules(Node rules) {
        rules.fields(ENVIRONMENT_KEYS);
        Node soak = rules.get("min_soak");
        Node prerelease = rules.get("allow_prerelease");
        List<String> regions = new ArrayList<>();
        for (Node region : items(rules.get("allowed_regions"))) {
            regions.add(nonBlank(region));
        }
        Node evaluation = rules.get("requires_evaluation");
        return new EnvironmentRules(soak == null ? null : duration(soak), regions,
                prerelease == null ? null : prerelease.bool(), evaluation == null ? null : duration(evaluation));
    }

    /** A registry environment as a key of {@code map}; {@code where} is named in the message unless null. */
    private void checkEnvironmentKey(Node map, String env, String where) {
        if (!registryEnvironments.contains(env)) {
            throw map.errorAtKey(env, "unknown environment '" + Node.shown(env) + "'" + (where == null ? "" : " in " + where),
                    "use one of the registry's environments: " + String.join(", ", registryEnvironments));
        }
    }

    /** A list of registry environments, each once; empty when absent. */
    private List<String> environmentList(Node list) {
        List<String> out = new ArrayList<>();
        for (Node item : items(list)) {
            String env = item.as(this::registryEnvironment,
                    "one of the registry's environments (" + String.join(", ", registryEnvironments) + ")");
            if (out.contains(env)) {
                throw item.error(list.name() + " lists '" + env + "' twice");
            }
            out.add(env);
        }
        return out;
    }

    private String registryEnvironment(String name) {
        if (!registryEnvironments.contains(name)) {
            throw new IllegalArgumentException(name);
        }
        return name;
    }

    // ---- tiers

    private Map<RiskTier, TierRules> tiers(Node policy, boolean hasChecklist) {
        Map<RiskTier, TierRules> out = new EnumMap<>(RiskTier.class);
        Node tiers = policy.get("tiers");
        if (tiers == null) {
            return out;
        }
        for (String id : tiers.keys()) {
            RiskTier tier = tier(id);
            if (tier == null) {
                throw tiers.errorAtKey(id, "unknown risk tier '" + Node.shown(id) + "'", "use one of " + RiskTier.choices());
            }
            Node rules = tiers.get(id);
            out.put(tier, rules == null ? TierRules.NONE : tierRules(rules, hasChecklist));
        }
        return out;
    }

    private static RiskTier tier(String id) {
        for (RiskTier t : RiskTier.values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }

    private TierRules tierRules(Node rules, boolean hasChecklist) {
        rules.fields(TIER_KEYS);
        Node checklist = rules.get("checklist");
        boolean needsChecklist = checklist != null && checklist.bool();
        if (needsChecklist && !hasChecklist) {
            throw checklist.error(checklist.name() + " is true but the policy lists no checklist items",
                    "add the items under 'checklist:' at the top of policy.yaml, or set " + checklist.name() + ": false");
        }
        Node sla = rules.get("rollback_sla");
        return new TierRules(
                metadataFields(rules.get("metadata")),
                thresholds(rules.get("metrics")),
                attachments(rules.get("attachments")),
                needsChecklist,
                approvals(rules.get("approvals")),
                sla == null ? null : duration(sla),
                gateModes(rules.get("gates"), Policy.TIER_GATES, " in " + rules.name() + ".gates"),
                monitoring(rules.get("monitoring")),
                incidentRules(rules.get("incidents")),
                canary(rules.get("canary")));
    }

    private static Policy.IncidentRules incidentRules(Node incidents) {
        if (incidents == null) {
            return Policy.IncidentRules.NONE;
        }
        incidents.fields(INCIDENT_KEYS);
        Node review = incidents.get("require_review");
        return review == null ? Policy.IncidentRules.NONE : new Policy.IncidentRules(review.bool());
    }

    // ---- monitoring

    private MonitoringRules monitoring(Node m) {
        if (m == null) {
            return MonitoringRules.NONE;
        }
        m.fields(MONITORING_KEYS);
        Node rows = m.get("min_rows");
        int minRows = 0;
        if (rows != null) {
            long n = rows.wholeNumber();
            if (n < 0 || n > MonitoringRules.MOST_ROWS) {
                throw rows.error(rows.name() + " '" + n + "' is not a number of rows (0 to " + MonitoringRules.MOST_ROWS + ")");
            }
            minRows = (int) n;
        }
        Map<String, BreachAction> onBreach = new LinkedHashMap<>();
        Node actions = m.get("on_breach");
        if (actions != null) {
            for (String env : actions.keys()) {
                checkEnvironmentKey(actions, env, actions.name());
                onBreach.put(env, valueOf(actions, env).as(BreachAction::parse, "one of " + BreachAction.choices()));
            }
        }
        Node role = m.get("override_role");
        if (role != null && !Policy.isRole(role.text())) {
            throw role.error(role.name() + " '" + Node.shown(role.text()) + "' is not a role name (" + Policy.ROLE_RULE + ")");
        }
        Double maxFeaturePsi = between(m.get("max_feature_psi"), 0, MonitoringRules.MOST_PSI);
        Double maxScorePsi = between(m.get("max_score_psi"), 0, MonitoringRules.MOST_PSI);
        Double floor = between(m.get("confidence_floor"), 0, 1);
        Double belowFloor = between(m.get("max_below_floor"), 0, 1);
        Double nullRate = between(m.get("max_null_rate"), 0, 1);
        Double schema = between(m.get("max_schema_violations"), 0, 1);
        Double errorRate = between(m.get("max_error_rate"), 0, 1);
        Duration latency = latency(m.get("max_latency_p99"));
        Double accuracy = between(m.get("min_accuracy"), 0, 1);
        Double auc = between(m.get("min_auc"), 0, 1);
        int rowsNeeded = minRows;
        return m.build(() -> new MonitoringRules(rowsNeeded, maxFeaturePsi, maxScorePsi, floor, belowFloor, nullRate, schema,
                errorRate, latency, accuracy, auc, onBreach, role == null ? null : role.text()));
    }

    // ---- canary

    private CanaryRules canary(Node c) {
        if (c == null) {
            return CanaryRules.NONE;
        }
        List<String> keys = new ArrayList<>(CANARY_LIMIT_KEYS);
        keys.add("environments");
        c.fields(keys);
        CanaryRules.Limits limits = canaryLimits(c);
        Map<String, CanaryRules.Limits> envs = new LinkedHashMap<>();
        Node e = c.get("environments");
        if (e != null) {
            for (String env : e.keys()) {
                checkEnvironmentKey(e, env, e.name());
                Node one = valueOf(e, env);
                one.fields(CANARY_LIMIT_KEYS);
                envs.put(env, canaryLimits(one));
            }
        }
        return c.build(() -> new CanaryRules(limits, envs));
    }

    private static CanaryRules.Limits canaryLimits(Node c) {
        Node samples = c.get("min_samples");
        Long minSamples = null;
        if (samples != null) {
            long n = samples.wholeNumber();
            if (n < 0 || n > MonitoringRules.MOST_ROWS) {
                throw samples.error(samples.name() + " '" + n + "' is not a number of rows (0 to " + MonitoringRules.MOST_ROWS + ")");
            }
            minSamples = n;
        }
        Node d = c.get("min_duration");
        Duration minDuration = d == null ? null : duration(d);
        Double agreement = between(c.get("min_agreement"), 0, 1);
        Double ks = between(c.get("max_ks"), 0, 1);
        Double psi = between(c.get("max_psi"), 0, MonitoringRules.MOST_PSI);
        Double mean = between(c.get("max_mean_score_diff"), 0, 1);
        Double p99 = between(c.get("max_p99_score_diff"), 0, 1);
        Double drop = between(c.get("max_accuracy_drop"), 0, 1);
        Double aucDrop = between(c.get("max_auc_drop"), 0, 1);
        List<String> metrics = null;
        Node required = c.get("required_label_metrics");
        if (required != null) {
            metrics = new ArrayList<>();
            for (Node item : items(required)) {
                String m = item.text();
                if (!CanaryRules.LABEL_METRICS.contains(m)) {
                    throw item.error(item.name() + " '" + Node.shown(m) + "' is not a label metric (" + String.join(", ", CanaryRules.LABEL_METRICS) + ")");
                }
                metrics.add(m);
            }
        }
        Long n = minSamples;
        List<String> labels = metrics;
        return c.build(() -> new CanaryRules.Limits(n, minDuration, agreement, ks, psi, mean, p99, labels, drop, aucDrop));
    }

    /** A number from {@code lo} to {@code hi}, or null when absent. */
    private static Double between(Node node, double lo, double hi) {
        if (node == null) {
            return null;
        }
        double v = node.number();
        if (v < lo || v > hi) {
            throw node.error(node.name() + " '" + Node.shown(node.text()) + "' is not a number from " + plain(lo) + " to " + plain(hi));
        }
        return v;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** A latency: seconds as a number (0.25), milliseconds ({@code 250ms}) or a duration ({@code 2s}, {@code PT0.5S}). */
    private static Duration latency(Node node) {
        if (node == null) {
            return null;
        }
        String text = node.text().strip();
        Duration d;
        try {
            if (text.endsWith("ms")) {
                d = Duration.ofNanos(Math.round(Double.parseDouble(text.substring(0, text.length() - 2)) * 1e6));
            } else if (!text.isEmpty() && (Character.isDigit(text.charAt(text.length() - 1)) || text.endsWith("."))) {
                d = Duration.ofNanos(Math.round(Double.parseDouble(text) * 1e9));
            } else {
                return duration(node);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw node.error(node.name() + " '" + Node.shown(text) + "' is not a latency like 0.25, 250ms or 2s");
        }
        String problem = Policy.durationProblem(d);
        if (problem != null) {
            throw node.error(node.name() + " '" + Node.shown(text) + "' " + problem);
        }
        return d;
    }

    private static List<String> metadataFields(Node list) {
        List<String> out = new ArrayList<>();
        for (Node item : items(list)) {
            String field = item.as(PolicyYaml::metadataField, "one of " + String.join(", ", Policy.METADATA_FIELDS));
            if (out.contains(field)) {
                throw item.error(list.name() + " lists '" + field + "' twice");
            }
            out.add(field);
        }
        return out;
    }

    private static String metadataField(String name) {
        if (!Policy.METADATA_FIELDS.contains(name)) {
            throw new IllegalArgumentException(name);
        }
        return name;
    }

    private static List<Threshold> thresholds(Node metrics) {
        List<Threshold> out = new ArrayList<>();
        if (metrics == null) {
            return out;
        }
        for (String metric : metrics.keys()) {
            Node value = metrics.get(metric);
            if (value == null) {
                throw metrics.errorAtKey(metric, "threshold for metric '" + Node.shown(metric) + "' is empty",
                        "write an operator and a number, e.g. \">= 0.90\" or \"<= 0.2\"");
            }
            String text = value.text();
            try {
                out.add(Threshold.parse(metric, text));
            } catch (InvalidInput e) {
                throw value.error("threshold '" + Node.shown(text) + "' for metric '" + Node.shown(metric) + "' is malformed",
                        e.fix());
            }
        }
        return out;
    }

    private List<AttachmentRule> attachments(Node list) {
        List<AttachmentRule> out = new ArrayList<>();
        for (Node item : items(list)) {
            if (!item.isMapping()) {
                out.add(new AttachmentRule(attachmentKind(item), null, List.of()));
                continue;
            }
            item.fields(ATTACHMENT_KEYS);
            String kind = attachmentKind(item.require("kind"));
            Node when = item.get("when");
            String condition = when == null ? null
                    : when.as(Policy::condition, "one of " + String.join(", ", Policy.ATTACHMENT_CONDITIONS));
            out.add(new AttachmentRule(kind, condition, environmentList(item.get("environments"))));
        }
        return out;
    }

    private static String attachmentKind(Node node) {
        return id(node, "attachment kind", "an attachment kind");
    }

    private Map<String, Map<String, Integer>> approvals(Node approvals) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        if (approvals == null) {
            return out;
        }
        for (String env : approvals.keys()) {
            checkEnvironmentKey(approvals, env, approvals.name());
            Node roles = approvals.get(env);
            Map<String, Integer> counts = new HashMap<>();
            if (roles != null) {
                for (String role : roles.keys()) {
                    if (!Policy.isRole(role)) {
                        throw roles.errorAtKey(role, "role '" + Node.shown(role) + "' in " + roles.name()
                                + " is not a role name (" + Policy.ROLE_RULE + ")", null);
                    }
                    Node count = valueOf(roles, role);
                    long n = count.wholeNumber();
                    int needed = (int) Math.max(0, Math.min(n, Policy.MOST_APPROVALS + 1L)); // any n out of range stays out
                    try {
                        Policy.TierRules.checkApprovals(Map.of(role, needed));
                    } catch (InvalidInput e) {
                        throw count.error(count.name() + " '" + n + "' is not a number of approvals (1 to "
                                + Policy.MOST_APPROVALS + ")", e.fix());
                    }
                    counts.put(role, needed);
                }
            }
            out.put(env, counts);
        }
        return out;
    }

    // ---- shared

    /** A duration: a whole number and a unit (s, m, h, d, w), or ISO-8601 like PT24H; above zero, at most 100 years. */
    static Duration duration(Node node) {
        Duration d = node.as(Durations::parse, DURATION);
        String problem = Policy.durationProblem(d);
        if (problem != null) {
            throw node.error(node.name() + " '" + Node.shown(node.text()) + "' " + problem);
        }
        return d;
    }

    /** An id as {@link Policy#ID_RULE} says; {@code what} names it to the core, {@code expected} in the message. */
    private static String id(Node node, String what, String expected) {
        return node.as(text -> Policy.id(what, text), expected + " (" + Policy.ID_RULE + ")");
    }

    static String nonBlank(Node node) {
        String text = node.text();
        if (text.isBlank()) {
            throw node.error(node.name() + " is empty");
        }
        return text;
    }

    /** The value of a key that must have one; an error at the key's line when it is empty. */
    static Node valueOf(Node map, String key) {
        Node value = map.get(key);
        if (value == null) {
            throw map.errorAtKey(key, Node.childPath(map.name(), key) + " is empty", null);
        }
        return value;
    }

    /** The items of a list, empty when absent; an empty item ({@code ~}, nothing) is an error. */
    static List<Node> items(Node list) {
        if (list == null) {
            return List.of();
        }
        for (Node item : list.items()) {
            if (item.isNull()) {
                throw item.error(item.name() + " is empty");
            }
        }
        return list.items();
    }
}
