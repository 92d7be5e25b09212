package dev.airisk.core.release;

import dev.airisk.core.Limits;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.ModelRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code airisk register} was given: the model's files, its name and version, an optional
 * META.yaml (already read, within {@link dev.airisk.core.Limits#METADATA}), flags that override what
 * META.yaml says, and whether critical scan findings refuse it.
 */
public record RegisterRequest(Path source, ModelRef ref, Meta meta, List<DatasetRef> datasets,
                              List<ModelRef> baseModels, String codeCommit, Map<String, Double> metrics, boolean scanEnforce) {
    public RegisterRequest {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        baseModels = baseModels == null ? List.of() : List.copyOf(baseModels);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A request whose scan findings only warn, unless the policy says otherwise. */
    public RegisterRequest(Path source, ModelRef ref, Meta meta, List<DatasetRef> datasets, List<ModelRef> baseModels,
                           String codeCommit, Map<String, Double> metrics) {
        this(source, ref, meta, datasets, baseModels, codeCommit, metrics, false);
    }

    /** META.yaml's bytes and its name for messages. */
    public record Meta(String file, byte[] yaml) {
        public Meta {
            Limits.METADATA.check(file, yaml.length);
        }
    }
}
