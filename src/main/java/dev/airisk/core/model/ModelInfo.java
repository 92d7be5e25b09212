package dev.airisk.core.model;

import java.time.Instant;
import java.util.List;

/** {@code models/<name>/model.yaml}: what holds for every version of a model. */
public record ModelInfo(String name, String owner, RiskTier riskTier, String intendedUse, String description,
                        List<String> regions, Metadata.Vendor vendor, List<String> consumers, Instant created) {
    public ModelInfo {
        ModelName.require(name);
        regions = regions == null ? List.of() : List.copyOf(regions);
        consumers = consumers == null ? List.of() : List.copyOf(consumers);
    }
}
