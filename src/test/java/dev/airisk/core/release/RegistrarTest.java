package dev.airisk.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.Layout;
import dev.airisk.core.model.Collected;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.ArtifactStore.BlobStatus;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.InMemoryPorts.MemAttestations;
import dev.airisk.core.release.InMemoryPorts.MemCodec;
import dev.airisk.core.release.InMemoryPorts.MemRegistry;
import dev.airisk.core.release.InMemoryPorts.MemStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrarTest {
    static final String ALICE = "a".repeat(64);
    static final String BOB = "b".repeat(64);
    @TempDir Path tmp;
    MemCodec codec;
    MemRegistry registry;
    MemStore store;
    MemAttestations attestations;
    Path meta;

    @BeforeEach
    void setUp() throws Exception {
        codec = new MemCodec();
        store = new MemStore();
        attestations = new MemAttestations();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Layout.SETTINGS, codec.writeSettings(new RegistrySettings(1, RegistrySettings.DEFAULT_ENVIRONMENTS, "memory", Map.of())));
        files.put(Layout.trustedKey(ALICE), "PEM".getBytes(StandardCharsets.UTF_8));
        files.put(Layout.trustedKey(BOB), "PEM".getBytes(StandardCharsets.UTF_8));
        files.put(Layout.ROLES, codec.writeRoles(new Roles(Map.of("publisher", List.of(ALICE)))));
        registry = new MemRegistry(files);
        meta = metaFile(Metadata.empty().withOwner("team").withRiskTier(RiskTier.HIGH));
    }

    private Path metaFile(Metadata m) throws Exception {
        String token = "meta-" + codec.metaFiles.size();
        codec.metaFiles.put(token, m);
        return Files.writeString(tmp.resolve(token + ".yaml"), token);
    }

    private Services services(Map<String, String> model, Signer signer) {
        return new Services(registry, codec, store, InMemoryPorts.sources(model), InMemoryPorts.containers(), attestations, InMemoryPorts.archives(),
                signer, Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC), 2);
    }

    private Registration register(Map<String, String> model, String ref, Path metaFile, Signer signer) {
        return services(model, signer).registrar().register(new RegisterRequest(tmp, ModelRef.parse(ref), InMemoryPorts.meta(metaFile),
                List.of(), List.of(), null, Map.of()));
    }

    private static final Map<String, String> MODEL = Map.of("weights.bin", "w1", "config.json", "{}");

    @Test
    void register_storesBlobsSignsAndCommitsOnce() {
        Registration r = register(MODEL, "churn@1.0.0", meta, InMemoryPorts.signer("alice", ALICE));
        assertFalse(r.alreadyRegistered());
        assertEquals(2, store.blobs.size());
        assertEquals(2, registry.commits.size());
        assertTrue(registry.messages.get(1).startsWith("Register churn@1.0.0 (2 files, 4 B, root "), registry.messages.get(1));
        assertTrue(registry.messages.get(1).contains("Airisk-Op: register\nAirisk-Model: churn\nAirisk-Version: 1.0.0\nAirisk-Actor: " + ALICE));
        VerifyReport v = services(MODEL, null).integrity().verify(ModelRef.parse("churn@1.0.0"));
        assertTrue(v.ok());
        assertEquals(ALICE, v.signature().keyId());
    }

    @Test
    void register_signsTheRecord_overItsExactBytesAndPath_withTheRegistrantsKey() {
        register(MODEL, "churn@1.0.0", meta, InMemoryPorts.signer("alice", ALICE));
        ModelRef ref = ModelRef.parse("churn@1.0.0");
        byte[] yaml = registry.head().read(Layout.record(ref)).orElseThrow();
        byte[] sig = registry.head().read("models/churn/versions/1.0.0/record.sig").orElseThrow();
        var signed = attestations.verifyStatement(sig, Map.of(ALICE, "PEM"), "record.sig");
        assertEquals(ALICE, signed.keyId());
        assertEquals("https://airisk.dev/record/v1", signed.statement().predicateType());
        assertEquals("models/churn/versions/1.0.0/record.yaml", signed.statement().subjectName());
        assertEquals(Sha256.digest(yaml), signed.statement().subjectDigest());
        VersionRecord record = services(MODEL, null).view().requireRecord(ref);
        assertEquals(Map.of("model", "churn", "version", "1.0.0", "root_digest", record.rootDigest().hex()),
                signed.statement().predicate());
        VerifyReport v = services(MODEL, null).integrity().verify(ref);
        assertEquals(new VerifyReport.RecordCheck(ALICE, null, null), v.recordSignature());
    }

    @Test
    void recordSignedByAnotherTrustedKey_failsVerifyAndPull_namingBothKeys() {
        register(MODEL, "churn@1.0.0", meta, InMemoryPorts.signer("alice", ALICE));
        ModelRef ref = ModelRef.parse("churn@1.0.0");
        VersionRecord record = services(MODEL, null).view().requireRecord(ref);
        byte[] yaml = registry.head().read(Layout.record(ref)).orElseThrow();
        // A correct statement over the very same record, but signed by bob, who did not register it.
        byte[] bobs = new RecordSignatures(attestations).sign(record, yaml, InMemoryPorts.signer("bob", BOB));
        registry.commitDirectly(Map.of(Layout.recordSignature(ref), bobs));

        String problem = "record.sig is signed by key bbbbbbbbbbbb, not by the key that registered churn@1.0.0 (aaaaaaaaaaaa)";
        VerifyReport v = services(MODEL, null).integrity().verify(ref);
        assertFalse(v.ok());
        assertEquals(BOB, v.recordSignature().keyId());
        assertEquals(problem, v.recordSignature().problem());
        IntegrityFailure e = assertThrows(IntegrityFailure.class,
                () -> services(MODEL, null).retrieval().pull(ref, tmp.resolve("out")));
        assertEquals("churn@1.0.0: " + problem, e.getMessage());
        assertEquals("restore record.yaml and record.sig of churn@1.0.0 from a good copy of the registry, and do not use it"
                + " until 'airisk verify churn@1.0.0' passes", e.fix());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    /** Commits a file as another writer (a gc) would: the state the registry is in while it runs. */
    private void commitAsGc(String path, Collected content) {
        registry.update(head -> new Change<>(null, Map.of(path, codec.writeCollected(content)),
                CommitMessage.of("gc", Map.of())));
    }

    @Test
    void register_whileAGcClaimsOneOfItsBlobs_isAConflict_andRecordsNothing() {
        Sha256 w1 = Sha256.digest("w1".getBytes(StandardCharsets.UTF_8));
        commitAsGc(Layout.GC_CLAIM, new Collected(Instant.parse("2026-11-26T09:58:00Z"), ALICE, List.of(w1), List.of()));

        Conflict e = assertThrows(Conflict.class, () -> register(MODEL, "churn@1.0.0", meta, InMemoryPorts.signer("alice", ALICE)));
        assertTrue(e.getMessage().startsWith("churn@1.0.0: 'weights.bin' is the blob sha256:" + w1.shortHex()
                + " of a retired version that 'airisk gc' is deleting right now; nothing was recorded"), e.getMessage());
        assertEquals("register again once that gc has finished (its claim lasts until 2026-11-26T10:08:00Z)", e.fix());
        assertEquals(2, registry.commits.size(), "the claim only");
    }

    @Test
    void register_whoseStoredBlobAGcDeletesBeforeItCommits_isAConflict_thenRegistersAnew() {
        Sha256 w1 = Sha256.digest("w1".getBytes(StandardCharsets.UTF_8));
        registry.beforeNextSwap = () -> {
            registry.beforeNextSwap = null;
            store.blobs.remove(w1);
            commitAsGc(Layout.GC_DONE, new Collected(Instant.parse("2026-11-26T10:00:00Z"), ALICE, List.of(w1), List.of()));
        };
        Signer alice = InMemoryPorts.signer("alice", ALICE);

        Conflict e = assertThrows(Conflict.class, () -> register(MODEL, "churn@1.0.0", meta, alice));
        assertEquals("churn@1.0.0: 'weights.bin' (sha256:" + w1.shortHex() + ") was deleted from the store by 'airisk gc' while it was"
                + " registered; nothing was recorded", e.getMessage());
        assertEquals(2, registry.commits.size(), "gc's commit only");

        register(MODEL, "churn@1.0.0", meta, alice);
        assertTrue(store.blobs.containsKey(w1), "stored anew");
        assertTrue(services(MODEL, null).integrity().verify(ModelRef.parse("churn@1.0.0")).ok());
    }

    @Test
    void register_byAKeyWithoutThePublisherRole_isDenied() {
        PolicyDenied e = assertThrows(PolicyDenied.class, () -> register(MODEL, "churn@1.0.0", meta, InMemoryPorts.signer("bob", BOB)));
        assertEquals("key 'bob' does not hold the publisher role needed to register models", e.getMessage());
        assertEquals(0, store.blobs.size());
        assertEquals(1, registry.commits.size());
    }

    @Test
    void register_byAnUntrustedKey_isDenied() {
        Signer mallory = InMemoryPorts.signer("mallory", "c".repeat(64));
        PolicyDenied e = assertThrows(PolicyDenied.class, () -> register(MODEL, "churn@1.0.0", meta, mallory));
        assertTrue(e.getMessage().startsWith("key 'mallory' (cccccccccccc) is not trusted"), e.getMessage());
    }

    @Test
    void register_lostRaceToTheSameContent_isANoOp() {
        Signer alice = InMemoryPorts.signer("alice", ALICE);
        registry.beforeNextSwap = () -> {
            // Another writer registers the same version first; our CAS fails, we re-read and re-validate.
            MemRegistry other = registry;
            registry.beforeNextSwap = null;
            Registration first = new Services(other, codec, store, InMemoryPorts.sources(MODEL), InMemoryPorts.containers(), attestations, InMemoryPorts.archives(),
                    alice, Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC), 1)
                    .registrar().register(new RegisterRequest(tmp, ModelRef.parse("churn@1.0.0"), InMemoryPorts.meta(meta), List.of(), List.of(), null, Map.of()));
            assertFalse(first.alreadyRegistered());
        };
        Registration r = register(MODEL, "churn@1.0.0", meta, alice);
        assertTrue(r.alreadyRegistered());
        assertEquals("2", r.commit(), "the commit that holds the version");
        assertEquals(2, registry.commits.size(), "exactly one commit for the version");
    }

    @Test
    void register_lostRaceToOtherContent_isAConflict() {
        Signer alice = InMemoryPorts.signer("alice", ALICE);
        registry.beforeNextSwap = () -> new Services(registry, codec, store, InMemoryPorts.sources(Map.of("weights.bin", "other")), InMemoryPorts.containers(),
                attestations, InMemoryPorts.archives(), alice, Clock.systemUTC(), 1).registrar()
                .register(new RegisterRequest(tmp, ModelRef.parse("churn@1.0.0"), InMemoryPorts.meta(meta), List.of(), List.of(), null, Map.of()));
        Conflict e = assertThrows(Conflict.class, () -> register(MODEL, "churn@1.0.0", meta, alice));
        assertTrue(e.getMessage().startsWith("churn@1.0.0 is already registered with other content"), e.getMessage());
        assertEquals(2, registry.commits.size());
    }

    @Test
    void register_sameFilesOtherMetadata_isAConflict() throws Exception {
        Signer alice = InMemoryPorts.signer("alice", ALICE);
        register(MODEL, "churn@1.0.0", meta, alice);
        Path other = metaFile(Metadata.empty().withOwner("someone-else").withRiskTier(RiskTier.HIGH));
        Conflict e = assertThrows(Conflict.class, () -> register(MODEL, "churn@1.0.0", other, alice));
        assertEquals("churn@1.0.0 is already registered with other metadata", e.getMessage());
    }

    @Test
    void register_flagsOverrideMetaYaml() throws Exception {
        Sha256 d1 = new Sha256("1".repeat(64));
        Sha256 d2 = new Sha256("2".repeat(64));
        Path m = metaFile(Metadata.empty().withOwner("team").withRiskTier(RiskTier.LIMITED)
                .withDatasets(List.of(new DatasetRef("customers", "v1", d1), new DatasetRef("events", "v1", d1)))
                .withMetrics(Map.of("accuracy", 0.8, "auc", 0.9)));
        services(MODEL, InMemoryPorts.signer("alice", ALICE)).registrar().register(new RegisterRequest(tmp, ModelRef.parse("churn@1.0.0"), InMemoryPorts.meta(m),
                List.of(new DatasetRef("customers", "v2", d2)), List.of(), "abcdef1", Map.of("accuracy", 0.95)));
        Metadata got = services(MODEL, null).catalog().version(ModelRef.parse("churn@1.0.0")).metadata();
        assertEquals(List.of(new DatasetRef("customers", "v2", d2), new DatasetRef("events", "v1", d1)), got.datasets());
        assertEquals(Map.of("accuracy", 0.95, "auc", 0.9), got.metrics());
        assertEquals("abcdef1", got.codeCommit());
    }

    @Test
    void register_invalidCodeCommit_isRefusedBeforeAnythingIsStored() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> services(MODEL, InMemoryPorts.signer("alice", ALICE)).registrar()
                .register(new RegisterRequest(tmp, ModelRef.parse("churn@1.0.0"), InMemoryPorts.meta(meta), List.of(), List.of(), "not-a-sha", Map.of())));
        assertEquals("code commit 'not-a-sha' is not a Git commit id", e.getMessage());
        assertEquals(0, store.writes.get());
    }

    @Test
    void verify_namesCorruptAndMissingBlobs_andPullRefusesThem() {
        register(MODEL, "churn@1.0.0", meta, InMemoryPorts.signer("alice", ALICE));
        Sha256 weights = Sha256.digest("w1".getBytes(StandardCharsets.UTF_8));
        Sha256 config = Sha256.digest("{}".getBytes(StandardCharsets.UTF_8));
        store.blobs.put(weights, "XX".getBytes(StandardCharsets.UTF_8));
        store.blobs.remove(config);
        VerifyReport v = services(MODEL, null).integrity().verify(ModelRef.parse("churn@1.0.0"));
        assertFalse(v.ok());
        assertEquals(List.of("config.json", "weights.bin"), v.failures().stream().map(VerifyReport.FileCheck::path).toList());
        assertEquals(List.of(BlobStatus.MISSING, BlobStatus.CORRUPT), v.failures().stream().map(VerifyReport.FileCheck::status).toList());
        IntegrityFailure e = assertThrows(IntegrityFailure.class,
                () -> services(MODEL, null).retrieval().export(ModelRef.parse("churn@1.0.0"), tmp.resolve("x.tar.gz")));
        assertEquals("churn@1.0.0: config.json (sha256:" + config.shortHex() + ") is missing from the store", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x.tar.gz")));
    }
}
