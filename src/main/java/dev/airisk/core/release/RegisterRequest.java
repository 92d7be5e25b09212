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
 * META.yaml says, whether critical scan findings refuse it, and for a supplier's model the vendor's
 * signature of it (null otherwise).
 */
public record RegisterRequest(Path source, ModelRef ref, Meta meta, List<DatasetRef> datasets,
                              List<ModelRef> baseModels, String codeCommit, Map<String, Double> metrics, boolean scanEnforce,
                              VendorSignature vendor) {
    public RegisterRequest {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        baseModels = baseModels == null ? List.of() : List.copyOf(baseModels);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A request for a model of the organisation's own (no vendor signature). */
    public RegisterRequest(Path source, ModelRef ref, Meta meta, List<DatasetRef> datasets, List<ModelRef> baseModels,
                           String codeCommit, Map<String, Double> metrics, boolean scanEnforce) {
        this(source, ref, meta, datasets, baseModels, codeCommit, metrics, scanEnforce, null);
    }

    /** A request whose scan findings only warn, unless the policy says otherwise. */
    public RegisterRequest(Path source, ModelRef ref, Meta meta, List<DatasetRef> datasets, List<ModelRef> baseModels,
                           String codeCommit, Map<String, Double> metrics) {
        this(source, ref, meta, datasets, baseModels, codeCommit, metrics, false, null);
    }

    /** META.yaml's bytes and its name for messages. */
    public record Meta(String file, byte[] yaml) {
        public Meta {
            Limits.METADATA.check(file, yaml.length);
        }
    }

    /**
     * The supplier's model_signing bundle of the model ({@code --signature}, already read within
     * {@link Limits#SIGNATURE}), the vendor policy.yaml lists it under ({@code --vendor}), and the
     * file's name for messages.
     */
    public record VendorSignature(String vendor, String file, byte[] bundle) {
        public VendorSignature {
            Limits.SIGNATURE.check(file, bundle.length);
            bundle = bundle.clone();
        }

        @Override
        public byte[] bundle() {
            return bundle.clone();
        }
    }
}
