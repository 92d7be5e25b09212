package dev.airisk.core.policy;

import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.scan.ScanReport;
import dev.airisk.core.scan.ScanRules;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything the gates look at for one version entering one environment. Signatures of approvals,
 * attachments and checklist answers are verified before they get here; files that did not verify
 * are listed in {@code unusable} with the reason.
 *
 * @param ref              the version
 * @param record           its record
 * @param model            the model's model.yaml
 * @param env              the target environment
 * @param environments     every environment, in promotion order
 * @param policy           the policy in force
 * @param roles            trust/roles.yaml now
 * @param state            the model's state.yaml now
 * @param now              the time of the decision
 * @param emergency        true for {@code --emergency} (the freeze gate lets it through)
 * @param registered       whether a model version is registered (for base models)
 * @param signatureProblem null when model.sig verifies under a trusted key and matches the record
 * @param approvals        verified approval statements found under the version's approvals/
 * @param attachments      verified attachments of the version
 * @param answers          verified checklist answers of the version, oldest first
 * @param unusable         "file: reason" for statements that were ignored
 * @param artifact         the stored bytes of the version, or null when the store is not consulted
 * @param monitoring       verified monitoring evaluations and halt overrides of the version, in every environment
 * @param canaryAnalyses   verified canary analyses of the version in the target environment
 */
public record GateInput(ModelRef ref, VersionRecord record, ModelInfo model, String env, List<String> environments,
                        Policy policy, Roles roles, ReleaseState state, Instant now, boolean emergency,
                        Predicate<ModelRef> registered, String signatureProblem, List<Approval> approvals,
                        List<Attachment> attachments, List<ChecklistAnswer> answers, List<String> unusable,
                        Artifact artifact, List<MonitoringRecord> monitoring, List<CanaryEvidence> canaryAnalyses) {

    public GateInput {
        monitoring = monitoring == null ? List.of() : List.copyOf(monitoring);
        canaryAnalyses = canaryAnalyses == null ? List.of() : List.copyOf(canaryAnalyses);
        environments = List.copyOf(environments);
        approvals = List.copyOf(approvals);
        attachments = List.copyOf(attachments);
        answers = List.copyOf(answers);
        unusable = List.copyOf(unusable);
    }

    /** An input without canary analyses. */
    public GateInput(ModelRef ref, VersionRecord record, ModelInfo model, String env, List<String> environments,
                     Policy policy, Roles roles, ReleaseState state, Instant now, boolean emergency,
                     Predicate<ModelRef> registered, String signatureProblem, List<Approval> approvals,
                     List<Attachment> attachments, List<ChecklistAnswer> answers, List<String> unusable, Artifact artifact,
                     List<MonitoringRecord> monitoring) {
        this(ref, record, model, env, environments, policy, roles, state, now, emergency, registered, signatureProblem, approvals,
                attachments, answers, unusable, artifact, monitoring, null);
    }

    /** An input without monitoring statements. */
    public GateInput(ModelRef ref, VersionRecord record, ModelInfo model, String env, List<String> environments,
                     Policy policy, Roles roles, ReleaseState state, Instant now, boolean emergency,
                     Predicate<ModelRef> registered, String signatureProblem, List<Approval> approvals,
                     List<Attachment> attachments, List<ChecklistAnswer> answers, List<String> unusable, Artifact artifact) {
        this(ref, record, model, env, environments, policy, roles, state, now, emergency, registered, signatureProblem, approvals,
                attachments, answers, unusable, artifact, null, null);
    }

    /** The environment before {@code env} in promotion order, or null for the first. */
    public String previousEnvironment() {
        int i = environments.indexOf(env);
        return i > 0 ? environments.get(i - 1) : null;
    }

    /** The stored files of the version, read through the store with every byte verified. */
    public interface Artifact {

        /** Problems found by re-hashing every blob (missing, wrong size, wrong digest); empty when all hold. */
        List<String> integrityProblems();

        /** The content of one file of the manifest, verified; empty when the manifest has no such path. */
        Optional<byte[]> read(String path);

        /** Every file scanned without loading it (see {@code airisk scan}), with the policy's rules. */
        ScanReport scan(ScanRules rules, boolean highRiskTier);
    }
}
