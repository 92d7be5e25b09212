package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.Layout;
import dev.airisk.core.Limits;
import dev.airisk.core.io.HashingCopier;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.policy.Vendor;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.ContainerReader;
import dev.airisk.core.port.Content;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.ModelSource;
import dev.airisk.core.port.ModelSources;
import dev.airisk.core.port.Progress;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import dev.airisk.core.scan.Finding;
import dev.airisk.core.scan.ScanReport;
import dev.airisk.core.scan.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Registers a model version: validates the metadata, stores every file (read once, hashed while
 * copied, in parallel), signs the manifest (model.sig) and the record (record.sig), and records it in one commit. Immutable: the same
 * name@version with the same content is a no-op; with anything else it is a conflict.
 */
public final class Registrar {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

    private final Registry registry;
    private final RegistryCodec codec;
    private final Supplier<ArtifactStore> store;
    private final ModelSources sources;
    private final ContainerReader containers;
    private final Attestations attestations;
    private final VendorSignatures vendors;
    private final Signer signer;
    private final Clock clock;
    private final int parallelism;
    private final Progress progress;

    Registrar(Registry registry, RegistryCodec codec, Supplier<ArtifactStore> store, ModelSources sources,
              ContainerReader containers, Attestations attestations, VendorSignatures vendors, Signer signer, Clock clock,
              int parallelism, Progress progress) {
        this.vendors = vendors;
        this.progress = progress;
        this.registry = registry;
        this.codec = codec;
        this.store = store;
        this.sources = sources;
        this.containers = containers;
        this.attestations = attestations;
        this.signer = signer;
        this.clock = clock;
        this.parallelism = parallelism;
    }

    public Registration register(RegisterRequest req) {
        ModelRef ref = req.ref();
        Metadata metadata = metadata(req);
        RegistryView before = new RegistryView(registry.head(), codec);
        requireActor(before);
        Vendor vendor = req.vendor() == null ? null : VendorSignatures.registrable(before.policy(), req.vendor().vendor(), ref);
        Optional<VersionRecord> existing = before.record(ref);
        Map<String, FileDigest> likely = likelyDigests(before, ref, existing);
        List<Finding> findings = existing.isPresent() ? List.of() : scan(req, before.policy().scanning(), metadata.riskTier());

        Manifest manifest;
        Attestations.Layout layout;
        try (ModelSource source = sources.open(req.source())) {
            layout = new Attestations.Layout(source.singleFile(), source.ignoredPaths(), source.followsSymlinks());
            Manifest hashed = null;
            if (existing.isPresent() || vendor != null) {
                // Hash only: a refused re-register, or a vendor signature that does not hold, leaves the store as it was.
                Map<String, Path> paths = new ConcurrentHashMap<>();
                hashed = manifestOf(source, "hashing " + ref, (content, done) -> {
                    content.file().ifPresent(p -> paths.put(content.path(), p));
                    return hash(content, done);
                });
                if (vendor != null) {
                    metadata = vendorMetadata(metadata, vendor, req.vendor(), hashed, source, paths);
                }
            }
            if (existing.isPresent()) {
                manifest = hashed;
            } else {
                ArtifactStore blobs = store.get();
                manifest = manifestOf(source, "registering " + ref, (content, done) -> {
                    FileDigest hint = likely.get(content.path());
                    Sha256 guess = hint != null && hint.size() == content.size() ? hint.sha256() : null;
                    return blobs.put(content, guess, signer::ready, done);
                });
                if (hashed != null && !hashed.equals(manifest)) {
                    throw new IntegrityFailure(req.source() + " changed while it was registered, after its vendor signature was checked",
                            "register it again once nothing writes to it");
                }
            }
        } catch (IOException e) {
            throw new Unavailable("could not read " + req.source() + ": " + IoErrors.describe(e),
                    "check that the files are readable and the store has space", e);
        }

        if (existing.isPresent()) {
            return sameOrConflict(existing.get(), manifest, metadata, before.snapshot().commitId());
        }
        signer.ready();
        byte[] signature = attestations.signModel(ref.name(), manifest, layout, signer);
        VersionRecord record = VersionRecord.of(ref, manifest, metadata, signer.keyId(), clock.instant());
        byte[] recordYaml = codec.writeRecord(record);
        byte[] recordSignature = new RecordSignatures(attestations).sign(record, recordYaml, signer);
        Metadata registered = metadata;

        Registry.Committed<Registration> done = registry.update(head -> {
            RegistryView view = new RegistryView(head, codec);
            requireActor(view);
            Optional<VersionRecord> raced = view.record(ref);
            if (raced.isPresent()) {
                return Change.none(sameOrConflict(raced.get(), manifest, registered, head.commitId()));
            }
            if (vendor != null) {
                VendorSignatures.registrable(view.policy(), vendor.name(), ref);
            }
            Retention.requireStored(view, ref, manifest.files(), store.get(), clock.instant());
            Map<String, byte[]> writes = new LinkedHashMap<>();
            if (view.model(ref.name()).isEmpty()) {
                writes.put(Layout.model(ref.name()), codec.writeModel(new ModelInfo(ref.name(), registered.owner(),
                        registered.riskTier(), registered.intendedUse(), registered.description(), registered.regions(),
                        registered.vendor(), List.of(), record.registeredAt())));
            }
            writes.put(Layout.record(ref), recordYaml);
            writes.put(Layout.signature(ref), signature);
            writes.put(Layout.recordSignature(ref), recordSignature);
            if (vendor != null) {
                writes.put(Layout.vendorSignature(ref), req.vendor().bundle());
            }
            CommitMessage message = CommitMessage.of("Register " + ref + " (" + (vendor == null ? "" : "vendor " + vendor.name() + ", ")
                    + manifest.files().size() + " files, " + Bytes.human(manifest.totalSize()) + ", root " + manifest.rootDigest().shortHex() + ")",
                    Trailers.op(Operation.REGISTER).ref(ref).by(signer.keyId()));
            Registration result = new Registration(ref, manifest.rootDigest(), manifest.files(), manifest.totalSize(),
                    false, signer.keyId(), null, null, registered.fromVendor() ? registered.vendor() : null);
            return new Change<>(result, writes, message);
        });
        Registration r = done.commitId() == null ? done.result() : done.result().withCommit(done.commitId());
        return r.withScan(findings);
    }

    /**
     * The metadata of a vendor model: the vendor's signature checked against the files as hashed (read
     * again only when it does not sign whole files with SHA-256; from an archive that is refused), then
     * {@code source: vendor} and the vendor with who signed for it. InvalidInput when META.yaml names
     * another vendor.
     */
    private Metadata vendorMetadata(Metadata m, Vendor vendor, RegisterRequest.VendorSignature sig, Manifest files,
                                    ModelSource source, Map<String, Path> paths) {
        if (m.vendor() != null && m.vendor().name() != null && !m.vendor().name().equals(vendor.name())) {
            throw new InvalidInput("the metadata names vendor '" + m.vendor().name() + "' but --vendor is '" + vendor.name() + "'",
                    "give the same vendor in META.yaml and with --vendor, or leave vendor.name out of META.yaml");
        }
        List<ModelSigning.ModelFile> listed = files.files().stream()
                .map(f -> new ModelSigning.ModelFile(f.path(), f.size(), f.sha256(), false)).toList();
        ModelSigning.ModelFiles model = ModelSigning.ModelFiles.listed(source.description(), source.singleFile(), listed, f -> {
            Path p = paths.get(f.path());
            if (p == null) {
                throw new InvalidInput("the signature " + sig.file() + " hashes files otherwise than whole-file SHA-256, so it is checked "
                        + "against a folder or a file, not an archive", "unpack " + source.description() + " and register the folder");
            }
            return Files.newInputStream(p);
        });
        VendorSignatures.Signed signed = vendors.require(vendor, sig.bundle(), model, sig.file());
        return m.withVendor(new Metadata.Vendor(vendor.name(), m.vendor() == null ? null : m.vendor().modelCard(), signed.signer()),
                Metadata.SOURCE_VENDOR);
    }

    /**
     * Scans the files before anything is stored (see {@code airisk scan}). Critical findings refuse the
     * registration when the request or the policy enforces it; otherwise they are handed back as warnings.
     */
    private List<Finding> scan(RegisterRequest req, Policy.Scanning scanning, RiskTier tier) {
        ScanReport report = new Scans(sources, containers, parallelism).scan(List.of(req.source()), scanning.rules(), tier);
        List<Finding> critical = report.atOrAbove(Severity.CRITICAL);
        if (!critical.isEmpty() && (req.scanEnforce() || scanning.enforceAtRegister())) {
            Finding worst = critical.get(0);
            throw new PolicyDenied(req.ref() + " was not registered: " + critical.size() + " critical scan finding"
                    + (critical.size() == 1 ? "" : "s") + ", the first in " + worst.path() + ": " + worst.message(),
                    "run 'airisk scan " + req.source() + "' to see every finding, and fix the files");
        }
        return report.findings();
    }

    /** Work on one file's content that tells {@code done} of the bytes it read as it goes. */
    @FunctionalInterface
    private interface Digesting {
        Sha256 apply(Content content, LongConsumer done) throws IOException;
    }

    private Manifest manifestOf(ModelSource source, String what, Digesting digest) throws IOException {
        Map<String, Sha256> digests;
        try (Progress.Task task = progress.start(what, source.files().stream().mapToLong(ModelSource.SourceFile::size).sum())) {
            digests = source.read(parallelism, content -> digest.apply(content, task::advance));
        }
        List<FileDigest> files = new ArrayList<>();
        for (ModelSource.SourceFile f : source.files()) {
            files.add(new FileDigest(f.path(), f.size(), digests.get(f.path())));
        }
        return new Manifest(files);
    }

    private static Sha256 hash(Content content, LongConsumer done) throws IOException {
        if (content.file().isPresent()) {
            try (FileChannel ch = FileChannel.open(content.file().get(), StandardOpenOption.READ)) {
                return new HashingCopier().hash(ch, done).digest();
            }
        }
        try (InputStream in = content.open()) {
            return new HashingCopier().hash(Channels.newChannel(in), done).digest();
        }
    }

    private Registration sameOrConflict(VersionRecord existing, Manifest manifest, Metadata metadata, String commit) {
        ModelRef ref = existing.ref();
        if (!existing.rootDigest().equals(manifest.rootDigest()) || !existing.manifest().equals(manifest)) {
            throw new Conflict(ref + " is already registered with other content (root "
                    + existing.rootDigest().shortHex() + ", these files give " + manifest.rootDigest().shortHex() + ")",
                    "versions are immutable; register it as a new version");
        }
        if (!existing.metadata().equals(metadata)) {
            throw new Conflict(ref + " is already registered with other metadata",
                    "versions are immutable; register it as a new version");
        }
        return new Registration(ref, existing.rootDigest(), existing.manifest().files(), existing.manifest().totalSize(),
                true, existing.registeredBy(), commit, null);
    }

    private void requireActor(RegistryView view) {
        Actors.require(view, signer, Operation.REGISTER);
    }

    /** Digests earlier versions recorded, by path: a hint that lets the store hash instead of copy. */
    private static Map<String, FileDigest> likelyDigests(RegistryView view, ModelRef ref, Optional<VersionRecord> existing) {
        Map<String, FileDigest> out = new LinkedHashMap<>();
        Optional<VersionRecord> basis = existing;
        if (basis.isEmpty()) {
            List<Version> versions = view.versions(ref.name());
            if (!versions.isEmpty()) {
                basis = view.record(new ModelRef(ref.name(), versions.get(versions.size() - 1)));
            }
        }
        basis.ifPresent(r -> r.manifest().files().forEach(f -> out.put(f.path(), f)));
        return out;
    }

    /** META.yaml, then the flags over it; owner and risk tier required. */
    private Metadata metadata(RegisterRequest req) {
        Metadata m = Metadata.empty();
        if (req.meta() != null) {
            m = codec.readMetadata(req.meta().yaml(), req.meta().file());
        }
        if (!req.datasets().isEmpty()) {
            Map<String, DatasetRef> byName = new LinkedHashMap<>();
            m.datasets().forEach(d -> byName.put(d.name(), d));
            req.datasets().forEach(d -> byName.put(d.name(), d));
            m = m.withDatasets(List.copyOf(byName.values()));
        }
        if (!req.baseModels().isEmpty()) {
            Map<String, ModelRef> byName = new LinkedHashMap<>();
            m.baseModels().forEach(b -> byName.put(b.name(), b));
            req.baseModels().forEach(b -> byName.put(b.name(), b));
            m = m.withBaseModels(List.copyOf(byName.values()));
        }
        if (!req.metrics().isEmpty()) {
            Map<String, Double> metrics = new LinkedHashMap<>(m.metrics());
            metrics.putAll(req.metrics());
            m = m.withMetrics(metrics);
        }
        if (req.codeCommit() != null) {
            m = m.withCodeCommit(req.codeCommit());
        }
        if (m.codeCommit() != null && !COMMIT.matcher(m.codeCommit()).matches()) {
            throw new InvalidInput("code commit '" + m.codeCommit() + "' is not a Git commit id",
                    "give 7 to 64 lower-case hex characters");
        }
        for (ModelRef base : m.baseModels()) {
            if (base.name().equals(req.ref().name()) && base.version().equals(req.ref().version())) {
                throw new InvalidInput(req.ref() + " names itself as its base model", "name the model it was derived from");
            }
        }
        if (req.vendor() == null && (m.fromVendor() || (m.vendor() != null && m.vendor().signer() != null))) {
            throw new InvalidInput(req.ref() + ": " + (m.fromVendor() ? "source: vendor" : "vendor.signer")
                    + " is recorded only from a vendor's verified signature",
                    "register the supplier's model with --signature FILE --vendor NAME, or remove it from META.yaml");
        }
        if (req.vendor() != null && m.vendor() != null && m.vendor().signer() != null) {
            throw new InvalidInput(req.ref() + ": vendor.signer is recorded from the verified signature, not from META.yaml",
                    "remove vendor.signer from META.yaml");
        }
        requireBounded(req.ref(), m);
        List<String> missing = new ArrayList<>();
        if (m.owner() == null || m.owner().isBlank()) {
            missing.add("owner");
        }
        if (m.riskTier() == null) {
            missing.add("risk_tier");
        }
        if (!missing.isEmpty()) {
            throw new InvalidInput(req.ref() + " is missing required metadata: " + String.join(", ", missing),
                    "add " + String.join(" and ", missing) + " to META.yaml and pass it with --meta");
        }
        return m;
    }

    /** Every list of the metadata within its {@link Limits} row, so a version record stays small. */
    private static void requireBounded(ModelRef ref, Metadata m) {
        String what = "the metadata of " + ref;
        Limits.REGIONS.check(what, m.regions().size());
        Limits.TRAINING_REGIONS.check(what, m.trainingRegions().size());
        Limits.DATASETS.check(what, m.datasets().size());
        Limits.BASE_MODELS.check(what, m.baseModels().size());
        Limits.METRICS.check(what, m.metrics().size());
        Limits.LABELS.check(what, m.labels().size());
        Limits.INPUT_FEATURES.check(what, m.inputSchema() == null ? 0 : m.inputSchema().features().size());
    }
}
