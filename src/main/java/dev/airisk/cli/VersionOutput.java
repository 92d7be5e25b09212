package dev.airisk.cli;

import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.release.Catalog;
import dev.airisk.core.release.Initializer;
import dev.airisk.core.release.Lineage;
import dev.airisk.core.release.Registration;
import dev.airisk.core.release.Retrieval;
import dev.airisk.core.release.VerifyReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON documents of the commands that register, list, show, verify, trace and retrieve versions
 * (see docs/json.md): records of the command line, each built field by field from the core's values,
 * so that a name in the core can change without changing the contract. A record's components are its
 * keys, in this order, in snake_case.
 */
final class VersionOutput {
    private VersionOutput() {
    }

    /** {@code register}. */
    record Registered(ModelRef ref, Sha256 rootDigest, List<File> files, long totalBytes, boolean alreadyRegistered,
                      String registeredBy, String commit, List<Finding> scanFindings, Vendor vendor) {
        static Registered of(Registration r) {
            return new Registered(r.ref(), r.rootDigest(), File.all(r.files()), r.totalBytes(), r.alreadyRegistered(),
                    r.registeredBy(), r.commit(), r.scanFindings().stream().map(Finding::of).toList(), Vendor.of(r.vendor()));
        }
    }

    /** A file of a version: its path in the model, size and digest. */
    record File(String path, long size, Sha256 sha256) {
        static List<File> all(List<FileDigest> files) {
            return files.stream().map(f -> new File(f.path(), f.size(), f.sha256())).toList();
        }
    }

    /** A scan finding ({@code offset} null when the finding has no place in its file). */
    record Finding(String path, String rule, String severity, String message, Long offset, long count) {
        static Finding of(dev.airisk.core.scan.Finding f) {
            return new Finding(f.path(), f.rule(), f.severity().id(), f.message(), f.offset() >= 0 ? f.offset() : null, f.count());
        }
    }

    /** {@code init}. */
    record Initialized(String registry, String store, String keyId, List<String> environments, String commit) {
        static Initialized of(Initializer.Initialized r) {
            return new Initialized(r.registry(), r.store(), r.keyId(), r.environments(), r.commit());
        }
    }

    /** {@code pull}. */
    record Pulled(ModelRef ref, String dir, int files, long totalBytes) {
        static Pulled of(Retrieval.Pulled p) {
            return new Pulled(p.ref(), p.dir().toString(), p.files(), p.totalBytes());
        }
    }

    /** {@code export}. */
    record Exported(ModelRef ref, String file, long bytes, String rootDigest) {
        static Exported of(Retrieval.Exported e) {
            return new Exported(e.ref(), e.file().toString(), e.bytes(), e.rootDigest());
        }
    }

    /** A line of {@code list}. */
    record ModelLine(String name, Version latest, int versions) {
        static ModelLine of(Catalog.ModelSummary m) {
            return new ModelLine(m.name(), m.latest(), m.versions());
        }
    }

    /** A line of {@code list NAME}, and a version of {@code show NAME}. */
    record VersionLine(ModelRef ref, Sha256 rootDigest, int files, long totalBytes, Instant registeredAt, String registeredBy) {
        static VersionLine of(Catalog.VersionSummary v) {
            return new VersionLine(v.ref(), v.rootDigest(), v.files(), v.totalBytes(), v.registeredAt(), v.registeredBy());
        }
    }

    /** {@code show NAME}: the model, its versions and the lifecycles of those that are not active. */
    record ModelShown(Model model, List<VersionLine> versions, List<Map<String, Object>> deprecations) {
    }

    /** model.yaml. */
    record Model(String name, String owner, RiskTier riskTier, String intendedUse, String description, List<String> regions,
                 Vendor vendor, List<String> consumers, Instant created) {
        static Model of(ModelInfo m) {
            return new Model(m.name(), m.owner(), m.riskTier(), m.intendedUse(), m.description(), m.regions(),
                    Vendor.of(m.vendor()), m.consumers(), m.created());
        }
    }

    /** {@code show NAME@VER}: the record, and the version's lifecycle. */
    record VersionShown(ModelRef ref, Manifest manifest, Sha256 rootDigest, Meta metadata, String registeredBy,
                        Instant registeredAt, Map<String, Object> lifecycle) {
        static VersionShown of(VersionRecord r, Map<String, Object> lifecycle) {
            return new VersionShown(r.ref(), new Manifest(File.all(r.manifest().files())), r.rootDigest(), Meta.of(r.metadata()),
                    r.registeredBy(), r.registeredAt(), lifecycle);
        }
    }

    /** The files of a version. */
    record Manifest(List<File> files) {
    }

    /** The metadata of a version, with record.yaml's names. */
    record Meta(String owner, RiskTier riskTier, String intendedUse, String description, List<Dataset> datasets,
                Map<String, Double> metrics, String codeCommit, List<ModelRef> baseModels, List<String> regions,
                Boolean processesPii, Vendor vendor, InputSchema inputSchema, Map<String, String> labels,
                List<String> trainingRegions, Boolean highStakes, String source) {
        static Meta of(Metadata m) {
            return new Meta(m.owner(), m.riskTier(), m.intendedUse(), m.description(), Dataset.all(m.datasets()), m.metrics(),
                    m.codeCommit(), m.baseModels(), m.regions(), m.processesPii(), Vendor.of(m.vendor()),
                    m.inputSchema() == null ? null : new InputSchema(m.inputSchema().features()), m.labels(),
                    m.trainingRegions(), m.highStakes(), m.source());
        }
    }

    /** A vendor's model, its model card, and who signed it for the vendor (when its signature was verified at registration). */
    record Vendor(String name, String modelCard, String signer) {
        static Vendor of(Metadata.Vendor v) {
            return v == null ? null : new Vendor(v.name(), v.modelCard(), v.signer());
        }
    }

    /** The features a model takes. */
    record InputSchema(List<String> features) {
    }

    /** A dataset a version was trained on. */
    record Dataset(String name, String version, Sha256 sha256) {
        static List<Dataset> all(List<DatasetRef> datasets) {
            return datasets.stream().map(d -> new Dataset(d.name(), d.version(), d.sha256())).toList();
        }
    }

    /** {@code verify}: whether every version verified, and each version's checks. */
    record Verified(boolean ok, List<VersionChecks> versions) {
        static Verified of(boolean ok, List<VerifyReport> reports) {
            return new Verified(ok, reports.stream().map(VersionChecks::of).toList());
        }
    }

    /** One version's checks: every file, model.sig and record.sig, and a vendor model's vendor.sig (else null). */
    record VersionChecks(ModelRef ref, Sha256 rootDigest, List<FileCheck> files, SignatureCheck signature,
                         RecordCheck recordSignature, VendorCheck vendorSignature) {
        static VersionChecks of(VerifyReport r) {
            return new VersionChecks(r.ref(), r.rootDigest(),
                    r.files().stream().map(f -> new FileCheck(f.path(), f.size(), f.sha256(),
                            f.status().name().toLowerCase(Locale.ROOT), f.object())).toList(),
                    new SignatureCheck(r.signature().keyId(), r.signature().problem()),
                    new RecordCheck(r.recordSignature().keyId(), r.recordSignature().problem(), r.recordSignature().fix()),
                    r.vendorSignature() == null ? null : new VendorCheck(r.vendorSignature().vendor(), r.vendorSignature().signer(),
                            r.vendorSignature().problem()));
        }
    }

    /** vendor.sig's check: the vendor, who signed for it when the signature verified, the problem or null. */
    record VendorCheck(String vendor, String signer, String problem) {
    }

    /** A file's check: {@code ok}, {@code missing} or {@code corrupt}, and the blob when it is not ok. */
    record FileCheck(String path, long size, Sha256 sha256, String status, String object) {
    }

    /** model.sig's check. */
    record SignatureCheck(String keyId, String problem) {
    }

    /** record.sig's check. */
    record RecordCheck(String keyId, String problem, String fix) {
    }

    /** {@code lineage NAME@VER}: a version, its datasets and code, and its base models, recursively. */
    record LineageNode(ModelRef ref, Sha256 rootDigest, boolean registered, boolean cycle, List<Dataset> datasets,
                       String codeCommit, List<LineageNode> baseModels) {
        static LineageNode of(Lineage.Node n) {
            return new LineageNode(n.ref(), n.rootDigest(), n.registered(), n.cycle(), Dataset.all(n.datasets()), n.codeCommit(),
                    n.baseModels().stream().map(LineageNode::of).toList());
        }
    }

    /** {@code lineage --dataset NAME@VER}: the versions trained on it. */
    record DatasetUsers(String dataset, List<DatasetUse> versions) {
        static DatasetUsers of(String dataset, List<Lineage.DatasetUse> uses) {
            return new DatasetUsers(dataset, uses.stream().map(u -> new DatasetUse(u.ref(), u.datasetSha256())).toList());
        }
    }

    /** A version trained on a dataset, and the dataset digest it recorded. */
    record DatasetUse(ModelRef ref, Sha256 datasetSha256) {
    }
}
