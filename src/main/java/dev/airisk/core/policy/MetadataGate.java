package dev.airisk.core.policy;

import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.Metadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata fields the tier requires are present; and, in every tier, a vendor model names its
 * model card. Missing fields are named as record.yaml names them.
 */
final class MetadataGate implements Gate {
    static final String ID = "metadata";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the metadata fields the risk tier requires are present; a vendor model has a model card";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        Metadata m = in.record().metadata();
        List<String> required = Gates.tierRules(in).metadata();
        List<String> missing = new ArrayList<>();
        for (String field : required) {
            String problem = missing(field, m);
            if (problem != null && !missing.contains(problem)) {
                missing.add(problem);
            }
        }
        boolean vendorWithoutCard = m.vendor() != null && GateText.blank(m.vendor().modelCard());
        if (missing.isEmpty() && !vendorWithoutCard) {
            String tier = GateText.tier(Gates.riskTier(in));
            return GateResult.pass(ID, required.isEmpty() ? "no metadata fields required for tier " + tier
                    : "all " + GateText.plural(required.size(), "required field", "required fields") + " of tier " + tier + " present");
        }
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("missing metadata: " + String.join(", ", missing));
        }
        if (vendorWithoutCard) {
            String name = GateText.blank(m.vendor().name()) ? "" : " '" + GateText.oneLine(m.vendor().name()) + "'";
            parts.add("vendor model" + name + " has no model card (vendor.model_card)");
        }
        return GateResult.fail(ID, String.join("; ", parts),
                "add them to META.yaml and register a new version with 'airisk register DIR --model " + in.ref().name()
                        + " --version NEW --meta META.yaml' (a version's record never changes)");
    }

    /** Null when the field is present, else how to name what is missing. */
    static String missing(String field, Metadata m) {
        return switch (field) {
            case "owner" -> GateText.blank(m.owner()) ? field : null;
            case "intended_use" -> GateText.blank(m.intendedUse()) ? field : null;
            case "description" -> GateText.blank(m.description()) ? field : null;
            case "code_commit" -> GateText.blank(m.codeCommit()) ? field : null;
            case "datasets" -> m.datasets().isEmpty() ? field
                    : m.datasets().stream().allMatch(MetadataGate::complete) ? null : "datasets (versions with digests)";
            case "metrics" -> m.metrics().isEmpty() ? field : null;
            case "base_models" -> m.baseModels().isEmpty() ? field : null;
            case "regions" -> m.regions().isEmpty() ? field : null;
            case "training_regions" -> m.trainingRegions().isEmpty() ? field : null;
            case "processes_pii" -> m.processesPii() == null ? field : null;
            case "risk_rating" -> m.riskTier() == null ? "risk_tier" : null;
            case "vendor" -> m.vendor() == null ? field : null;
            case "input_schema" -> m.inputSchema() == null ? field
                    : m.inputSchema().features().isEmpty() ? "input_schema (features)" : null;
            default -> field + " (not a known field)";
        };
    }

    private static boolean complete(DatasetRef d) {
        return !GateText.blank(d.version()) && d.sha256() != null;
    }
}
