package dev.airisk.core.release;

import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.ModelRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code airisk register} was given: the model's files, its name and version, an optional
 * META.yaml, and flags that override what META.yaml says.
 */
public record RegisterRequest(Path source, ModelRef ref, Path metaFile, List<DatasetRef> datasets,
                              List<ModelRef> baseModels, String codeCommit, Map<String, Double> metrics) {
    public RegisterRequest {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        baseModels = baseModels == null ? List.of() : List.copyOf(baseModels);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
