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
 * {@code source} says where the model comes from: {@code vendor} for a supplier's model registered with
 * the supplier's verified signature ({@code register --vendor}), {@code internal} or absent otherwise.
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
        Boolean highStakes,
        String source) {

    /** The source of a supplier's model whose signature was verified at registration. */
    public static final String SOURCE_VENDOR = "vendor";
    /** The sources metadata may name. */
    public static final List<String> SOURCES = List.of("internal", SOURCE_VENDOR);

    public Metadata {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
        baseModels = baseModels == null ? List.of() : List.copyOf(baseModels);
        regions = regions == null ? List.of() : List.copyOf(regions);
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        trainingRegions = trainingRegions == null ? List.of() : List.copyOf(trainingRegions);
        if (source != null && !SOURCES.contains(source)) {
            throw new InvalidInput("source '" + source + "' is not one of " + String.join(", ", SOURCES),
                    "leave it out, or register a supplier's signed model with --signature and --vendor");
        }
    }

    /** Metadata that names no source. */
    public Metadata(String owner, RiskTier riskTier, String intendedUse, String description, List<DatasetRef> datasets,
                    Map<String, Double> metrics, String codeCommit, List<ModelRef> baseModels, List<String> regions,
                    Boolean processesPii, Vendor vendor, InputSchema inputSchema, Map<String, String> labels,
                    List<String> trainingRegions, Boolean highStakes) {
        this(owner, riskTier, intendedUse, description, datasets, metrics, codeCommit, baseModels, regions, processesPii,
                vendor, inputSchema, labels, trainingRegions, highStakes, null);
    }

    /** Whether the version is a supplier's model registered with its verified signature. */
    public boolean fromVendor() {
        return SOURCE_VENDOR.equals(source);
    }

    public static Metadata empty() {
        return new Metadata(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * A vendor-supplied model, where its model card is, and who signed it for the vendor: {@code key <id>} or the
     * signing certificate's identities, recorded by {@code register --vendor} from the verified signature (else null).
     */
    public record Vendor(String name, String modelCard, String signer) {
        /** A vendor model whose signer is not recorded. */
        public Vendor(String name, String modelCard) {
            this(name, modelCard, null);
        }
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

    public Metadata withOwner(String v) { return new Metadata(v, riskTier, intendedUse, description, datasets, metrics, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes, source); }
    public Metadata withRiskTier(RiskTier v) { return new Metadata(owner, v, intendedUse, description, datasets, metrics, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes, source); }
    public Metadata withDatasets(List<DatasetRef> v) { return new Metadata(owner, riskTier, intendedUse, description, v, metrics, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes, source); }
    public Metadata withMetrics(Map<String, Double> v) { return new Metadata(owner, riskTier, intendedUse, description, datasets, v, codeCommit, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes, source); }
    public Metadata withCodeCommit(String v) { return new Metadata(owner, riskTier, intendedUse, description, datasets, metrics, v, baseModels, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes, source); }
    public Metadata withVendor(Vendor v, String src) { return new Metadata(owner, riskTier, intendedUse, description, datasets, metrics, codeCommit, baseModels, regions, processesPii, v, inputSchema, labels, trainingRegions, highStakes, src); }
    public Metadata withBaseModels(List<ModelRef> v) { return new Metadata(owner, riskTier, intendedUse, description, datasets, metrics, codeCommit, v, regions, processesPii, vendor, inputSchema, labels, trainingRegions, highStakes, source); }
}
