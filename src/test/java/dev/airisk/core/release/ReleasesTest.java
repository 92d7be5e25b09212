package dev.airisk.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.Layout;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.InMemoryPorts.MemAttestations;
import dev.airisk.core.release.InMemoryPorts.MemCodec;
import dev.airisk.core.release.InMemoryPorts.MemRegistry;
import dev.airisk.core.release.InMemoryPorts.MemStore;
import dev.airisk.core.scan.ScanReport;
import dev.airisk.core.scan.Scanner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promote, canary and rollback over in-memory ports: state transitions, races and re-validation. */
class ReleasesTest {
    static final String ALICE = "a".repeat(64);
    static final Signer SIGNER = InMemoryPorts.signer("alice", ALICE);
    static final Map<String, String> MODEL = Map.of("weights.bin", "w", "requirements.txt", "numpy==1.26.4\n");
    @TempDir Path tmp;
    MemCodec codec;
    MemRegistry registry;
    MemStore store;
    MemAttestations attestations;

    @BeforeEach
    void setUp() throws Exception {
        codec = new MemCodec();
        store = new MemStore();
        attestations = new MemAttestations();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Layout.SETTINGS, codec.writeSettings(new RegistrySettings(1, RegistrySettings.DEFAULT_ENVIRONMENTS, "memory", Map.of())));
        files.put(Layout.trustedKey(ALICE), "PEM".getBytes(StandardCharsets.UTF_8));
        files.put(Layout.ROLES, codec.writeRoles(new Roles(Map.of("publisher", List.of(ALICE), "releaser", List.of(ALICE)))));
        files.put(Layout.POLICY, codec.writePolicy(Policy.empty()));
        registry = new MemRegistry(files);
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            register(v);
        }
    }

    private void register(String version) throws Exception {
        Map<String, String> model = new LinkedHashMap<>(MODEL);
        model.put("config.json", version);
        register(version, model);
    }

    private void register(String version, Map<String, String> model) throws Exception {
        String token = "meta-" + version;
        codec.metaFiles.put(token, Metadata.empty().withOwner("team").withRiskTier(RiskTier.LIMITED)
                .withDatasets(List.of(new DatasetRef("d", "1", Sha256.digest(new byte[1]))))
                .withCodeCommit("abcdef1"));
        Path meta = Files.writeString(tmp.resolve(token), token);
        services(model).registrar().register(new RegisterRequest(tmp, ModelRef.parse("churn@" + version), InMemoryPorts.meta(meta),
                List.of(), List.of(), null, Map.of()));
    }

    @Test
    void promote_recordsRepeatedFindingsAsASummaryWithItsCount_andTheStoredReportReadsBackWithItsDigest() throws Exception {
        Map<String, String> model = new LinkedHashMap<>(MODEL);
        model.put("weights.bin", "cX\nY\n.".repeat(100));
        register("2.0.0", model);
        assertTrue(services(model).releases().promote(ModelRef.parse("churn@2.0.0"), "dev", false, null).allowed());

        VersionRecord record = services(model).view().requireRecord(ModelRef.parse("churn@2.0.0"));
        GateInputs.StoredArtifact artifact = new GateInputs.StoredArtifact(record, () -> {
            throw new AssertionError("the store was read although a recorded scan applies");
        }, InMemoryPorts.containers(), 1);
        RegistryView view = services(model).view();
        new GateInputs(attestations).of(view, record, "staging", Instant.now(), false, artifact);
        ScanReport stored = artifact.scan(view.policy().scanning().rules(), false);
        assertEquals(100, stored.occurrences());
        assertEquals(21, stored.findings().size(), stored.findings().toString());
        assertTrue(stored.findings().stream().anyMatch(f -> f.count() == 80), stored.findings().toString());
        assertTrue(artifact.freshScans().isEmpty());
    }

    private Services services(Map<String, String> model) {
        return new Services(registry, codec, store, InMemoryPorts.sources(model), InMemoryPorts.containers(), attestations, InMemoryPorts.archives(),
                SIGNER, Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC), 2);
    }

    private Releases releases() {
        return services(MODEL).releases();
    }

    private ReleaseState.Env prod() {
        return services(MODEL).view().state("churn").env("prod");
    }

    private void through(String version) {
        for (String env : RegistrySettings.DEFAULT_ENVIRONMENTS) {
            assertTrue(releases().promote(ModelRef.parse("churn@" + version), env, false, null).allowed());
        }
    }

    @Test
    void anIncident_isOpenedInsideAnotherOperationsCommit_withItsDetectionByAnEvaluation_andTheRollback() {
        ModelRef bad = ModelRef.parse("churn@1.1.0");
        assertTrue(releases().promote(ModelRef.parse("churn@1.0.0"), "dev", false, null).changed());
        assertTrue(releases().promote(bad, "dev", false, null).changed());
        Instant evaluated = Instant.parse("2026-11-26T09:58:00Z");
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        Sha256 evaluation = Sha256.digest("evaluation".getBytes(StandardCharsets.UTF_8));
        String id = registry.update(head -> {
            RegistryView view = new RegistryView(head, codec);
            ReleaseState.Env e = view.state("churn").env("dev");
            ReleaseState.Env after = new Transition(Operation.ROLLBACK, Version.parse("1.0.0"), 0, now, ALICE, "drift").apply(e);
            Incidents.Opened o = Incidents.opening(view, codec, attestations, SIGNER, new Incidents.Opening(bad, List.of("dev"),
                    dev.airisk.core.scan.Severity.HIGH, "feature-psi 0.41 > 0.2", new Incidents.Detection(evaluated, evaluation, null), now,
                    new Incidents.Rollback("dev", bad.version(), Version.parse("1.0.0"), now, "drift")));
            Map<String, byte[]> writes = new LinkedHashMap<>(o.writes());
            writes.put(Layout.state("churn"), codec.writeState(view.state("churn").with("dev", after)));
            return new dev.airisk.core.port.Change<>(o.incident().id(), writes, dev.airisk.core.port.CommitMessage.of("Roll back",
                    Trailers.op(Operation.ROLLBACK).ref(bad).put(Trailers.INCIDENT, o.incident().id()).by(ALICE)));
        }).result();
        assertEquals("INC-20261126-1", id);
        dev.airisk.core.model.Incident i = Incidents.read(services(MODEL).view(), attestations, id);
        assertEquals(List.of("detected", "opened", "rolled-back"), i.timeline().stream().map(x -> x.kind().id()).toList());
        assertEquals(evaluation, i.timeline().get(0).evaluation());
        assertEquals(Duration.ofMinutes(2), i.detectionToRollback().orElseThrow());
        assertEquals(List.of(Version.parse("1.1.0"), Version.parse("1.0.0")), i.versions());
        assertEquals(RiskTier.LIMITED, i.tier());
        assertEquals(Version.parse("1.0.0"), services(MODEL).view().state("churn").env("dev").stableVersion().orElseThrow());
    }

    @Test
    void replayOfTheHistory_withTheTransitionsOfTheCommands_isTheCommittedState() {
        through("1.0.0");
        through("1.1.0");
        assertTrue(releases().canaryStart(ModelRef.parse("churn@1.2.0"), "dev", 10).allowed());
        releases().canarySetWeight("churn", "dev", 30);
        releases().canaryAbort("churn", "dev", "latency");
        assertTrue(releases().canaryStart(ModelRef.parse("churn@1.2.0"), "dev", 20).allowed());
        assertTrue(releases().canaryPromote("churn", "dev", false, null).changed());
        assertTrue(releases().rollback("churn", "prod", null, "INC-1", false, null).changed());
        assertTrue(releases().canaryStart(ModelRef.parse("churn@1.2.0"), "staging", 5).allowed());
        ReleaseResult abort = releases().rollback("churn", "staging", Version.parse("1.1.0"), "INC-2", false, null);
        assertEquals(Version.parse("1.2.0"), abort.abortedCanary());
        assertTrue(releases().rollback("churn", "dev", null, "INC-3", false, null).changed());

        ReleaseState committed = services(MODEL).view().state("churn");
        ReleaseState replayed = services(MODEL).audit().replay("churn");
        assertEquals(CommitRules.shape(committed), CommitRules.shape(replayed));
        assertEquals(committed.env("prod").rolledBack().stream().map(r -> r.reason()).toList(),
                replayed.env("prod").rolledBack().stream().map(r -> r.reason()).toList());
    }

    @Test
    void promote_writesStateOnceWithTrailers_andAgainIsANoOp() {
        through("1.0.0");
        int commits = registry.commits.size();
        ReleaseResult again = releases().promote(ModelRef.parse("churn@1.0.0"), "prod", false, null);
        assertFalse(again.changed());
        assertEquals(commits, registry.commits.size());
        String last = registry.messages.get(registry.messages.size() - 1);
        assertTrue(last.startsWith("Promote churn@1.0.0 to prod"), last);
        assertTrue(last.contains("Airisk-Op: promote\nAirisk-Model: churn\nAirisk-Version: 1.0.0\nAirisk-Env: prod\n"), last);
        assertTrue(last.contains("Airisk-Gates: passed\nAirisk-Actor: " + ALICE), last);
    }

    @Test
    void promote_thatLosesARace_runsTheGatesAgainOnTheNewHead() {
        through("1.0.0");
        releases().promote(ModelRef.parse("churn@1.1.0"), "dev", false, null);
        // While 1.1.0 goes to staging, another writer rolls staging back: 1.1.0 is then no longer the one
        // being replaced; the promotion is re-validated on the new head and still applies once.
        registry.beforeNextSwap = () -> releases().promote(ModelRef.parse("churn@1.2.0"), "dev", false, null);
        ReleaseResult r = releases().promote(ModelRef.parse("churn@1.1.0"), "staging", false, null);
        assertTrue(r.changed());
        assertEquals(Version.parse("1.1.0"), services(MODEL).view().state("churn").env("staging").stable().version());
        assertEquals(Version.parse("1.2.0"), services(MODEL).view().state("churn").env("dev").stable().version());
    }

    @Test
    void rollback_goesToPreviousStable_thenFurther_thenNothingLeft() {
        through("1.0.0");
        through("1.1.0");
        through("1.2.0");
        assertEquals(Version.parse("1.1.0"), releases().rollback("churn", "prod", null, "INC-1", false, null).version());
        assertEquals(Version.parse("1.0.0"), releases().rollback("churn", "prod", null, "INC-2", false, null).version());
        assertEquals(List.of(Version.parse("1.1.0"), Version.parse("1.2.0")),
                prod().rolledBack().stream().map(ReleaseState.RolledBack::version).toList());
        assertThrows(NotFound.class, () -> releases().rollback("churn", "prod", null, "INC-3", false, null));
    }

    @Test
    void rollback_abortsAnActiveCanary_inTheSameCommit() {
        through("1.0.0");
        through("1.1.0");
        releases().promote(ModelRef.parse("churn@1.2.0"), "dev", false, null);
        releases().promote(ModelRef.parse("churn@1.2.0"), "staging", false, null);
        releases().canaryStart(ModelRef.parse("churn@1.2.0"), "prod", 10);
        int commits = registry.commits.size();
        ReleaseResult r = releases().rollback("churn", "prod", null, "INC-9", false, null);
        assertEquals(Version.parse("1.2.0"), r.abortedCanary());
        assertEquals(commits + 1, registry.commits.size());
        assertEquals(null, prod().canary());
        assertEquals(Version.parse("1.0.0"), prod().stable().version());
    }

    @Test
    void rollback_toACorruptedTarget_failsIntegrity_andChangesNothing() {
        through("1.0.0");
        through("1.1.0");
        store.blobs.replaceAll((k, v) -> "corrupt".getBytes(StandardCharsets.UTF_8));
        int commits = registry.commits.size();
        assertThrows(IntegrityFailure.class, () -> releases().rollback("churn", "prod", null, "INC", false, null));
        assertEquals(commits, registry.commits.size());
    }

    @Test
    void canary_atMostOnePerModelAndEnvironment() {
        through("1.0.0");
        releases().promote(ModelRef.parse("churn@1.1.0"), "dev", false, null);
        releases().promote(ModelRef.parse("churn@1.1.0"), "staging", false, null);
        releases().promote(ModelRef.parse("churn@1.2.0"), "dev", false, null);
        releases().promote(ModelRef.parse("churn@1.2.0"), "staging", false, null);
        releases().canaryStart(ModelRef.parse("churn@1.1.0"), "prod", 10);
        Conflict c = assertThrows(Conflict.class, () -> releases().canaryStart(ModelRef.parse("churn@1.2.0"), "prod", 10));
        assertEquals("churn already has canary 1.1.0 at 10% in prod", c.getMessage());
    }

    @Test
    void rollback_incidentTiming_isComparedWithTheTierSla() {
        through("1.0.0");
        through("1.1.0");
        Policy.TierRules limited = new Policy.TierRules(null, null, null, false, null, Duration.ofMinutes(15));
        registry.commitDirectly(Map.of(Layout.POLICY, codec.writePolicy(new Policy(null, null, Map.of(RiskTier.LIMITED, limited),
                null, null, null))));
        ReleaseResult r = releases().rollback("churn", "prod", null, "INC", false, Instant.parse("2026-11-26T09:40:00Z"));
        assertEquals("missed", r.incident().verdict());
        String last = registry.messages.get(registry.messages.size() - 1);
        assertTrue(last.contains("Airisk-Time-To-Rollback: 1200s\nAirisk-Rollback-SLA: missed 900s\n"), last);
    }

    @Test
    void promote_recordsASignedScanReport_onceForTheScannerAndRules_andReusesIt() {
        releases().promote(ModelRef.parse("churn@1.0.0"), "dev", false, null);
        List<String> scanFiles = registry.commits.get(registry.commits.size() - 1).keySet().stream()
                .filter(k -> k.startsWith("models/churn/versions/1.0.0/scans/")).toList();
        assertEquals(1, scanFiles.size(), scanFiles.toString());
        assertTrue(scanFiles.get(0).matches("models/churn/versions/1\\.0\\.0/scans/" + Scanner.VERSION.replace("/", "-") + "-[0-9a-f]{12}\\.json"), scanFiles.get(0));

        // The recorded report is reused: a store that can no longer be opened is not read for the scan.
        VersionRecord record = services(MODEL).view().requireRecord(ModelRef.parse("churn@1.0.0"));
        GateInputs.StoredArtifact artifact = new GateInputs.StoredArtifact(record, () -> {
            throw new AssertionError("the store was read although a recorded scan applies");
        }, InMemoryPorts.containers(), 1);
        RegistryView view = services(MODEL).view();
        new GateInputs(attestations).of(view, record, "staging", Instant.now(), false, artifact);
        var rules = view.policy().scanning().rules();
        assertEquals(Scanner.VERSION, artifact.scan(rules, false).scanner());
        assertTrue(artifact.freshScans().isEmpty());
    }
}
