package dev.airisk.core.release;

import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.notify.Channels;
import dev.airisk.core.port.ArchiveWriter;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.ContainerReader;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.ModelSources;
import dev.airisk.core.port.ProfileCodec;
import dev.airisk.core.port.TabularInputs;
import dev.airisk.core.port.Progress;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.StoreProvider;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The use-cases over one opened registry and its store. Built by the command line from the adapters;
 * built by core tests from in-memory ports. {@code signer} is null for read-only use.
 */
public final class Services {
    private final Registry registry;
    private final RegistryCodec codec;
    private final StoreProvider stores;
    private final ModelSources sources;
    private final ContainerReader containers;
    private final Attestations attestations;
    private final ArchiveWriter archives;
    private final Signer signer;
    private final Clock clock;
    private final int parallelism;
    private final ModelSigning modelSigning;
    private ArtifactStore store;
    private Progress progress = Progress.NONE;

    public Services(Registry registry, RegistryCodec codec, StoreProvider stores, ModelSources sources, ContainerReader containers,
                    Attestations attestations, ArchiveWriter archives, Signer signer, Clock clock, int parallelism) {
        this(registry, codec, stores, sources, containers, attestations, archives, signer, clock, parallelism, null);
    }

    /**
     * The use-cases with {@code modelSigning} checking suppliers' signatures of vendor models
     * ({@code register --vendor}, and verify of a vendor model); without it (null) those refuse.
     */
    public Services(Registry registry, RegistryCodec codec, StoreProvider stores, ModelSources sources, ContainerReader containers,
                    Attestations attestations, ArchiveWriter archives, Signer signer, Clock clock, int parallelism,
                    ModelSigning modelSigning) {
        this.modelSigning = modelSigning;
        this.registry = registry;
        this.codec = codec;
        this.stores = stores;
        this.sources = sources;
        this.containers = containers;
        this.attestations = attestations;
        this.archives = archives;
        this.signer = signer;
        this.clock = clock;
        this.parallelism = Math.max(1, parallelism);
    }

    /** Reports the progress of registering, verifying, pulling and exporting to {@code progress}; returns this. */
    public Services reporting(Progress progress) {
        this.progress = progress;
        return this;
    }

    public RegistryView view() {
        return new RegistryView(registry.head(), codec);
    }

    /** The store named in registry.yaml, opened once. */
    public synchronized ArtifactStore store() {
        if (store == null) {
            RegistrySettings settings = view().settings();
            store = stores.open(storeLocation(settings), settings.settings(), false);
        }
        return store;
    }

    /** Where the registry is, as messages show it. */
    public String registryLocation() {
        return registry.location();
    }

    /** Where the store named in registry.yaml is (a store recorded relative to the registry, resolved). */
    public String storeLocation() {
        return storeLocation(view().settings());
    }

    private String storeLocation(RegistrySettings settings) {
        return stores.resolve(settings.store(), registry.folder());
    }

    public Registrar registrar() {
        return new Registrar(registry, codec, this::store, sources, containers, attestations, vendorSignatures(), signer, clock,
                parallelism, progress);
    }

    public IntegrityChecker integrity() {
        return new IntegrityChecker(this::view, this::store, attestations, vendorSignatures(), parallelism, progress);
    }

    private VendorSignatures vendorSignatures() {
        return new VendorSignatures(modelSigning);
    }

    public Catalog catalog() {
        return new Catalog(view());
    }

    public Lineage lineage() {
        return new Lineage(view());
    }

    public Incidents incidents() {
        return new Incidents(registry, codec, this::store, attestations, signer, clock);
    }

    public Releases releases() {
        return new Releases(registry, codec, this::store, containers, attestations, signer, clock, parallelism);
    }

    public Approvals approvals() {
        return new Approvals(registry, codec, attestations, signer, clock);
    }

    public Evidence evidence() {
        return new Evidence(registry, codec, this::store, attestations, signer, clock);
    }

    /** Baseline profiles, reading samples through {@code inputs} and writing profiles with {@code profiles}. */
    public Baselines baselines(TabularInputs inputs, ProfileCodec profiles) {
        return new Baselines(registry, codec, this::store, attestations, evidence(), inputs, profiles);
    }

    public Administration administration() {
        return new Administration(registry, codec, attestations, signer, clock);
    }

    public Status status() {
        return new Status(view());
    }

    /** The history read back: log, a model's history, the names keys signed with. */
    public AuditTrail log() {
        return new AuditTrail(registry, codec);
    }

    /** The history checked against the rules of every commit. */
    public Audit audit() {
        return new Audit(registry, new HistoryVerifier(codec, attestations, clock, parallelism));
    }

    public Scans scans() {
        return new Scans(sources, containers, parallelism);
    }

    public Retrieval retrieval() {
        return new Retrieval(this::view, this::store, attestations, archives, parallelism, clock, progress);
    }

    public Deprecations deprecations() {
        return new Deprecations(registry, codec, signer, clock);
    }

    public Redeliveries redeliveries() {
        return new Redeliveries(registry, codec, signer, clock);
    }

    public Subscriptions subscriptions() {
        return new Subscriptions(registry, codec, signer);
    }

    /**
     * Notice delivery through {@code channels}; {@code runner} names this process in claims (host and
     * pid). The CloudEvents source is the registry's location.
     */
    public Notifier notifier(Channels channels, String runner, int parallelism) {
        return new Notifier(registry, codec, signer, clock, channels, source(registry.location()), parallelism, runner);
    }

    /** The registry as a URI reference: a URL as it is, a path as a file: URI. */
    static String source(String location) {
        if (location.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toUri().toString();
    }

    /** Canary analyses, reading prediction logs with {@code inputs}. */
    public CanaryAnalyses canaryAnalyses(TabularInputs inputs) {
        return new CanaryAnalyses(registry, codec, attestations, signer, clock, releases(), inputs);
    }

    /** Monitoring evaluations and halt overrides, reading prediction logs with {@code inputs} and baseline profiles with {@code profiles}. */
    public Monitoring monitoring(TabularInputs inputs, ProfileCodec profiles) {
        return new Monitoring(registry, codec, attestations, signer, clock, releases(), inputs, baselines(inputs, profiles));
    }

    public Retention retention() {
        return new Retention(registry, codec, this::store, signer, clock, attestations);
    }
}
