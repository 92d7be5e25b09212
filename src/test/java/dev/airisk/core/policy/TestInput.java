package dev.airisk.core.policy;

import dev.airisk.adapters.archive.CommonsContainerReader;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.scan.ScanReport;
import dev.airisk.core.scan.ScanRules;
import dev.airisk.core.scan.Scanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Builds {@link GateInput}s for gate tests. By default churn@1.4.0, tier high, complete metadata,
 * entering prod after a week stable in staging, under a policy that requires nothing: every gate passes.
 */
final class TestInput {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final String REGISTRANT = key("99");
    static final Sha256 DIGEST = Sha256.digest("data".getBytes(StandardCharsets.UTF_8));

    ModelRef ref = ModelRef.parse("churn@1.4.0");
    // The version's metadata, field by field (record.yaml names in comments where they differ).
    String owner = "team-risk@example.com";
    RiskTier riskTier = RiskTier.HIGH;
    String intendedUse = "retention offers";                       // intended_use
    String description = "churn classifier";
    List<DatasetRef> datasets = List.of(new DatasetRef("customers", "2026-10", DIGEST));
    Map<String, Double> metrics = Map.of("accuracy", 0.93, "auc", 0.91);
    String codeCommit = "3f2a9c1d";                                  // code_commit
    List<ModelRef> baseModels = List.of();                           // base_models
    List<String> regions = List.of("eu-west-1");
    Boolean processesPii = Boolean.FALSE;                            // processes_pii
    Metadata.Vendor vendor;
    Metadata.InputSchema inputSchema = new Metadata.InputSchema(List.of("tenure", "monthly_charges"));
    List<String> trainingRegions = List.of("eu-west-1");             // training_regions
    Boolean highStakes = Boolean.FALSE;                              // high_stakes
    RiskTier modelTier = RiskTier.HIGH;
    String env = "prod";
    List<String> environments = List.of("dev", "staging", "prod");
    boolean emergency;
    Predicate<ModelRef> registered = r -> true;
    String signatureProblem;
    Instant now = NOW;
    ReleaseState state = ReleaseState.EMPTY.with("staging",
            new ReleaseState.Env(new ReleaseState.Stable(ref.version(), NOW.minus(Duration.ofDays(7)), null, key("77")), null, null, null));
    final Map<String, byte[]> files = new LinkedHashMap<>(Map.of("model.bin", bytes("weights")));
    final List<String> integrityProblems = new ArrayList<>();
    final List<Approval> approvals = new ArrayList<>();
    final List<Attachment> attachments = new ArrayList<>();
    final List<ChecklistAnswer> answers = new ArrayList<>();
    final List<String> unusable = new ArrayList<>();
    final List<MonitoringRecord> monitoring = new ArrayList<>();
    final Map<String, List<String>> roles = new HashMap<>();
    boolean withArtifact = true;
    RuntimeException readFailure;

    final Map<String, Policy.GateMode> modes = new HashMap<>();
    final Map<String, Policy.EnvironmentRules> envRules = new LinkedHashMap<>();
    final Map<RiskTier, Policy.TierRules> tiers = new HashMap<>();
    final List<Policy.FreezeWindow> freezes = new ArrayList<>();
    final List<String> prohibited = new ArrayList<>();
    final List<Policy.ChecklistItem> checklist = new ArrayList<>();

    /** A 64-hex key id starting with {@code prefix}. */
    static String key(String prefix) {
        return (prefix + "0".repeat(64)).substring(0, 64);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    TestInput file(String path, String content) {
        files.put(path, bytes(content));
        return this;
    }

    Metadata metadata() {
        return new Metadata(owner, riskTier, intendedUse, description, datasets, metrics, codeCommit, baseModels, regions,
                processesPii, vendor, inputSchema, null, trainingRegions, highStakes);
    }

    TestInput tierRules(Policy.TierRules rules) {
        tiers.put(RiskTier.HIGH, rules);
        return this;
    }

    TestInput envRules(String name, Duration minSoak, List<String> allowedRegions, Boolean allowPrerelease) {
        envRules.put(name, new Policy.EnvironmentRules(minSoak, allowedRegions, allowPrerelease));
        return this;
    }

    TestInput role(String role, String... keys) {
        roles.computeIfAbsent(role, r -> new ArrayList<>()).addAll(List.of(keys));
        return this;
    }

    Manifest manifest() {
        List<FileDigest> digests = new ArrayList<>();
        files.forEach((path, content) -> digests.add(new FileDigest(path, content.length, Sha256.digest(content))));
        return new Manifest(digests);
    }

    Sha256 root() {
        return manifest().rootDigest();
    }

    /** A statement for this version, its content and the target environment. */
    Approval approval(String file, String keyId, String role, Approval.Decision decision, Instant at) {
        return new Approval(file, keyId, ref, root(), env, role, decision, at, null, null);
    }

    TestInput approve(String keyId, String role, Instant at) {
        approvals.add(approval("approvals/" + keyId.substring(0, 4) + "-" + role + "-" + at.getEpochSecond() + ".json",
                keyId, role, Approval.Decision.APPROVED, at));
        return this;
    }

    TestInput reject(String keyId, String role, Instant at, String comment) {
        Approval a = approval("approvals/" + keyId.substring(0, 4) + "-" + role + "-reject.json", keyId, role, Approval.Decision.REJECTED, at);
        approvals.add(new Approval(a.file(), a.keyId(), a.ref(), a.root(), a.env(), a.role(), a.decision(), a.at(), null, comment));
        return this;
    }

    GateInput build() {
        VersionRecord record = VersionRecord.of(ref, manifest(), metadata(), REGISTRANT, NOW.minus(Duration.ofDays(10)));
        ModelInfo model = new ModelInfo(ref.name(), "team-risk@example.com", modelTier, null, null, null, null, null, null);
        Policy policy = new Policy(modes, envRules, tiers, freezes, prohibited, checklist);
        Map<String, byte[]> content = Map.copyOf(files);
        List<String> problems = List.copyOf(integrityProblems);
        RuntimeException failure = readFailure;
        GateInput.Artifact artifact = !withArtifact ? null : new GateInput.Artifact() {
            @Override
            public List<String> integrityProblems() {
                return problems;
            }

            @Override
            public Optional<byte[]> read(String path) {
                if (failure != null) {
                    throw failure;
                }
                return Optional.ofNullable(content.get(path)).map(byte[]::clone);
            }

            @Override
            public ScanReport scan(ScanRules rules, boolean highRiskTier) {
                Scanner scanner = Scanner.of(rules, highRiskTier, new CommonsContainerReader());
                List<Scanner.FileScan> scans = new ArrayList<>();
                for (Map.Entry<String, byte[]> f : new TreeMap<>(content).entrySet()) {
                    try {
                        scans.add(scanner.scan(f.getKey(), f.getValue().length, new ByteArrayInputStream(f.getValue())));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return ScanReport.of(scans);
            }
        };
        return new GateInput(ref, record, model, env, environments, policy, new Roles(roles), state, now, emergency,
                registered, signatureProblem, approvals, attachments, answers, unusable, artifact, monitoring);
    }

    GateResult run(Gate gate) {
        return gate.evaluate(build());
    }

    static Version v(String text) {
        return Version.parse(text);
    }
}
