package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.AiriskException;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.io.Parallel;
import dev.airisk.core.io.VerifyingInputStream;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.Approval;
import dev.airisk.core.policy.GateInput;
import dev.airisk.core.policy.MonitoringRecord;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.ContainerReader;
import dev.airisk.core.scan.ScanReport;
import dev.airisk.core.scan.ScanRules;
import dev.airisk.core.scan.Scanner;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Gathers what the gates look at for one version and one environment, from one registry view. */
final class GateInputs {
    /** Files the gates read from the store (dependency lists) are small; a larger one is not read. */
    static final long MAX_READ = 16L << 20;

    private final Attestations attestations;

    GateInputs(Attestations attestations) {
        this.attestations = attestations;
    }

    GateInput of(RegistryView view, VersionRecord record, String env, Instant now, boolean emergency,
                 GateInput.Artifact artifact) {
        ModelRef ref = record.ref();
        Statements.Found found = Statements.read(view, record, attestations);
        if (artifact instanceof StoredArtifact stored) {
            stored.offer(found.scans());
        }
        VerifyReport.SignatureCheck sig = new ModelSignatures(attestations).check(view, record);
        // the gates read the monitoring records of the environment the version comes from
        List<String> envs = view.settings().environments();
        int i = envs.indexOf(env);
        List<String> unusable = new ArrayList<>(found.unusable());
        List<MonitoringRecord> monitoring = i > 0 ? Statements.monitoring(view, record, attestations, envs.get(i - 1), unusable) : List.of();
        return new GateInput(ref, record, view.requireModel(ref.name()), env, envs, view.policy(),
                view.roles(), view.state(ref.name()), now, emergency, r -> view.record(r).isPresent(), sig.problem(),
                found.approvals(), found.attachments(), found.answers(), unusable, artifact, monitoring,
                Statements.canaryAnalyses(view, record, attestations, env, unusable));
    }

    /**
     * What the approvals gate reads for one version and environment, and nothing else (no other
     * statement, no signature of the model, no evaluation): for deciding whether a key's approval
     * still stands, not for running the gates.
     */
    GateInput approvalsOnly(RegistryView view, VersionRecord record, String env, Instant now) {
        ModelRef ref = record.ref();
        List<String> unusable = new ArrayList<>();
        List<Approval> approvals = Statements.approvals(view, record, attestations, unusable);
        return new GateInput(ref, record, view.requireModel(ref.name()), env, view.settings().environments(), view.policy(),
                view.roles(), view.state(ref.name()), now, false, r -> view.record(r).isPresent(), null,
                approvals, List.of(), List.of(), unusable, null, List.of(), List.of());
    }

    /** The stored files of a version; re-hashes at most once and remembers what it read. */
    static final class StoredArtifact implements GateInput.Artifact {
        private final VersionRecord record;
        private final Supplier<ArtifactStore> store;
        private final int parallelism;
        private final ContainerReader containers;
        private final Map<String, Optional<byte[]>> reads = new ConcurrentHashMap<>();
        private CompletableFuture<List<String>> problems;

        StoredArtifact(VersionRecord record, Supplier<ArtifactStore> store, ContainerReader containers,
                       int parallelism) {
            this.record = record;
            this.containers = containers;
            this.store = store;
            this.parallelism = parallelism;
        }

        /**
         * Starts re-hashing every blob on a background thread, so the bytes are read while the
         * registry side of the gates is evaluated. Idempotent.
         */
        synchronized StoredArtifact start() {
            if (problems == null) {
                problems = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        problems.complete(rehash());
                    } catch (RuntimeException | Error e) {
                        problems.completeExceptionally(e);
                    }
                }, "airisk-rehash");
                t.setDaemon(true);
                t.start();
            }
            return this;
        }

        @Override
        public List<String> integrityProblems() {
            try {
                return start().problems.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }

        private final Map<String, ScanReport> scans = new ConcurrentHashMap<>();
        private final Map<String, ScanReport> stored = new ConcurrentHashMap<>();
        private final Map<String, ScanReport> fresh = new ConcurrentHashMap<>();

        /** Signed scan reports recorded with the version: reused when made by this scanner under the same rules. */
        void offer(List<Statements.StoredScan> recorded) {
            for (Statements.StoredScan s : recorded) {
                if (s.report().scanner().equals(Scanner.VERSION)) {
                    stored.putIfAbsent(s.rules(), s.report());
                }
            }
        }

        @Override
        public ScanReport scan(ScanRules rules, boolean highRiskTier) {
            String fingerprint = rules.fingerprint(highRiskTier);
            return scans.computeIfAbsent(fingerprint, k -> {
                ScanReport recorded = stored.get(k);
                if (recorded != null) {
                    return recorded;
                }
                ScanReport report = scanNow(rules, highRiskTier);
                fresh.put(k, report);
                return report;
            });
        }

        /** Reports this artifact computed rather than reused, by rules fingerprint: what a release records. */
        Map<String, ScanReport> freshScans() {
            return Map.copyOf(fresh);
        }

        /** Every stored file through the scanner, files in parallel, each byte read from the store verified as it streams. */
        private ScanReport scanNow(ScanRules rules, boolean highRiskTier) {
            Scanner scanner = Scanner.of(rules, highRiskTier, containers);
            ArtifactStore blobs = store.get();
            List<Scanner.FileScan> each = Parallel.map(record.manifest().files(), parallelism, f -> {
                try (InputStream in = new VerifyingInputStream(blobs.open(f.sha256()), f.sha256(), f.size(), record.ref() + ":" + f.path())) {
                    return scanner.scan(f.path(), f.size(), in);
                } catch (IOException e) {
                    throw new Unavailable("could not read " + f.path() + " of " + record.ref() + " from the store: " + IoErrors.describe(e),
                            "check that the store is reachable", e);
                }
            });
            return ScanReport.of(each);
        }

        private List<String> rehash() {
            ArtifactStore blobs = store.get();
            return Parallel.map(record.manifest().files(), parallelism, f -> switch (blobs.check(f.sha256(), f.size())) {
                case OK -> "";
                case MISSING -> f.path() + ": blob " + f.sha256().shortHex() + " is missing from the store";
                case CORRUPT -> f.path() + ": blob " + f.sha256().shortHex() + " does not match its digest";
            }).stream().filter(p -> !p.isEmpty()).toList();
        }

        @Override
        public Optional<byte[]> read(String path) {
            return reads.computeIfAbsent(path, p -> record.manifest().files().stream()
                    .filter(f -> f.path().equals(p) && f.size() <= MAX_READ).findFirst().map(this::bytes));
        }

        private byte[] bytes(FileDigest f) {
            try (InputStream in = new VerifyingInputStream(store.get().open(f.sha256()), f.sha256(), f.size(),
                    record.ref() + ":" + f.path())) {
                return in.readAllBytes();
            } catch (IOException e) {
                if (e.getCause() instanceof AiriskException a) {
                    throw a;
                }
                throw new Unavailable("could not read " + f.path() + " of " + record.ref() + " from the store: " + IoErrors.describe(e),
                        "check that the store is reachable", e);
            }
        }
    }
}
