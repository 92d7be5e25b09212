package dev.airisk.core.release;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.io.VerifyingInputStream;
import dev.airisk.core.model.Metadata.InputSchema;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.monitor.Columns;
import dev.airisk.core.monitor.Profile;
import dev.airisk.core.monitor.Profiler;
import dev.airisk.core.policy.Attachment;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.ProfileCodec;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.RowSource;
import dev.airisk.core.port.TabularInputs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A version's baseline profile: computed from a sample and attached, signed, as kind
 * {@link Profile#KIND}; and found again, the latest such attachment, read from the store and verified.
 */
public final class Baselines {
    /** The largest profile read back from the store. */
    public static final long MAX_PROFILE_BYTES = 64L << 20;

    private final Registry registry;
    private final RegistryCodec codec;
    private final Supplier<ArtifactStore> store;
    private final Attestations attestations;
    private final Evidence evidence;
    private final TabularInputs inputs;
    private final ProfileCodec profiles;

    Baselines(Registry registry, RegistryCodec codec, Supplier<ArtifactStore> store, Attestations attestations, Evidence evidence,
              TabularInputs inputs, ProfileCodec profiles) {
        this.registry = registry;
        this.codec = codec;
        this.store = store;
        this.attestations = attestations;
        this.evidence = evidence;
        this.inputs = inputs;
        this.profiles = profiles;
    }

    /**
     * Which sample columns to profile as what; null fields take their defaults: the score, confidence,
     * label and timestamp columns are those named {@code score}, {@code confidence}, {@code label} and
     * {@code timestamp} when the sample has them.
     */
    public record ColumnNames(String score, String confidence, String label, String timestamp) {
        public static final ColumnNames DEFAULT = new ColumnNames(null, null, null, null);
    }

    /** A profile made and attached. */
    public record Profiled(ModelRef ref, Profile profile, Evidence.Attached attached) {
    }

    /** A stored profile and the signed attachment it was found through. */
    public record Stored(Profile profile, Attachment attachment) {
    }

    /**
     * Profiles {@code sample} for {@code ref} and attaches the profile. The features are the version's
     * {@code input_schema.features}, else every column of the sample the other roles do not take.
     */
    public Profiled profile(ModelRef ref, Path sample, ColumnNames names) {
        VersionRecord record = new RegistryView(registry.head(), codec).requireRecord(ref);
        if (!java.nio.file.Files.isRegularFile(sample) && java.nio.file.Files.exists(sample)) {
            throw new InvalidInput(fileName(sample) + " is not a regular file", "give a sample file: profiling reads it twice");
        }
        InputSchema schema = record.metadata().inputSchema();
        List<String> header;
        try (RowSource rows = inputs.rows(sample)) {
            header = rows.header();
        }
        String score = column(header, names.score(), "score", "--score-column", fileName(sample));
        String confidence = column(header, names.confidence(), "confidence", "--confidence-column", fileName(sample));
        String label = column(header, names.label(), "label", "--label-column", fileName(sample));
        String timestamp = column(header, names.timestamp(), "timestamp", "--timestamp-column", fileName(sample));
        List<String> features = schema == null ? List.of() : schema.features();
        if (features.isEmpty()) {
            List<String> others = new ArrayList<>(header);
            others.removeAll(java.util.Arrays.asList(score, confidence, label, timestamp));
            features = others;
        }
        Columns columns = new Columns(features, score, confidence, label, timestamp);
        Profile profile = new Profiler().profile(ref.name(), ref.version().toString(), () -> inputs.rows(sample), columns, schema);
        byte[] json = profiles.write(profile);
        Evidence.Attached attached = evidence.attach(ref, Profile.KIND, Profile.KIND + ".json", json);
        return new Profiled(ref, profile, attached);
    }

    private static String fileName(Path sample) {
        return sample.getFileName() == null ? sample.toString() : sample.getFileName().toString();
    }

    /** The flag's column (which the sample must have), else {@code fallback} when the sample has it, else null. */
    private static String column(List<String> header, String given, String fallback, String flag, String file) {
        if (given != null) {
            if (!header.contains(given)) {
                throw new InvalidInput(file + " has no column '" + given + "'", "check " + flag + "; its columns are "
                        + String.join(", ", header.stream().limit(20).toList()));
            }
            return given;
        }
        return header.contains(fallback) ? fallback : null;
    }

    /** The version's latest baseline profile, if it has one. */
    public Optional<Stored> latest(ModelRef ref) {
        RegistryView view = new RegistryView(registry.head(), codec);
        return latest(view, view.requireRecord(ref));
    }

    /** The latest verified attachment of kind {@link Profile#KIND} of {@code record} in {@code view}, read and verified. */
    public Optional<Stored> latest(RegistryView view, VersionRecord record) {
        Optional<Attachment> newest = Statements.read(view, record, attestations).attachments().stream()
                .filter(a -> a.kind().equals(Profile.KIND))
                .max(Comparator.comparing(Attachment::at).thenComparing(Attachment::file));
        return newest.map(a -> new Stored(read(record.ref(), a), a));
    }

    private Profile read(ModelRef ref, Attachment a) {
        if (a.size() > MAX_PROFILE_BYTES) {
            throw new InvalidInput("the baseline profile of " + ref + " is larger than " + Bytes.human(MAX_PROFILE_BYTES),
                    "profile the version again from a sample with fewer columns");
        }
        String what = ref + " attachment " + a.name();
        try (InputStream in = new VerifyingInputStream(store.get().open(a.sha256()), a.sha256(), a.size(), what)) {
            return profiles.read(in.readAllBytes(), what);
        } catch (IOException e) {
            throw new Unavailable("could not read " + what + " from the store: " + IoErrors.describe(e),
                    "check that the store is reachable", e);
        }
    }
}
