package dev.airisk.core.policy;

import static dev.airisk.core.policy.TestInput.DIGEST;
import static dev.airisk.core.policy.TestInput.NOW;
import static dev.airisk.core.policy.TestInput.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RiskTier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each built-in gate but approvals, path and pinned-dependencies (they have their own tests). */
class BuiltInGatesTest {

    private static void assertPass(String message, GateResult r) {
        assertEquals(GateResult.pass(r.gate(), message), r);
    }

    private static void assertFail(String message, String fix, GateResult r) {
        assertEquals(GateResult.fail(r.gate(), message, fix), r);
    }

    private static Policy.TierRules metadataRule(String... fields) {
        return new Policy.TierRules(List.of(fields), null, null, false, null, null);
    }

    private static Policy.TierRules attachmentRules(Policy.AttachmentRule... rules) {
        return new Policy.TierRules(null, null, List.of(rules), false, null, null);
    }

    // ---- tier

    @Test
    void tier_high_passes() {
        assertPass("risk tier high", new TestInput().run(new TierGate()));
    }

    @Test
    void tier_unacceptable_alwaysFails() {
        TestInput t = new TestInput();
        t.riskTier = RiskTier.UNACCEPTABLE;
        assertFail("unacceptable risk: prohibited under the EU AI Act, never promotable",
                "do not deploy this system; if the tier is wrong, register a new version with the right risk_tier",
                t.run(new TierGate()));
    }

    @Test
    void tier_fromTheModel_whenTheVersionHasNone() {
        TestInput t = new TestInput();
        t.riskTier = null;
        t.modelTier = RiskTier.UNACCEPTABLE;
        assertEquals(GateResult.Result.FAIL, t.run(new TierGate()).result());
        t.modelTier = RiskTier.MINIMAL;
        assertPass("risk tier minimal", t.run(new TierGate()));
    }

    @Test
    void tier_unknown_fails() {
        TestInput t = new TestInput();
        t.riskTier = null;
        t.modelTier = null;
        assertFail("no risk tier recorded for churn@1.4.0; the policy's requirements cannot be applied",
                "set risk_tier in META.yaml and register a new version", t.run(new TierGate()));
    }

    // ---- signature

    @Test
    void signature_verified_passes() {
        assertPass("model.sig verifies under a trusted key", new TestInput().run(new SignatureGate()));
    }

    @Test
    void signature_problem_failsWithIt() {
        TestInput t = new TestInput();
        t.signatureProblem = "model.sig was signed by key 0a1b2c3d4e5f,\nwhich is not trusted";
        assertFail("model.sig was signed by key 0a1b2c3d4e5f, which is not trusted",
                "run 'airisk verify churn@1.4.0' for details; a version whose signature does not verify cannot be promoted",
                t.run(new SignatureGate()));
    }

    // ---- integrity

    @Test
    void integrity_allFilesHold_passes() {
        assertPass("2 files re-hashed", new TestInput().file("config.json", "{}").run(new IntegrityGate()));
        assertPass("1 file re-hashed", new TestInput().run(new IntegrityGate()));
    }

    @Test
    void integrity_problems_failWithTheFirstAndTheCount() {
        TestInput t = new TestInput();
        t.integrityProblems.add("model.bin: sha256 differs from the manifest");
        t.integrityProblems.add("config.json: missing from the store");
        t.integrityProblems.add("vocab.txt: size 10, expected 12");
        assertFail("model.bin: sha256 differs from the manifest (and 2 more of 3 problems)",
                "run 'airisk verify churn@1.4.0' to list every problem; restore the missing or damaged blobs in the store",
                t.run(new IntegrityGate()));
    }

    @Test
    void integrity_oneProblem_isShownAlone() {
        TestInput t = new TestInput();
        t.integrityProblems.add("model.bin: missing from the store");
        assertEquals("model.bin: missing from the store", t.run(new IntegrityGate()).message());
    }

    // ---- metadata

    @Test
    void metadata_nothingRequired_passes() {
        assertPass("no metadata fields required for tier high", new TestInput().run(new MetadataGate()));
    }

    @Test
    void metadata_everyRequiredFieldPresent_passes() {
        TestInput t = new TestInput().tierRules(metadataRule(Policy.METADATA_FIELDS.toArray(String[]::new)));
        t.baseModels = List.of(ModelRef.parse("bert@1.0.0"));
        t.vendor = new Metadata.Vendor("acme", "https://acme.example/card");
        assertPass("all 13 required fields of tier high present", t.run(new MetadataGate()));
    }

    @Test
    void metadata_missingFields_areListedInRecordYamlNames() {
        TestInput t = new TestInput().tierRules(metadataRule(Policy.METADATA_FIELDS.toArray(String[]::new)));
        t.owner = " ";
        t.intendedUse = null;
        t.description = "";
        t.datasets = List.of();
        t.metrics = Map.of();
        t.codeCommit = null;
        t.regions = List.of();
        t.trainingRegions = List.of();
        t.processesPii = null;
        t.riskTier = null;
        t.inputSchema = null;
        assertFail("missing metadata: owner, intended_use, description, datasets, metrics, code_commit, base_models,"
                        + " regions, training_regions, processes_pii, risk_tier, vendor, input_schema",
                "add them to META.yaml and register a new version with 'airisk register DIR --model churn --version NEW"
                        + " --meta META.yaml' (a version's record never changes)",
                t.run(new MetadataGate()));
    }

    @Test
    void metadata_datasetsWithoutDigests_orSchemaWithoutFeatures_areMissing() {
        TestInput t = new TestInput().tierRules(metadataRule("datasets", "input_schema"));
        t.datasets = List.of(new DatasetRef("customers", "2026-10", DIGEST), new DatasetRef("events", "v3", null));
        t.inputSchema = new Metadata.InputSchema(List.of());
        assertEquals("missing metadata: datasets (versions with digests), input_schema (features)", t.run(new MetadataGate()).message());
    }

    @Test
    void metadata_vendorModelWithoutModelCard_failsInEveryTier() {
        TestInput t = new TestInput();
        t.riskTier = RiskTier.MINIMAL;
        t.vendor = new Metadata.Vendor("acme", " ");
        GateResult r = t.run(new MetadataGate());
        assertEquals(GateResult.Result.FAIL, r.result());
        assertEquals("vendor model 'acme' has no model card (vendor.model_card)", r.message());
    }

    @Test
    void metadata_unknownRequiredField_isNamedAsUnknown() {
        assertEquals("missing metadata: ownr (not a known field)",
                new TestInput().tierRules(metadataRule("ownr")).run(new MetadataGate()).message());
    }

    // ---- lineage

    @Test
    void lineage_complete_passes() {
        TestInput t = new TestInput();
        t.baseModels = List.of(ModelRef.parse("bert@1.0.0"));
        assertPass("1 dataset with digests, code commit 3f2a9c1d, 1 registered base model", t.run(new LineageGate()));
    }

    @Test
    void lineage_withoutBaseModels_passes() {
        assertPass("1 dataset with digests, code commit 3f2a9c1d, no base models", new TestInput().run(new LineageGate()));
    }

    @Test
    void lineage_incomplete_listsEveryMissingThing() {
        TestInput t = new TestInput();
        t.datasets = List.of(new DatasetRef("customers", "2026-10", null));
        t.codeCommit = " ";
        t.baseModels = List.of(ModelRef.parse("bert@1.0.0"), ModelRef.parse("tok@2.0.0"));
        t.registered = r -> r.name().equals("tok");
        assertFail("lineage incomplete: no sha256 for dataset customers@2026-10; no code commit; base model bert@1.0.0 is not registered",
                "register bert@1.0.0 first; register a new version with --dataset NAME@VERSION=sha256:HEX --code-commit SHA",
                t.run(new LineageGate()));
    }

    @Test
    void lineage_noDatasets_fails() {
        TestInput t = new TestInput();
        t.datasets = List.of();
        assertFail("lineage incomplete: no datasets", "register a new version with --dataset NAME@VERSION=sha256:HEX",
                t.run(new LineageGate()));
    }

    // ---- metrics

    @Test
    void metrics_noThresholds_passes() {
        TestInput t = new TestInput();
        t.riskTier = RiskTier.LIMITED;
        assertPass("no thresholds for tier limited", t.run(new MetricsGate()));
    }

    @Test
    void metrics_allHold_passes() {
        TestInput t = new TestInput().tierRules(new Policy.TierRules(null,
                List.of(Threshold.parse("accuracy", ">= 0.9"), Threshold.parse("auc", "> 0.9")), null, false, null, null));
        assertPass("accuracy 0.93 >= 0.9, auc 0.91 > 0.9", t.run(new MetricsGate()));
    }

    @Test
    void metrics_failingAndMissing_areListed() {
        TestInput t = new TestInput().tierRules(new Policy.TierRules(null, List.of(Threshold.parse("accuracy", ">= 0.95"),
                Threshold.parse("fpr", "<= 0.1"), Threshold.parse("auc", ">= 0.9")), null, false, null, null));
        t.metrics = Map.of("accuracy", 0.85, "auc", 0.91);
        assertFail("accuracy 0.85 (needs >= 0.95), metric 'fpr' is missing",
                "evaluate again and register a new version whose metrics meet tier high (--metric NAME=VALUE)",
                t.run(new MetricsGate()));
    }

    // ---- attachments

    @Test
    void attachments_noneRequired_passes() {
        assertPass("no attachments required for tier high in prod", new TestInput().run(new AttachmentsGate()));
    }

    @Test
    void attachments_ruleConditionsAndEnvironments_decideWhatIsRequired() {
        TestInput t = new TestInput().tierRules(attachmentRules(
                new Policy.AttachmentRule("bias-audit", "processes_pii", null),
                new Policy.AttachmentRule("explainability-report", "high_stakes", null),
                new Policy.AttachmentRule("vendor-assessment", "vendor", null),
                new Policy.AttachmentRule("impact-assessment", null, List.of("prod")),
                new Policy.AttachmentRule("dev-notes", null, List.of("dev"))));
        assertFail("missing attachment impact-assessment",
                "attach it with 'airisk attach churn@1.4.0 --kind impact-assessment FILE'", t.run(new AttachmentsGate()));
        t.processesPii = true;
        t.highStakes = true;
        t.vendor = new Metadata.Vendor("acme", "card.md");
        assertFail("missing attachments bias-audit, explainability-report, vendor-assessment, impact-assessment",
                "attach them with 'airisk attach churn@1.4.0 --kind bias-audit FILE' and 'airisk attach churn@1.4.0 --kind"
                        + " explainability-report FILE' and 'airisk attach churn@1.4.0 --kind vendor-assessment FILE' and"
                        + " 'airisk attach churn@1.4.0 --kind impact-assessment FILE'",
                t.run(new AttachmentsGate()));
        for (String kind : List.of("bias-audit", "explainability-report", "vendor-assessment", "impact-assessment")) {
            t.attachments.add(new Attachment("attachments/" + kind + ".json", kind, kind + ".pdf", 10, DIGEST, key("aa"), NOW));
        }
        assertPass("attached: bias-audit, explainability-report, vendor-assessment, impact-assessment", t.run(new AttachmentsGate()));
    }

    @Test
    void attachments_unknownCondition_cannotBeRequired() {
        assertEquals("attachment condition 'process_pii' is not one of processes_pii, high_stakes, vendor",
                assertThrows(AiriskException.InvalidInput.class,
                        () -> new Policy.AttachmentRule("dpia", "process_pii", null)).getMessage());
    }

    // ---- checklist

    private static TestInput withChecklist() {
        TestInput t = new TestInput().tierRules(new Policy.TierRules(null, null, null, true, null, null));
        t.checklist.add(new Policy.ChecklistItem("risk-management", "A risk management system is in place"));
        t.checklist.add(new Policy.ChecklistItem("data-governance", "Training data is governed"));
        t.checklist.add(new Policy.ChecklistItem("human-oversight", "People can oversee and stop it"));
        t.checklist.add(new Policy.ChecklistItem("logging", "Decisions are logged"));
        return t;
    }

    private static ChecklistAnswer answer(String item, ChecklistAnswer.Answer a, String evidence, Instant at) {
        return new ChecklistAnswer(item, a, evidence, key("aa"), at);
    }

    @Test
    void checklist_notRequired_passes() {
        assertPass("checklist not required for tier high", new TestInput().run(new ChecklistGate()));
    }

    @Test
    void checklist_everyItemYesWithEvidence_passes() {
        TestInput t = withChecklist();
        for (Policy.ChecklistItem item : t.checklist) {
            t.answers.add(answer(item.id(), ChecklistAnswer.Answer.YES, "https://wiki/" + item.id(), NOW));
        }
        assertPass("all 4 checklist items answered yes with evidence", t.run(new ChecklistGate()));
    }

    @Test
    void checklist_newestAnswerCounts_andOpenItemsAreListed() {
        TestInput t = withChecklist();
        Instant earlier = NOW.minus(Duration.ofDays(2));
        t.answers.add(answer("risk-management", ChecklistAnswer.Answer.NO, null, earlier));
        t.answers.add(answer("risk-management", ChecklistAnswer.Answer.YES, "https://wiki/rm", NOW));
        t.answers.add(answer("human-oversight", ChecklistAnswer.Answer.YES, "https://wiki/ho", earlier));
        t.answers.add(answer("human-oversight", ChecklistAnswer.Answer.PARTIAL, "https://wiki/ho", NOW));
        t.answers.add(answer("logging", ChecklistAnswer.Answer.YES, " ", NOW));
        assertFail("checklist incomplete: data-governance unanswered, human-oversight answered partial, logging yes without evidence",
                "answer with 'airisk checklist churn@1.4.0 --answer data-governance=yes --evidence TEXT'", t.run(new ChecklistGate()));
    }

    // ---- regions

    @Test
    void regions_noRestriction_passes() {
        assertPass("no region restriction in prod", new TestInput().run(new RegionsGate()));
    }

    @Test
    void regions_withinTheAllowed_passes() {
        TestInput t = new TestInput().envRules("prod", null, List.of("eu-west-1", "eu-central-1"), null);
        t.trainingRegions = List.of("EU-Central-1");
        assertPass("regions eu-west-1, EU-Central-1 within eu-west-1, eu-central-1 allowed in prod", t.run(new RegionsGate()));
    }

    @Test
    void regions_servingOrTrainingOutside_fails() {
        TestInput t = new TestInput().envRules("prod", null, List.of("eu-west-1"), null);
        t.regions = List.of("eu-west-1", "us-east-1");
        t.trainingRegions = List.of("ap-south-1");
        assertFail("serving us-east-1 not allowed in prod; training ap-south-1 not allowed in prod (allowed: eu-west-1)",
                "record regions (and training_regions) within eu-west-1 in META.yaml and register a new version,"
                        + " or change allowed_regions of prod in policy.yaml",
                t.run(new RegionsGate()));
    }

    @Test
    void regions_noServingRegions_fails() {
        TestInput t = new TestInput().envRules("prod", null, List.of("eu-west-1"), null);
        t.regions = List.of();
        assertEquals("no serving regions recorded (allowed: eu-west-1)", t.run(new RegionsGate()).message());
    }

    // ---- prohibited attributes

    @Test
    void prohibitedAttributes_emptyList_passes() {
        assertPass("no prohibited attributes in the policy", new TestInput().run(new ProhibitedAttributesGate()));
    }

    @Test
    void prohibitedAttributes_noneUsed_passes() {
        TestInput t = new TestInput();
        t.prohibited.addAll(List.of("ethnic origin", "religion"));
        assertPass("no prohibited attribute among 2 input features", t.run(new ProhibitedAttributesGate()));
    }

    @Test
    void prohibitedAttributes_matchIgnoringCaseAndSeparators_fails() {
        TestInput t = new TestInput();
        t.prohibited.addAll(List.of("ethnic origin", "Religion", "sexual_orientation"));
        t.inputSchema = new Metadata.InputSchema(List.of("tenure", "Ethnic-Origin", "RELIGION", "sexual orientation", "age"));
        assertFail("prohibited attributes among the input features: Ethnic-Origin, RELIGION, sexual orientation",
                "remove them from the model's inputs, retrain and register a new version", t.run(new ProhibitedAttributesGate()));
    }

    @Test
    void prohibitedAttributes_withoutInputSchema_warns() {
        TestInput t = new TestInput();
        t.prohibited.add("religion");
        t.inputSchema = null;
        assertEquals(GateResult.warn("prohibited-attributes", "no input schema recorded; prohibited attributes cannot be checked",
                "record input_schema.features in META.yaml and register a new version"), t.run(new ProhibitedAttributesGate()));
    }

    // ---- freeze

    private static Policy.FreezeWindow yearEnd(List<String> envs) {
        return new Policy.FreezeWindow(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2027-01-04T00:00:00Z"), envs,
                "Year-end change freeze");
    }

    @Test
    void freeze_noWindow_passes() {
        TestInput t = new TestInput();
        t.freezes.add(yearEnd(List.of("staging")));
        t.freezes.add(new Policy.FreezeWindow(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(29)), null, "old"));
        assertPass("no change freeze in prod", t.run(new FreezeGate()));
    }

    @Test
    void freeze_windowCoveringNow_fails() {
        TestInput t = new TestInput();
        t.freezes.add(yearEnd(List.of("prod")));
        assertFail("prod is frozen until 2027-01-04T00:00:00Z (Year-end change freeze)", "wait, or use --emergency --reason TEXT",
                t.run(new FreezeGate()));
    }

    @Test
    void freeze_emergency_warns() {
        TestInput t = new TestInput();
        t.freezes.add(yearEnd(List.of()));
        t.emergency = true;
        assertEquals(GateResult.warn("freeze", "emergency change during freeze: prod is frozen until 2027-01-04T00:00:00Z"
                        + " (Year-end change freeze)", "the emergency and its reason are recorded; review the change when the freeze ends"),
                t.run(new FreezeGate()));
    }
}
