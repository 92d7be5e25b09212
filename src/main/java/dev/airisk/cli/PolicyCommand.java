package dev.airisk.cli;

import dev.airisk.core.Limits;
import dev.airisk.core.model.Durations;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.policy.CanaryRules;
import dev.airisk.core.policy.MonitoringRules;
import dev.airisk.core.policy.Gates;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.policy.Vendor;
import dev.airisk.core.policy.Threshold;
import dev.airisk.core.release.Administration;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk policy}: show, validate and set policy.yaml. */
@Command(name = "policy", description = "Show, validate and set the registry's policy.yaml (gates per environment and risk tier).",
        subcommands = {PolicyCommand.Show.class, PolicyCommand.Validate.class, PolicyCommand.Set.class})
final class PolicyCommand {
    @Mixin HelpOption help;

    @Command(name = "show", description = "Print the effective policy: every gate and its mode (and the risk tiers that set another), then policy.yaml as stored.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ReadOptions read;
        @Mixin OutputOptions output;

        @Override
        public Integer call() {
            Administration.PolicyText p = read.services().administration().show();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Json.print(out, json(p.policy()));
                return ExitCodes.OK;
            }
            Table t = new Table("GATE", "MODE", "CHECKS");
            Gates.builtIn().forEach(g -> t.row(g.id(), modeText(p.policy(), g.id()), g.description()));
            t.print(out);
            out.println();
            String text = new String(p.text(), StandardCharsets.UTF_8);
            out.print(text.isBlank() ? "# policy.yaml is empty: no requirements beyond the built-in gates\n" : text.endsWith("\n") ? text : text + "\n");
            Table.comment(out, "approvals in effect: invalidate_on_rollback " + p.policy().approvalRules().invalidateOnRollback()
                    + (p.policy().approvalRules().invalidateOnRollback() ? " (a rollback out of an environment voids the approvals signed before it)" : ""));
            Table.comment(out, noticesLine(p.policy().notices()));
            p.policy().vendors().values().forEach(v -> Table.comment(out, vendorLine(v)));
            for (RiskTier tier : RiskTier.values()) {
                MonitoringRules m = p.policy().tier(tier).monitoring();
                if (m != MonitoringRules.NONE) {
                    Table.comment(out, "monitoring of " + tier.id() + ": at least " + m.minRows() + " rows; a breach does "
                            + (m.onBreach().isEmpty() ? "notify everywhere" : m.onBreach().entrySet().stream()
                                    .map(e -> e.getValue().id() + " in " + e.getKey()).collect(Collectors.joining(", "))
                                    + ", notify elsewhere")
                            + "; a halt is overridden by " + m.overrideRole());
                }
                CanaryRules c = p.policy().tier(tier).canary();
                if (c.requiresAnything()) {
                    Table.comment(out, "canary of " + tier.id() + " before 'canary promote': " + c.limits().asMap()
                            + c.environments().keySet().stream().map(env -> "; in " + env + " " + c.in(env).asMap()).collect(Collectors.joining()));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "validate", description = "Check a policy file (default: the registry's policy.yaml); errors name file and line.")
    static final class Validate implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin ReadOptions read;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<file>", arity = "0..1", description = "The policy file to check.")
        Path file;

        Validate(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Policy policy;
            String name;
            if (file == null) {
                policy = read.services().administration().show().policy();
                name = "policy.yaml";
            } else {
                List<String> envs = ctx.hasRegistry(read.registry) ? read.services().view().settings().environments()
                        : RegistrySettings.DEFAULT_ENVIRONMENTS;
                policy = ctx.validatePolicy(ctx.inputs().read(file, Limits.POLICY, "a policy file"), file.getFileName().toString(), envs);
                name = file.toString();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("valid", true);
                m.put("file", name);
                m.put("policy", json(policy));
                Json.print(out, m);
            } else {
                out.println(name + ": valid (" + count(policy.tiers().size(), "tier") + ", " + count(policy.environments().size(), "environment")
                        + ", " + count(policy.checklist().size(), "checklist item") + ", " + count(policy.freezes().size(), "freeze window")
                        + (policy.vendors().isEmpty() ? "" : ", " + count(policy.vendors().size(), "vendor")) + ")");
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", description = "Validate a policy file and store it as the registry's policy.yaml, byte for byte (needs the admin role).")
    static final class Set implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<file>", description = "The policy file.")
        Path file;

        Set(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            byte[] text = ctx.inputs().read(file, Limits.POLICY, "a policy file");
            Administration.PolicyText p = write.services().administration().set(text, file.getFileName().toString());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("changed", p.changed());
                m.put("commit", p.commit());
                m.put("policy", json(p.policy()));
                Json.print(out, m);
            } else {
                out.println(p.changed() ? "Policy set from " + file + " [" + p.commit().substring(0, 12) + "]"
                        : "The registry's policy is already " + file + "; nothing changed");
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The effective policy as JSON: every gate's mode, then the sections as policy.yaml names them. */
    static Map<String, Object> json(Policy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> gates = new LinkedHashMap<>();
        Policy.GATES.forEach(g -> gates.put(g, p.mode(g).id()));
        m.put("gates", gates);
        Map<String, Object> envs = new LinkedHashMap<>();
        p.environments().forEach((name, e) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("min_soak_seconds", e.minSoak() == null ? null : e.minSoak().toSeconds());
            x.put("allowed_regions", e.allowedRegions());
            x.put("allow_prerelease", e.allowPrerelease());
            x.put("requires_evaluation_seconds", e.requiresEvaluation() == null ? null : e.requiresEvaluation().toSeconds());
            envs.put(name, x);
        });
        m.put("environments", envs);
        Map<String, Object> tiers = new LinkedHashMap<>();
        for (RiskTier tier : RiskTier.values()) {
            Policy.TierRules r = p.tier(tier);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("metadata", r.metadata());
            x.put("metrics", r.metrics().stream().collect(Collectors.toMap(
                    Threshold::metric, Threshold::text, (a, b) -> a, LinkedHashMap::new)));
            x.put("attachments", r.attachments().stream().map(a -> {
                Map<String, Object> y = new LinkedHashMap<>();
                y.put("kind", a.kind());
                y.put("when", a.when());
                y.put("environments", a.environments());
                return y;
            }).toList());
            x.put("checklist", r.checklist());
            x.put("approvals", r.approvals());
            x.put("rollback_sla_seconds", r.rollbackSla() == null ? null : r.rollbackSla().toSeconds());
            x.put("incidents", Map.of("require_review", r.incidents().requireReview()));
            Map<String, Object> tierGates = new LinkedHashMap<>();
            Policy.GATES.forEach(g -> tierGates.put(g, p.mode(g, tier).id()));
            x.put("gates", tierGates);
            x.put("monitoring", monitoring(r.monitoring()));
            Map<String, Object> canary = new LinkedHashMap<>(r.canary().limits().asMap());
            Map<String, Object> canaryEnvs = new LinkedHashMap<>();
            r.canary().environments().keySet().forEach(env -> canaryEnvs.put(env, r.canary().in(env).asMap()));
            canary.put("environments", canaryEnvs);
            x.put("canary", canary);
            tiers.put(tier.id(), x);
        }
        m.put("tiers", tiers);
        m.put("freeze", p.freezes().stream().map(f -> new Freeze(f.from(), f.until(), f.environments(), f.reason())).toList());
        m.put("prohibited_attributes", p.prohibitedAttributes());
        m.put("checklist", p.checklist().stream().map(c -> new ChecklistItem(c.id(), c.text())).toList());
        m.put("approvals", Map.of("invalidate_on_rollback", p.approvalRules().invalidateOnRollback()));
        Policy.Notices n = p.notices();
        Map<String, Object> notices = new LinkedHashMap<>();
        notices.put("reminders_seconds", n.reminders().stream().map(Duration::toSeconds).toList());
        notices.put("retry_initial_seconds", n.retryInitial().toSeconds());
        notices.put("max_age_seconds", n.maxAge().toSeconds());
        notices.put("lease_seconds", n.lease().toSeconds());
        notices.put("retention_seconds", n.retention().toSeconds());
        m.put("notices", notices);
        Map<String, Object> vendors = new LinkedHashMap<>();
        p.vendors().forEach((name, v) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("keys", v.keys());
            x.put("ca", v.caCertificates());
            x.put("identities", v.identities());
            x.put("support", v.support().id());
            x.put("risk", v.risk().id());
            vendors.put(name, x);
        });
        m.put("vendors", vendors);
        return m;
    }

    /** A vendor of the policy, for a comment of the text form. */
    static String vendorLine(Vendor v) {
        return "vendor " + v.name() + ": " + (v.certificates()
                ? count(v.caCertificates().size(), "CA") + " for " + String.join(", ", v.identities())
                : count(v.keys().size(), "public key")) + "; " + v.support().id()
                + (v.support().allowsRegistration() ? "" : " (no new versions)") + "; risk " + v.risk().id();
    }

    /** A tier's monitoring rules as JSON: policy.yaml's keys, the latency in seconds, every environment's action. */
    static Map<String, Object> monitoring(MonitoringRules r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_rows", r.minRows());
        m.put("max_feature_psi", r.maxFeaturePsi());
        m.put("max_score_psi", r.maxScorePsi());
        m.put("confidence_floor", r.confidenceFloor());
        m.put("max_below_floor", r.maxBelowFloor());
        m.put("max_null_rate", r.maxNullRate());
        m.put("max_schema_violations", r.maxSchemaViolations());
        m.put("max_error_rate", r.maxErrorRate());
        m.put("max_latency_p99_seconds", r.maxLatencyP99() == null ? null : r.maxLatencyP99().toNanos() / 1e9);
        m.put("min_accuracy", r.minAccuracy());
        m.put("min_auc", r.minAuc());
        Map<String, String> actions = new LinkedHashMap<>();
        r.onBreach().forEach((env, a) -> actions.put(env, a.id()));
        m.put("on_breach", actions);
        m.put("override_role", r.overrideRole());
        return m;
    }

    /** A freeze window of the policy, as JSON. */
    record Freeze(Instant from, Instant until, List<String> environments, String reason) {
    }

    /** An item of the policy's checklist, as JSON. */
    record ChecklistItem(String id, String text) {
    }

    /** A gate's mode, followed by the tiers that run it otherwise: {@code warn (high: enforce)}. */
    static String modeText(Policy p, String gate) {
        List<String> tiers = new ArrayList<>();
        for (RiskTier tier : RiskTier.values()) {
            if (p.mode(gate, tier) != p.mode(gate)) {
                tiers.add(tier.id() + ": " + p.mode(gate, tier).id());
            }
        }
        return p.mode(gate).id() + (tiers.isEmpty() ? "" : " (" + String.join(", ", tiers) + ")");
    }

    /** The notice and retention settings in effect, for a comment of the text form. */
    static String noticesLine(Policy.Notices n) {
        return "notices in effect: reminders " + n.reminders().stream().map(Durations::format).toList()
                + " before retirement, retry from " + Durations.format(n.retryInitial()) + " doubling, give up after "
                + Durations.format(n.maxAge()) + ", lease " + Durations.format(n.lease())
                + ", retention " + Durations.format(n.retention()) + " after retirement";
    }
}
