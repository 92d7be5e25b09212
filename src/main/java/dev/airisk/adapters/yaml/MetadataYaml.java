package dev.airisk.adapters.yaml;

import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Metadata} as META.yaml and the {@code metadata} of record.yaml hold it. Reading checks types
 * and values but requires no field: the use-case decides which fields must be there.
 */
final class MetadataYaml {
    static final List<String> KEYS = List.of("owner", "risk_tier", "intended_use", "description", "datasets",
            "metrics", "code_commit", "base_models", "regions", "processes_pii", "vendor", "input_schema", "labels",
            "training_regions", "high_stakes", "source");
    /** The one field of META.yaml that may hold line breaks; every other text is one line (see docs/formats.md). */
    static final Set<String> MULTI_LINE = Set.of("description");
    private static final List<String> DATASET_KEYS = List.of("name", "version", "sha256");
    private static final List<String> VENDOR_KEYS = List.of("name", "model_card", "signer");
    private static final List<String> INPUT_SCHEMA_KEYS = List.of("features", "fields");
    private static final List<String> FIELD_KEYS = List.of("type", "min", "max", "values");

    private MetadataYaml() {
    }

    static YamlMap write(Metadata m) {
        return new YamlMap()
                .text("owner", m.owner())
                .text("risk_tier", m.riskTier() == null ? null : m.riskTier().id())
                .text("intended_use", m.intendedUse())
                .text("description", m.description())
                .maps("datasets", m.datasets().stream().map(MetadataYaml::writeDataset).toList())
                .numberMap("metrics", m.metrics())
                .text("code_commit", m.codeCommit())
                .texts("base_models", m.baseModels())
                .texts("regions", m.regions())
                .bool("processes_pii", m.processesPii())
                .map("vendor", writeVendor(m.vendor()))
                .map("input_schema", m.inputSchema() == null ? null : writeSchema(m.inputSchema()))
                .textMap("labels", m.labels())
                .texts("training_regions", m.trainingRegions())
                .bool("high_stakes", m.highStakes())
                .text("source", m.source());
    }

    private static YamlMap writeSchema(Metadata.InputSchema schema) {
        YamlMap out = new YamlMap().textsAlways("features", schema.features());
        if (!schema.fields().isEmpty()) {
            YamlMap fields = new YamlMap();
            schema.fields().forEach((name, f) -> {
                YamlMap field = new YamlMap().text("type", f.type().id());
                if (f.min() != null) {
                    field.number("min", f.min());
                }
                if (f.max() != null) {
                    field.number("max", f.max());
                }
                fields.map(name, field.texts("values", f.values()));
            });
            out.map("fields", fields);
        }
        return out;
    }

    private static Metadata.InputSchema readSchema(Node schema) {
        schema.fields(INPUT_SCHEMA_KEYS);
        List<String> features = schema.texts("features");
        Map<String, Metadata.Field> fields = new LinkedHashMap<>();
        Node rules = schema.get("fields");
        if (rules != null) {
            for (String name : rules.keys()) {
                Node rule = rules.get(name);
                if (rule == null) {
                    throw rules.errorAtKey(name, Node.childPath(rules.name(), name) + " is empty",
                            "give its type: " + Metadata.FieldType.choices());
                }
                if (!features.contains(name)) {
                    throw rules.errorAtKey(name, Node.childPath(rules.name(), name) + " is not one of input_schema.features",
                            "add it to input_schema.features or remove its rule");
                }
                rule.fields(FIELD_KEYS);
                Metadata.FieldType type = rule.require("type").as(Metadata.FieldType::parse, "one of " + Metadata.FieldType.choices());
                Node min = rule.get("min");
                Node max = rule.get("max");
                Double lo = min == null ? null : min.number();
                Double hi = max == null ? null : max.number();
                List<String> values = rule.texts("values");
                fields.put(name, rule.build(() -> new Metadata.Field(type, lo, hi, values)));
            }
        }
        return schema.build(() -> new Metadata.InputSchema(features, fields));
    }

    static Metadata read(Node node) {
        node.fields(KEYS);
        Node schema = node.get("input_schema");
        Node pii = node.get("processes_pii");
        Node highStakes = node.get("high_stakes");
        return new Metadata(
                node.text("owner"),
                riskTier(node.get("risk_tier")),
                node.text("intended_use"),
                node.text("description"),
                list(node.get("datasets")).stream().map(MetadataYaml::readDataset).toList(),
                metrics(node.get("metrics")),
                node.text("code_commit"),
                list(node.get("base_models")).stream()
                        .map(n -> n.as(ModelRef::parse, "a model reference like churn@1.4.0")).toList(),
                node.texts("regions"),
                pii == null ? null : pii.bool(),
                readVendor(node.get("vendor")),
                schema == null ? null : readSchema(schema),
                textMap(node.get("labels")),
                node.texts("training_regions"),
                highStakes == null ? null : highStakes.bool(),
                source(node.get("source")));
    }

    private static String source(Node node) {
        return node == null ? null : node.as(s -> {
            if (!Metadata.SOURCES.contains(s)) {
                throw new IllegalArgumentException(s);
            }
            return s;
        }, "one of " + String.join(", ", Metadata.SOURCES));
    }

    /** The risk tier at a node, or null when absent. */
    static RiskTier riskTier(Node node) {
        return node == null ? null : node.as(RiskTier::parse, "one of " + RiskTier.choices());
    }

    static YamlMap writeVendor(Metadata.Vendor vendor) {
        return vendor == null ? null : new YamlMap().text("name", vendor.name()).text("model_card", vendor.modelCard())
                .text("signer", vendor.signer());
    }

    static Metadata.Vendor readVendor(Node node) {
        return node == null ? null : new Metadata.Vendor(node.fields(VENDOR_KEYS).text("name"), node.text("model_card"),
                node.text("signer"));
    }

    static Sha256 sha256(Node node) {
        return node.as(Sha256::parse, "a SHA-256 digest (64 hex characters)");
    }

    private static YamlMap writeDataset(DatasetRef d) {
        return new YamlMap().text("name", d.name()).text("version", d.version()).text("sha256", d.sha256().hex());
    }

    private static DatasetRef readDataset(Node node) {
        node.fields(DATASET_KEYS);
        String name = node.require("name").text();
        String version = node.require("version").text();
        Sha256 digest = sha256(node.require("sha256"));
        return node.build(() -> new DatasetRef(name, version, digest));
    }

    private static Map<String, Double> metrics(Node node) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (node != null) {
            node.entries().forEach((name, value) -> out.put(name, value.number()));
        }
        return out;
    }

    static Map<String, String> textMap(Node node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null) {
            node.entries().forEach((key, value) -> out.put(key, value.text()));
        }
        return out;
    }

    static List<Node> list(Node node) {
        return node == null ? List.of() : node.items();
    }
}
