package dev.airisk.core.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a publisher says of a version (META.yaml and the register flags). Lineage lives here too:
 * datasets, base models and the code commit. Every field may be absent except where a use-case
 * requires it; collections are never null. {@code regions} are where the model serves;
 * {@code trainingRegions} where it was trained; {@code highStakes} marks decisions with legal or
 * similarly significant effects on people (the policy may then require an explainability report).
 */
public record Metadata(
        String owner,
        RiskTier riskTier,
        String intendedUse,
        String description,
        List<DatasetRef> datasets,
        Map<String, Double> metrics,
        String codeCommit,
        List<ModelRef> baseModels,
        List<String> regions,
        Boolean processesPii,
        Vendor vendor,
        InputSchema inputSchema,
        Map<String, String> labels,
        List<String> trainingRegions,
        Boolean highStakes) {

    public Metadata {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
        baseModels = baseModels == null ? List.of() : List.copyOf(baseModels);
        regions = regions == null ? List.of() : List.copyOf(regions);
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        trainingRegions = trainingRegions == null ? List.of() : List.copyOf(trainingRegions);
    }

    public static Metadata empty() {
        return new Metadata(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A vendor-supplied model and where its model card is. */
    public record Vendor(String name, String modelCard) {
    }

    /** The features a model takes as input. */
    public record InputSchema(List<String> features) {
        public InputSchema {
            features = features == null ? List.of() : List.copyOf(features);
        }
    }

    public Metadata withOwner(String v) { return new Metadata(v, riskTier, intendedUse, description, datasets, metrics, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withRiskTier(RiskTier v) { return new Metadata(owner, v, intendedUse, description, datasets, metrics, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withDatasets(List<DatasetRef> v) { return new Metadata(owner, riskTier, intendedUse, description, v, metrics, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withMetrics(Map<String, Double> v) { return new Metadata(owner, riskTier, intendedUse, description, datasets, v, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withCodeCommit(String v) { return new Metadata(owner, riskTier, intendedUse, description, datasets, metrics, v, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withBaseModels(List<ModelRef> v) { return new Metadata(owner, riskTier, intendedUse, description, datasets, metrics, codeCommit, v, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
}
