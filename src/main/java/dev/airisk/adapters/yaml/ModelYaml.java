package dev.airisk.adapters.yaml;

import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelName;
import java.time.Instant;
import java.util.List;

/** {@code models/<name>/model.yaml}. */
final class ModelYaml {
    static final List<String> KEYS = List.of("name", "owner", "risk_tier", "intended_use", "description",
            "regions", "vendor", "consumers", "created");

    private ModelYaml() {
    }

    static YamlMap write(ModelInfo m) {
        return new YamlMap()
                .text("name", m.name())
                .text("owner", m.owner())
                .text("risk_tier", m.riskTier() == null ? null : m.riskTier().id())
                .text("intended_use", m.intendedUse())
                .text("description", m.description())
                .texts("regions", m.regions())
                .map("vendor", MetadataYaml.writeVendor(m.vendor()))
                .texts("consumers", m.consumers())
                .text("created", m.created());
    }

    static ModelInfo read(Node node) {
        node.fields(KEYS);
        Node created = node.get("created");
        return new ModelInfo(
                node.require("name").as(ModelName::require, "a model name (1-64 lower-case letters, digits, '.', '_' or '-')"),
                node.text("owner"),
                MetadataYaml.riskTier(node.get("risk_tier")),
                node.text("intended_use"),
                node.text("description"),
                node.texts("regions"),
                MetadataYaml.readVendor(node.get("vendor")),
                node.texts("consumers"),
                created == null ? null : instant(created));
    }

    /** An ISO-8601 time in UTC, as written: {@code 2025-06-01T12:00:00Z}. */
    static Instant instant(Node node) {
        return node.as(Instant::parse, "an ISO-8601 UTC time like 2025-06-01T12:00:00Z");
    }
}
