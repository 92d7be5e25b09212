package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
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

    /**
     * The features a model takes as input and, for any of them, what a value may be (its type, range or
     * allowed values), which monitoring counts violations of.
     *
     * @param features the input features, in order
     * @param fields   feature name to the rule for its values; every name is one of {@code features}
     */
    public record InputSchema(List<String> features, Map<String, Field> fields) {
        public InputSchema {
            features = features == null ? List.of() : List.copyOf(features);
            fields = fields == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(fields));
            for (String name : fields.keySet()) {
                if (!features.contains(name)) {
                    throw new InvalidInput("input_schema.fields names '" + name + "', which is not one of input_schema.features",
                            "add it to input_schema.features or remove its rule");
                }
            }
        }

        /** A schema that says nothing of the values. */
        public InputSchema(List<String> features) {
            this(features, null);
        }

        /** The rule for {@code feature}'s values, or null when there is none. */
        public Field field(String feature) {
            return fields.get(feature);
        }
    }

    /**
     * What a feature's value may be. A value breaks the rule when it is not of {@code type}, is below
     * {@code min} or above {@code max}, or (for strings) is not one of {@code values}; a null value breaks none.
     *
     * @param type   the value's type
     * @param min    the lowest number allowed, or null
     * @param max    the highest number allowed, or null
     * @param values the allowed strings; empty = any
     */
    public record Field(FieldType type, Double min, Double max, List<String> values) {
        public Field {
            if (type == null) {
                throw new InvalidInput("an input_schema field has no type", "give one of " + FieldType.choices());
            }
            values = values == null ? List.of() : List.copyOf(values);
            if ((min != null || max != null) && !type.numeric()) {
                throw new InvalidInput("min and max are given for a field of type " + type.id(), "use them with number or integer");
            }
            if (!values.isEmpty() && type != FieldType.STRING) {
                throw new InvalidInput("values are given for a field of type " + type.id(), "use them with string");
            }
            if (min != null && max != null && min > max) {
                throw new InvalidInput("min " + min + " is above max " + max, "swap the two");
            }
        }
    }

    /** The type of an input feature's values. */
    public enum FieldType {
        NUMBER, INTEGER, STRING, BOOLEAN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean numeric() {
            return this == NUMBER || this == INTEGER;
        }

        /** The type spelled {@code text}; IllegalArgumentException when there is none. */
        public static FieldType parse(String text) {
            for (FieldType t : values()) {
                if (t.id().equals(text)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(text);
        }

        public static String choices() {
            return "number, integer, string, boolean";
        }
    }

    public Metadata withOwner(String v) { return new Metadata(v, riskTier, intendedUse, description, datasets, metrics, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withRiskTier(RiskTier v) { return new Metadata(owner, v, intendedUse, description, datasets, metrics, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withDatasets(List<DatasetRef> v) { return new Metadata(owner, riskTier, intendedUse, description, v, metrics, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withMetrics(Map<String, Double> v) { return new Metadata(owner, riskTier, intendedUse, description, datasets, v, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withCodeCommit(String v) { return new Metadata(owner, riskTier, intendedUse, description, datasets, metrics, v, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
    public Metadata withBaseModels(List<ModelRef> v) { return new Metadata(owner, riskTier, intendedUse, description, datasets, metrics, codeCommit, v, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes); }
}
