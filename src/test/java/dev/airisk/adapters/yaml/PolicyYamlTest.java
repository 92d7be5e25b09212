package dev.airisk.adapters.yaml;

import static dev.airisk.adapters.yaml.YamlRoundTripTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.policy.Policy.AttachmentRule;
import dev.airisk.core.policy.Policy.ChecklistItem;
import dev.airisk.core.policy.Policy.EnvironmentRules;
import dev.airisk.core.policy.Policy.FreezeWindow;
import dev.airisk.core.policy.Policy.GateMode;
import dev.airisk.core.policy.Policy.TierRules;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.policy.Threshold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** policy.yaml: the documented example read into the core's types, and every bad input word for word. */
class PolicyYamlTest {
    private static final List<String> ENVS = List.of("dev", "staging", "prod");
    private static final String FILE = "policy.yaml";

    private final YamlRegistryCodec codec = new YamlRegistryCodec();

    private Policy read(String yaml) {
        return codec.readPolicy(bytes(yaml), FILE, ENVS);
    }

    /** The message of the InvalidInput that reading {@code yaml} gives. */
    private String error(String yaml) {
        return invalid(yaml).getMessage();
    }

    /** The one-line form (message and fix) of the InvalidInput that reading {@code yaml} gives. */
    private String oneLine(String yaml) {
        return invalid(yaml).oneLine();
    }

    private AiriskException.InvalidInput invalid(String yaml) {
        return assertThrows(AiriskException.InvalidInput.class, () -> read(yaml));
    }

    @Test
    void theDocumentedPolicy_isReadIntoTheCoreTypes() {
        Policy policy = read("""
                gates:
                  pinned-dependencies: warn
                  freeze: "off"
                prohibited_attributes: [race, ethnic_origin, religion]
                checklist:
                  - id: risk-management
                    text: A risk management system is established, documented and maintained (Art. 9).
                  - id: data-governance
                    text: Data governance (Art. 10).
                freeze:
                  - from: 2026-12-20T00:00:00Z
                    until: 2027-01-04
                    environments: [prod]
                    reason: Year-end change freeze
                  - from: 2026-06-01T08:00:00+02:00
                    until: 2026-06-01T10:30:00.5Z
                environments:
                  dev:
                    allowed_regions: [eu-west-1, eu-central-1]
                    allow_prerelease: true
                  staging:
                    min_soak: 24h
                  prod:
                    min_soak: PT72H
                    allowed_regions: [eu-west-1]
                    allow_prerelease: false
                tiers:
                  minimal:
                  high:
                    metadata: [owner, intended_use, datasets, metrics, risk_rating, code_commit]
                    metrics:
                      accuracy: ">= 0.90"
                      psi_drift: "<= 0.2"
                    attachments:
                      - bias-audit
                      - kind: privacy-impact-assessment
                        when: processes_pii
                      - kind: explainability
                        when: high_stakes
                        environments: [prod]
                    checklist: true
                    approvals:
                      staging: {peer-review: 1}
                      prod: {risk-committee: 1, peer-review: 2}
                    rollback_sla: 15m
                """);

        Map<String, GateMode> gates = Map.of("pinned-dependencies", GateMode.WARN, "freeze", GateMode.OFF);
        Map<String, EnvironmentRules> environments = new LinkedHashMap<>();
        environments.put("dev", new EnvironmentRules(null, List.of("eu-west-1", "eu-central-1"), true));
        environments.put("staging", new EnvironmentRules(Duration.ofHours(24), null, null));
        environments.put("prod", new EnvironmentRules(Duration.ofHours(72), List.of("eu-west-1"), false));
        Map<String, Map<String, Integer>> approvals = new LinkedHashMap<>();
        approvals.put("staging", Map.of("peer-review", 1));
        approvals.put("prod", Map.of("risk-committee", 1, "peer-review", 2));
        Map<RiskTier, TierRules> tiers = new EnumMap<>(RiskTier.class);
        tiers.put(RiskTier.MINIMAL, TierRules.NONE);
        tiers.put(RiskTier.HIGH, new TierRules(
                List.of("owner", "intended_use", "datasets", "metrics", "risk_rating", "code_commit"),
                List.of(Threshold.parse("accuracy", ">= 0.90"), Threshold.parse("psi_drift", "<= 0.2")),
                List.of(new AttachmentRule("bias-audit", null, null),
                        new AttachmentRule("privacy-impact-assessment", "processes_pii", null),
                        new AttachmentRule("explainability", "high_stakes", List.of("prod"))),
                true, approvals, Duration.ofMinutes(15)));
        List<FreezeWindow> freezes = List.of(
                new FreezeWindow(Instant.parse("2026-12-20T00:00:00Z"), Instant.parse("2027-01-04T00:00:00Z"),
                        List.of("prod"), "Year-end change freeze"),
                new FreezeWindow(Instant.parse("2026-06-01T06:00:00Z"), Instant.parse("2026-06-01T10:30:00.5Z"),
                        null, null));
        List<ChecklistItem> checklist = List.of(
                new ChecklistItem("risk-management",
                        "A risk management system is established, documented and maintained (Art. 9)."),
                new ChecklistItem("data-governance", "Data governance (Art. 10)."));

        assertEquals(new Policy(gates, environments, tiers, freezes, List.of("race", "ethnic_origin", "religion"),
                checklist), policy);
        assertEquals(List.of("dev", "staging", "prod"), List.copyOf(policy.environments().keySet()));
        assertEquals(GateMode.ENFORCE, policy.mode("approvals"));
        assertEquals(Map.of("risk-committee", 1, "peer-review", 2), policy.tier(RiskTier.HIGH).approvalsFor("prod"));
    }

    @Test
    void anEmptyDocument_orOnlyComments_isTheEmptyPolicy() {
        assertEquals(Policy.empty(), read(""));
        assertEquals(Policy.empty(), read("# nothing configured yet\n\n# still nothing\n"));
        assertEquals(Policy.empty(), codec.readPolicy(codec.emptyPolicy(), FILE, ENVS));
        assertEquals(Policy.empty(), read("gates:\nfreeze: []\nenvironments: {}\ntiers:\n"));
    }

    @Test
    void durations_takeAUnitOrIso8601() {
        Map<String, Duration> forms = new LinkedHashMap<>();
        forms.put("30s", Duration.ofSeconds(30));
        forms.put("90m", Duration.ofMinutes(90));
        forms.put("24h", Duration.ofHours(24));
        forms.put("7d", Duration.ofDays(7));
        forms.put("2w", Duration.ofDays(14));
        forms.put("PT24H", Duration.ofHours(24));
        forms.put("P1DT12H", Duration.ofHours(36));
        forms.forEach((text, expected) -> assertEquals(expected,
                read("environments:\n  prod:\n    min_soak: " + text + "\n").environment("prod").minSoak(), text));
    }

    @Test
    void thresholds_keepTheirOperatorAndValue() {
        List<Threshold> metrics = read("tiers:\n  limited:\n    metrics:\n      a: '>=0.85'\n      b: \"< 3\"\n"
                + "      c: == 1\n      d: '> -1e-3'\n").tier(RiskTier.LIMITED).metrics();
        assertEquals(List.of(">= 0.85", "< 3", "== 1", "> -0.001"), metrics.stream().map(Threshold::text).toList());
        assertEquals(List.of("a", "b", "c", "d"), metrics.stream().map(Threshold::metric).toList());
    }

    @Test
    void theSamplePolicy_parses_andTheSampleModelMeetsItsLimitedTier() throws IOException {
        Policy policy = codec.readPolicy(Files.readAllBytes(Path.of("samples/policy.yaml")), "samples/policy.yaml", ENVS);

        TierRules high = policy.tier(RiskTier.HIGH);
        assertEquals(Map.of("peer-review", 1), high.approvalsFor("staging"));
        assertEquals(Map.of("risk-committee", 1, "peer-review", 1), high.approvalsFor("prod"));
        assertEquals(Duration.ofMinutes(15), high.rollbackSla());
        assertTrue(high.checklist());
        assertEquals(List.of("bias-audit", "model-impact-assessment", "rollback-plan", "privacy-impact-assessment",
                "explainability"), high.attachments().stream().map(AttachmentRule::kind).toList());
        assertEquals(new AttachmentRule("explainability", "high_stakes", List.of("prod")), high.attachments().get(4));
        assertEquals(List.of("risk-management", "data-governance", "technical-documentation", "record-keeping",
                "transparency", "human-oversight", "accuracy-robustness-security", "quality-management",
                "post-market-monitoring"), policy.checklist().stream().map(ChecklistItem::id).toList());
        assertEquals(GateMode.WARN, policy.mode("pinned-dependencies"));
        assertEquals(Map.of("lineage", GateMode.OFF), policy.tier(RiskTier.MINIMAL).gates());
        assertEquals(Map.of(), policy.tier(RiskTier.LIMITED).gates());
        assertEquals(Map.of("pinned-dependencies", GateMode.ENFORCE), policy.tier(RiskTier.HIGH).gates());
        assertEquals(Duration.ofHours(24), policy.environment("staging").minSoak());
        assertEquals(Duration.ofHours(72), policy.environment("prod").minSoak());
        assertEquals(Boolean.FALSE, policy.environment("prod").allowPrerelease());
        assertTrue(policy.environment("prod").allowedRegions().stream().allMatch(r -> r.startsWith("eu-")));
        assertTrue(policy.freezes().get(0).covers("prod", Instant.parse("2026-12-24T12:00:00Z")));
        assertTrue(!policy.freezes().get(0).covers("staging", Instant.parse("2026-12-24T12:00:00Z")));
        assertTrue(policy.prohibitedAttributes().containsAll(List.of("race", "religion", "health", "sexual_orientation")));

        Metadata churn = codec.readMetadata(Files.readAllBytes(Path.of("samples/META.yaml")), "samples/META.yaml");
        TierRules limited = policy.tier(churn.riskTier());
        assertEquals(RiskTier.LIMITED, churn.riskTier());
        for (Threshold t : limited.metrics()) {
            assertTrue(churn.metrics().containsKey(t.metric()) && t.holds(churn.metrics().get(t.metric())), t.text());
        }
        assertTrue(!limited.metadata().contains("training_regions"));
        assertEquals(Map.of(), limited.approvalsFor("staging"));
        assertEquals(Map.of("peer-review", 1), limited.approvalsFor("prod"));
        assertEquals(List.of(), limited.attachments());
        assertTrue(policy.environment("prod").allowedRegions().containsAll(churn.regions()));
        assertTrue(churn.inputSchema().features().stream().noneMatch(policy.prohibitedAttributes()::contains));
    }

    // ---- errors

    @Test
    void anUnknownKey_namesItsLineAndTheKeysAllowed() {
        assertEquals("policy.yaml: line 2: unknown key 'gate', expected one of gates, prohibited_attributes, checklist, "
                + "freeze, environments, tiers, scan, notices, approvals, vendors", error("# comment\ngate:\n  tier: warn\n"));
        assertEquals("policy.yaml: line 3: unknown key 'min_soke' in environments.prod, expected one of min_soak, "
                + "allowed_regions, allow_prerelease, requires_evaluation", error("environments:\n  prod:\n    min_soke: 24h\n"));
        assertEquals("policy.yaml: line 3: unknown key 'metric' in tiers.high, expected one of metadata, metrics, "
                + "attachments, checklist, approvals, rollback_sla, gates, monitoring, incidents, canary", error("tiers:\n  high:\n    metric: {}\n"));
        assertEquals("policy.yaml: line 4: unknown key 'why' in freeze[0], expected one of from, until, environments, reason",
                error("freeze:\n  - from: 2026-01-01\n    until: 2026-01-02\n    why: x\n"));
        assertEquals("policy.yaml: line 4: unknown key 'if' in tiers.high.attachments[0], expected one of kind, when, "
                + "environments", error("tiers:\n  high:\n    attachments:\n      - {kind: bias-audit, if: vendor}\n"));
        assertEquals("policy.yaml: line 3: unknown key 'title' in checklist[0], expected one of id, text",
                error("checklist:\n  - id: a\n    title: b\n"));
    }

    @Test
    void anUnknownGate_listsTheGatesInTheFix() {
        assertEquals("policy.yaml: line 2: unknown gate 'pinned-deps'", error("gates:\n  pinned-deps: warn\n"));
        assertEquals("policy.yaml: line 3: unknown gate 'typo' (use one of tier, signature, integrity, scan, metadata, "
                + "lineage, metrics, attachments, model-card, checklist, regions, prohibited-attributes, pinned-dependencies, "
                + "path, halt, evaluation, canary, freeze, approvals)", oneLine("gates:\n  tier: enforce\n  typo:\n"));
    }

    @Test
    void aGateMode_isEnforceWarnOrOff() {
        assertEquals("policy.yaml: line 2: gates.tier 'block' is not one of enforce, warn, off",
                error("gates:\n  tier: block\n"));
        assertEquals("policy.yaml: line 2: gates.tier 'true' is not one of enforce, warn, off",
                error("gates:\n  tier: true\n"));
        assertEquals("policy.yaml: line 3: gates.freeze is empty", error("gates:\n  tier: warn\n  freeze:\n"));
        assertEquals("policy.yaml: line 2: gates.tier must be a single value, not a list", error("gates:\n  tier: [warn]\n"));
        assertEquals("policy.yaml: line 1: gates must be a mapping of keys to values, not a list", error("gates: [tier]\n"));
        assertEquals(GateMode.OFF, read("gates:\n  freeze: off\n").mode("freeze"));
    }

    @Test
    void aTier_setsGateModesForItsVersions_overTheTopLevelModes() {
        Policy policy = read("gates:\n  pinned-dependencies: warn\n  regions: off\ntiers:\n  minimal:\n    gates:\n      lineage: off\n"
                + "      regions: warn\n  high:\n    gates: {pinned-dependencies: enforce}\n");
        assertEquals(Map.of("lineage", GateMode.OFF, "regions", GateMode.WARN), policy.tier(RiskTier.MINIMAL).gates());
        assertEquals(GateMode.OFF, policy.mode("lineage", RiskTier.MINIMAL));
        assertEquals(GateMode.WARN, policy.mode("regions", RiskTier.MINIMAL));
        assertEquals(GateMode.WARN, policy.mode("pinned-dependencies", RiskTier.MINIMAL));
        assertEquals(GateMode.ENFORCE, policy.mode("pinned-dependencies", RiskTier.HIGH));
        assertEquals(GateMode.ENFORCE, policy.mode("lineage", RiskTier.LIMITED));
        assertEquals(GateMode.OFF, policy.mode("regions", RiskTier.LIMITED));
        assertEquals(GateMode.OFF, policy.mode("regions", null));
        assertEquals(Map.of(), read("tiers:\n  high:\n    gates:\n").tier(RiskTier.HIGH).gates());
        assertEquals(GateMode.ENFORCE, read("gates:\n  tier: off\n").mode("tier", RiskTier.UNACCEPTABLE));
    }

    @Test
    void aTiersGates_nameKnownGatesOtherThanTheTierGate_withAMode() {
        assertEquals("policy.yaml: line 5: unknown gate 'linage' in tiers.minimal.gates (use one of signature, integrity, "
                + "scan, metadata, lineage, metrics, attachments, model-card, checklist, regions, prohibited-attributes, "
                + "pinned-dependencies, path, halt, evaluation, canary, freeze, approvals)",
                oneLine("tiers:\n  minimal:\n    gates:\n      regions: warn\n      linage: off\n"));
        assertEquals("policy.yaml: line 4: gate 'tier' cannot be set in tiers.unacceptable.gates: it decides which tier "
                + "applies (set it under the top-level 'gates:')", oneLine("tiers:\n  unacceptable:\n    gates:\n      tier: off\n"));
        assertEquals("policy.yaml: line 4: tiers.high.gates.lineage 'skip' is not one of enforce, warn, off",
                error("tiers:\n  high:\n    gates:\n      lineage: skip\n"));
        assertEquals("policy.yaml: line 4: tiers.high.gates.lineage is empty", error("tiers:\n  high:\n    gates:\n      lineage:\n"));
        assertEquals("policy.yaml: line 3: tiers.high.gates must be a mapping of keys to values, not a list",
                error("tiers:\n  high:\n    gates: [lineage]\n"));
        assertEquals("policy.yaml: line 5: tiers.high.gates.lineage is given twice (first on line 4)",
                error("tiers:\n  high:\n    gates:\n      lineage: off\n      lineage: warn\n"));
    }

    @Test
    void docsFormatsMd_listsEveryGateTheCodeKnows_andShowsTheUnknownGateErrorAsItIs() throws IOException {
        String doc = Files.readString(Path.of("docs/formats.md"));
        String row = doc.lines().filter(l -> l.startsWith("| `gates` | gate id to")).findFirst().orElseThrow();
        List<String> listed = Pattern.compile("`([a-z-]+)`").matcher(row.substring(row.indexOf("Gates")))
                .results().map(m -> m.group(1)).toList();
        assertEquals(Policy.GATES, listed, "the gate list of docs/formats.md, policy.yaml");
        String example = "airisk: error: " + oneLine("gates:\n  pinned-deps: warn\n");
        assertTrue(doc.contains("\n" + example + "\n"), "docs/formats.md should show: " + example);
    }

    @Test
    void aRepeatedKey_isAnError() {
        assertEquals("policy.yaml: line 3: gates.tier is given twice (first on line 2)",
                error("gates:\n  tier: warn\n  tier: off\n"));
        assertEquals("policy.yaml: line 5: tiers.high is given twice (first on line 2)",
                error("tiers:\n  high:\n    checklist: false\n  limited: {}\n  high: {}\n"));
    }

    @Test
    void theChecklist_needsUniqueIdsAndText() {
        assertEquals("policy.yaml: line 2: checklist[0].id 'Risk Management' is not an item id (1-64 lower-case letters, "
                + "digits or '-', starting with a letter or digit)", error("checklist:\n  - id: Risk Management\n    text: x\n"));
        assertEquals("policy.yaml: line 4: checklist[1].id 'risk-management' is listed twice",
                error("checklist:\n  - {id: risk-management, text: a}\n  -\n    id: risk-management\n    text: b\n"));
        assertEquals("policy.yaml: line 2: checklist[0].text is missing", error("checklist:\n  - id: a\n"));
        assertEquals("policy.yaml: line 2: checklist[0] must be a mapping of keys to values, not a single value",
                error("checklist:\n  - risk-management\n"));
    }

    @Test
    void aFreeze_needsTimesInOrderAndRegistryEnvironments() {
        assertEquals("policy.yaml: line 3: freeze[0].until '2026-12-20' is not after freeze[0].from '2026-12-20' "
                        + "(a freeze ends after it starts; swap the two or fix the dates)",
                oneLine("freeze:\n  - from: 2026-12-20\n    until: 2026-12-20\n"));
        assertEquals("policy.yaml: line 2: freeze[0].from 'Christmas' is not an ISO-8601 time like "
                + "2026-12-20T00:00:00Z or a date like 2026-12-20", error("freeze:\n  - from: Christmas\n    until: 2027-01-04\n"));
        assertEquals("policy.yaml: line 3: freeze[0].until '2027-13-04' is not an ISO-8601 time like "
                + "2026-12-20T00:00:00Z or a date like 2026-12-20", error("freeze:\n  - from: 2026-12-20\n    until: 2027-13-04\n"));
        assertEquals("policy.yaml: line 2: freeze[0].until is missing", error("freeze:\n  - from: 2026-12-20\n"));
        assertEquals("policy.yaml: line 4: freeze[0].environments[1] 'production' is not one of the registry's "
                        + "environments (dev, staging, prod)",
                error("freeze:\n  - from: 2026-12-20\n    until: 2027-01-04\n    environments: [prod, production]\n"));
        assertEquals("policy.yaml: line 1: freeze must be a list, not a mapping", error("freeze: {from: 2026-12-20}\n"));
    }

    @Test
    void environments_mustBeTheRegistrys() {
        assertEquals("policy.yaml: line 4: unknown environment 'production' (use one of the registry's environments: "
                + "dev, staging, prod)", oneLine("environments:\n  dev:\n    allow_prerelease: true\n  production:\n"));
        assertEquals("policy.yaml: line 2: unknown environment 'qa'", error("environments:\n  qa: {min_soak: 1h}\n"));
        assertEquals("policy.yaml: line 3: environments.dev.allow_prerelease 'yes' is not one of true, false",
                error("environments:\n  dev:\n    allow_prerelease: yes\n"));
        assertEquals("policy.yaml: line 3: environments.prod.allowed_regions must be a list, not a single value",
                error("environments:\n  prod:\n    allowed_regions: eu-west-1\n"));
        assertEquals("policy.yaml: line 3: environments.prod.allowed_regions[1] is empty",
                error("environments:\n  prod:\n    allowed_regions: [eu-west-1, '']\n"));
    }

    @Test
    void aDuration_isANumberAndAUnit() {
        assertEquals("policy.yaml: line 3: environments.prod.min_soak '3 days' is not a duration like 90m, 24h, 7d or PT24H",
                error("environments:\n  prod:\n    min_soak: 3 days\n"));
        assertEquals("policy.yaml: line 3: environments.prod.min_soak '72' is not a duration like 90m, 24h, 7d or PT24H",
                error("environments:\n  prod:\n    min_soak: 72\n"));
        assertEquals("policy.yaml: line 3: environments.prod.min_soak '0h' is not longer than zero",
                error("environments:\n  prod:\n    min_soak: 0h\n"));
        assertEquals("policy.yaml: line 3: environments.prod.requires_evaluation '0s' is not longer than zero",
                error("environments:\n  prod:\n    requires_evaluation: 0s\n"));
        assertEquals("policy.yaml: line 3: environments.prod.requires_evaluation 'daily' is not a duration like 90m, 24h, 7d or PT24H",
                error("environments:\n  prod:\n    requires_evaluation: daily\n"));
        assertEquals(Duration.ofHours(24), read("environments:\n  prod:\n    requires_evaluation: 24h\n").environment("prod")
                .requiresEvaluation());
        assertEquals("policy.yaml: line 3: tiers.high.rollback_sla 'PT-15M' is not longer than zero",
                error("tiers:\n  high:\n    rollback_sla: PT-15M\n"));
        assertEquals("policy.yaml: line 3: tiers.high.rollback_sla '9999999999999w' is not a duration like 90m, 24h, 7d or PT24H",
                error("tiers:\n  high:\n    rollback_sla: 9999999999999w\n"));
        assertEquals("policy.yaml: line 3: tiers.high.rollback_sla '5300w' is longer than 100 years",
                error("tiers:\n  high:\n    rollback_sla: 5300w\n"));
        assertEquals("policy.yaml: line 3: environments.dev.min_soak 'PT876600H1S' is longer than 100 years",
                error("environments:\n  dev:\n    min_soak: PT876600H1S\n"));
        assertEquals(Duration.ofDays(36_525), read("environments:\n  dev:\n    min_soak: 36525d\n").environment("dev").minSoak());
    }

    @Test
    void tiers_andTheirMetadataFields_mustBeKnown() {
        assertEquals("policy.yaml: line 2: unknown risk tier 'severe' (use one of minimal, limited, high, unacceptable)",
                oneLine("tiers:\n  severe:\n    checklist: false\n"));
        assertEquals("policy.yaml: line 3: tiers.high.metadata[1] 'risk' is not one of owner, intended_use, description, "
                + "datasets, metrics, code_commit, base_models, regions, training_regions, processes_pii, risk_rating, "
                + "vendor, input_schema", error("tiers:\n  high:\n    metadata: [owner, risk]\n"));
        assertEquals("policy.yaml: line 5: tiers.high.metadata lists 'owner' twice",
                error("tiers:\n  high:\n    metadata:\n      - owner\n      - owner\n"));
    }

    @Test
    void aMalformedThreshold_saysHowToWriteOne() {
        assertEquals("policy.yaml: line 12: threshold 'about 0.9' for metric 'accuracy' is malformed "
                        + "(write an operator and a number, e.g. \">= 0.90\" or \"<= 0.2\")",
                oneLine("\n".repeat(8) + "tiers:\n  high:\n    metrics:\n      accuracy: about 0.9\n"));
        assertEquals("policy.yaml: line 4: threshold '0.9' for metric 'accuracy' is malformed "
                        + "(write an operator and a number, e.g. \">= 0.90\" or \"<= 0.2\")",
                oneLine("tiers:\n  high:\n    metrics:\n      accuracy: 0.9\n"));
        assertEquals("policy.yaml: line 4: threshold 'true' for metric 'fair' is malformed",
                error("tiers:\n  high:\n    metrics:\n      fair: true\n"));
        assertEquals("policy.yaml: line 5: threshold for metric 'auc' is empty "
                        + "(write an operator and a number, e.g. \">= 0.90\" or \"<= 0.2\")",
                oneLine("tiers:\n  high:\n    metrics:\n      accuracy: '>= 0.9'\n      auc:\n"));
        assertEquals("policy.yaml: line 4: tiers.high.metrics.auc must be a single value, not a list",
                error("tiers:\n  high:\n    metrics:\n      auc: ['>=', 0.9]\n"));
    }

    @Test
    void attachments_needAKindAKnownConditionAndRegistryEnvironments() {
        String head = "tiers:\n  high:\n    attachments:\n";
        assertEquals("policy.yaml: line 4: tiers.high.attachments[0] 'Bias Audit' is not an attachment kind "
                + "(1-64 lower-case letters, digits or '-', starting with a letter or digit)", error(head + "      - Bias Audit\n"));
        assertEquals("policy.yaml: line 6: tiers.high.attachments[1].when 'pii' is not one of processes_pii, high_stakes, vendor",
                error(head + "      - bias-audit\n      - kind: privacy-impact-assessment\n        when: pii\n"));
        assertEquals("policy.yaml: line 4: tiers.high.attachments[0].kind is missing",
                error(head + "      - when: vendor\n"));
        assertEquals("policy.yaml: line 4: tiers.high.attachments[0].environments[0] 'live' is not one of the registry's "
                + "environments (dev, staging, prod)", error(head + "      - {kind: explainability, environments: [live]}\n"));
        assertEquals("policy.yaml: line 6: tiers.high.attachments[0].environments lists 'prod' twice",
                error(head + "      - kind: explainability\n        environments: [prod,\n          prod]\n"));
        assertEquals("policy.yaml: line 4: tiers.high.attachments[0] is empty", error(head + "      -\n"));
        assertEquals("policy.yaml: line 4: tiers.high.attachments[0] must be a single value, not a list",
                error(head + "      - [bias-audit]\n"));
    }

    @Test
    void aTiersIncidentRules_requireAReviewOnlyWhenTheySaySo_andAreReadStrictly() {
        assertTrue(read("tiers:\n  high:\n    incidents:\n      require_review: true\n").tier(RiskTier.HIGH).incidents().requireReview());
        assertFalse(read("tiers:\n  high:\n    incidents: {require_review: false}\n").tier(RiskTier.HIGH).incidents().requireReview());
        assertFalse(read("tiers:\n  high:\n    rollback_sla: 15m\n").tier(RiskTier.HIGH).incidents().requireReview());
        assertFalse(read("tiers:\n  high:\n    incidents: {}\n").tier(RiskTier.HIGH).incidents().requireReview());
        assertEquals("policy.yaml: line 3: tiers.high.incidents.require_review 'yes' is not one of true, false",
                error("tiers:\n  high:\n    incidents: {require_review: yes}\n"));
        assertEquals("policy.yaml: line 4: unknown key 'review' in tiers.high.incidents, expected one of require_review",
                error("tiers:\n  high:\n    incidents:\n      review: true\n"));
    }

    @Test
    void theTierChecklistFlag_isABoolean_andNeedsChecklistItems() {
        assertEquals("policy.yaml: line 3: tiers.high.checklist 'yes' is not one of true, false",
                error("tiers:\n  high:\n    checklist: yes\n"));
        assertEquals("policy.yaml: line 3: tiers.high.checklist 'on' is not one of true, false",
                error("tiers:\n  high:\n    checklist: on\n"));
        assertEquals("policy.yaml: line 3: tiers.high.checklist is true but the policy lists no checklist items "
                        + "(add the items under 'checklist:' at the top of policy.yaml, or set tiers.high.checklist: false)",
                oneLine("tiers:\n  high:\n    checklist: true\n"));
        assertEquals(false, read("tiers:\n  high:\n    checklist: false\n").tier(RiskTier.HIGH).checklist());
        assertTrue(read("tiers:\n  high:\n    checklist: true\nchecklist:\n  - {id: a, text: b}\n")
                .tier(RiskTier.HIGH).checklist());
    }

    @Test
    void approvals_nameRegistryEnvironmentsRolesAndCountsOfAtLeastOne() {
        String head = "tiers:\n  high:\n    approvals:\n";
        assertEquals("policy.yaml: line 5: unknown environment 'production' in tiers.high.approvals "
                        + "(use one of the registry's environments: dev, staging, prod)",
                oneLine(head + "      prod: {peer-review: 1}\n      production: {risk-committee: 1}\n"));
        assertEquals("policy.yaml: line 6: role 'Risk Committee' in tiers.high.approvals.prod is not a role name "
                        + "(1-32 lower-case letters, digits or '-', starting with a letter)",
                error(head + "      prod:\n        peer-review: 1\n        Risk Committee: 1\n"));
        assertEquals("policy.yaml: line 5: tiers.high.approvals.prod.risk-committee '0' is not a number of approvals "
                        + "(1 to 1000) (remove the role to require no approval from it)",
                oneLine(head + "      prod:\n        risk-committee: 0\n"));
        assertEquals("policy.yaml: line 4: tiers.high.approvals.prod.peer-review 'one' is not a whole number",
                error(head + "      prod: {peer-review: one}\n"));
        assertEquals("policy.yaml: line 4: tiers.high.approvals.prod.peer-review '1.5' is not a whole number",
                error(head + "      prod: {peer-review: 1.5}\n"));
        assertEquals("policy.yaml: line 5: tiers.high.approvals.prod.peer-review is empty",
                error(head + "      prod:\n        peer-review:\n"));
        assertEquals(Map.of(), read(head + "      prod:\n").tier(RiskTier.HIGH).approvalsFor("prod"));
    }

    @Test
    void prohibitedAttributes_areAListOfDistinctNames() {
        assertEquals("policy.yaml: line 1: prohibited_attributes must be a list, not a single value",
                error("prohibited_attributes: race\n"));
        assertEquals("policy.yaml: line 3: prohibited_attributes lists 'Race' twice",
                error("prohibited_attributes:\n  - race\n  - Race\n"));
        assertEquals("policy.yaml: line 1: prohibited_attributes[1] is empty", error("prohibited_attributes: [race, ~]\n"));
    }

    @Test
    void malformedYaml_andAWrongShape_nameTheLine() {
        assertEquals("policy.yaml: line 1: the document must be a mapping of keys to values, not a list", error("- gates\n"));
        assertEquals("policy.yaml: line 3: mapping values are not allowed here", error("gates:\n  tier: warn\n  x: y: z\n"));
        assertEquals("policy.yaml: line 2: aliases (*w) are not allowed; write the value out",
                error("gates: {tier: &w warn}\ntiers: *w\n"));
    }

    @Test
    void notices_defaultTo30_7_1DaysOneMinuteSevenDaysTenMinutesAYear() {
        Policy.Notices n = read("").notices();
        assertEquals(List.of(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1)), n.reminders());
        assertEquals(Duration.ofMinutes(1), n.retryInitial());
        assertEquals(Duration.ofDays(7), n.maxAge());
        assertEquals(Duration.ofMinutes(10), n.lease());
        assertEquals(Duration.ofDays(365), n.retention());
    }

    @Test
    void notices_areReadStrictly() {
        Policy.Notices n = read("notices:\n  reminders: [14d, 2d]\n  retry_initial: 30s\n  max_age: 3d\n  lease: 5m\n  retention: 90d\n").notices();
        assertEquals(List.of(Duration.ofDays(14), Duration.ofDays(2)), n.reminders());
        assertEquals(Duration.ofSeconds(30), n.retryInitial());
        assertEquals(Duration.ofDays(90), n.retention());
        assertEquals("policy.yaml: line 2: unknown key 'retry' in notices, expected one of reminders, retry_initial, max_age, lease, retention",
                error("notices:\n  retry: 1m\n"));
        assertEquals("policy.yaml: line 2: notices.max_age 'soon' is not a duration like 90m, 24h, 7d or PT24H",
                error("notices:\n  max_age: soon\n"));
    }
}
