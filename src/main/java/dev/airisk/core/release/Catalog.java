package dev.airisk.core.release;

import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Read-only listings of what is registered. Listing all models reads only trees, never records. */
public final class Catalog {
    private final RegistryView view;

    Catalog(RegistryView view) {
        this.view = view;
    }

    /** Every model with its latest version and its number of versions. */
    public List<ModelSummary> models() {
        List<ModelSummary> out = new ArrayList<>();
        for (String name : view.modelNames()) {
            List<Version> versions = view.versions(name);
            out.add(new ModelSummary(name, versions.isEmpty() ? null : versions.get(versions.size() - 1), versions.size()));
        }
        return out;
    }

    /** One model's versions with their records' essentials, oldest first. */
    public List<VersionSummary> versions(String name) {
        view.requireModel(name);
        List<VersionSummary> out = new ArrayList<>();
        for (Version v : view.versions(name)) {
            VersionRecord r = view.requireRecord(new ModelRef(name, v));
            out.add(new VersionSummary(r.ref(), r.rootDigest(), r.manifest().files().size(), r.manifest().totalSize(),
                    r.registeredAt(), r.registeredBy()));
        }
        return out;
    }

    public ModelDetail model(String name) {
        ModelInfo info = view.requireModel(name);
        return new ModelDetail(info, versions(name));
    }

    public VersionRecord version(ModelRef ref) {
        return view.requireRecord(ref);
    }

    /** Latest registered version of a model; NotFound when it has none. */
    public Version latest(String name) {
        List<Version> versions = view.versions(name);
        if (versions.isEmpty()) {
            throw new NotFound("model '" + name + "' is not registered", "run 'airisk list' to see the registered models");
        }
        return versions.get(versions.size() - 1);
    }

    /** A line of {@code airisk list}. */
    public record ModelSummary(String name, Version latest, int versions) {
    }

    /** A line of {@code airisk list NAME}. */
    public record VersionSummary(ModelRef ref, Sha256 rootDigest, int files, long totalBytes, Instant registeredAt,
                                 String registeredBy) {
    }

    /** {@code airisk show NAME}: the model and its versions. */
    public record ModelDetail(ModelInfo model, List<VersionSummary> versions) {
    }
}
