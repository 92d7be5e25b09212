package dev.airisk.adapters.yaml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelInfo;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Roles;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.notify.Consumer;
import dev.airisk.core.notify.Consumers;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.OutboxItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YamlRoundTripTest {
    static final Sha256 A = Sha256.digest(bytes("a"));
    static final Sha256 B = Sha256.digest(bytes("b"));
    static final Sha256 D = Sha256.digest(bytes("dataset"));
    static final String KEY = Sha256.digest(bytes("key")).hex();

    private final YamlRegistryCodec codec = new YamlRegistryCodec();

    static Metadata fullMetadata() {
        return new Metadata("team-risk@example.com", RiskTier.HIGH, "Churn scoring for retention offers",
                "Gradient-boosted trees.\nRetrained monthly.\n",
                List.of(new DatasetRef("customers", "2024-06", D)),
                Map.of("auc", 0.91, "latency_ms", 12.0, "tiny", 1.0E-4, "big", 1.5E12, "count", 3.0),
                "9fceb02d0ae598e95dc970b74767f19372d61af8",
                List.of(ModelRef.parse("bert-base@1.0.0")),
                List.of("eu", "us"), Boolean.TRUE,
                new Metadata.Vendor("Acme", "https://acme.example/cards/churn"),
                new Metadata.InputSchema(List.of("tenure", "plan", "monthly_charges")),
                Map.of("team", "retention", "cost-center", "4711"), List.of("eu-west-1"), Boolean.TRUE);
    }

    static VersionRecord record(Metadata metadata) {
        Manifest manifest = new Manifest(List.of(new FileDigest("weights/model.safetensors", 1_234_567_890L, B),
                new FileDigest("config.json", 512, A)));
        return VersionRecord.of(ModelRef.parse("churn@1.4.0"), manifest, metadata, KEY,
                Instant.parse("2025-06-01T12:00:00Z"));
    }

    @Test
    void record_roundTrips_andIsWrittenInTheDocumentedLayout() {
        VersionRecord record = record(fullMetadata());
        byte[] bytes = codec.writeRecord(record);
        assertEquals("""
                format_version: 1
                model: churn
                version: 1.4.0
                root_digest: %s
                registered_by: %s
                registered_at: "2025-06-01T12:00:00Z"
                files:
                  - path: config.json
                    size: 512
                    sha256: %s
                  - path: weights/model.safetensors
                    size: 1234567890
                    sha256: %s
                metadata:
                  owner: team-risk@example.com
                  risk_tier: high
                  intended_use: Churn scoring for retention offers
                  description: |
                    Gradient-boosted trees.
                    Retrained monthly.
                  datasets:
                    - name: customers
                      version: 2024-06
                      sha256: %s
                  metrics:
                    auc: 0.91
                    big: 1.5E12
                    count: 3.0
                    latency_ms: 12.0
                    tiny: 1.0E-4
                  code_commit: 9fceb02d0ae598e95dc970b74767f19372d61af8
                  base_models:
                    - bert-base@1.0.0
                  regions:
                    - eu
                    - us
                  processes_pii: true
                  vendor:
                    name: Acme
                    model_card: https://acme.example/cards/churn
                  input_schema:
                    features:
                      - tenure
                      - plan
                      - monthly_charges
                  labels:
                    cost-center: "4711"
                    team: retention
                  training_regions:
                    - eu-west-1
                  high_stakes: true
                """.formatted(record.rootDigest().hex(), KEY, A.hex(), B.hex(), D.hex()), text(bytes));
        assertEquals(record, codec.readRecord(bytes, "record.yaml"));
    }

    @Test
    void record_withEmptyMetadata_roundTrips() {
        VersionRecord record = record(Metadata.empty());
        assertEquals(record, codec.readRecord(codec.writeRecord(record), "record.yaml"));
    }

    @Test
    void writing_isStable_whateverOrderTheMapsWereBuiltIn() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("b", 2.0);
        metrics.put("a", 1.0);
        Map<String, Double> reversed = new LinkedHashMap<>();
        reversed.put("a", 1.0);
        reversed.put("b", 2.0);
        assertArrayEquals(codec.writeRecord(record(Metadata.empty().withMetrics(metrics))),
                codec.writeRecord(record(Metadata.empty().withMetrics(reversed))));
        assertArrayEquals(codec.writeRecord(record(fullMetadata())), codec.writeRecord(record(fullMetadata())));
    }

    @Test
    void metadata_roundTrips_fullAndEmpty() {
        assertEquals(fullMetadata(), codec.readMetadata(codec.writeMetadata(fullMetadata()), "META.yaml"));
        assertEquals(Metadata.empty(), codec.readMetadata(codec.writeMetadata(Metadata.empty()), "META.yaml"));
        assertEquals(Metadata.empty(), codec.readMetadata(new byte[0], "META.yaml"));
        Metadata emptySchema = new Metadata("o", null, null, null, null, null, null, null, null, Boolean.FALSE, null,
                new Metadata.InputSchema(List.of()), null, null, null);
        assertEquals(emptySchema, codec.readMetadata(codec.writeMetadata(emptySchema), "META.yaml"));
    }

    @Test
    void textsThatLookLikeOtherYaml_roundTripAsText() {
        List<String> tricky = List.of("null", "~", "true", "yes", "No", "on", "y", "0123", "1.5", "1e5", "0x1F",
                ".inf", "-.5", "+1", "2024-01-01", "", " padded ", "a: b", "#x", "x #y", "- x", "@at", "`t", "'q",
                "\"dq", "%p", "*star", "&amp", "!bang", "{b", "[s", "?q", ":c", "=", "<<", "é ü");
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < tricky.size(); i++) {
            labels.put("k" + i, tricky.get(i));
        }
        Metadata m = new Metadata(tricky.get(0), null, "yes", "0123", null, null, "1e5", null, tricky,
                null, new Metadata.Vendor("null", "~"), new Metadata.InputSchema(tricky), labels, tricky, null);
        assertEquals(m, codec.readMetadata(codec.writeMetadata(m), "META.yaml"));
        // line breaks, which only a description may hold (other fields refuse control characters)
        Metadata described = new Metadata("o", null, null, "two\nlines\nends with newline\n", null, null, null, null, null,
                null, null, null, null, null, null);
        assertEquals(described, codec.readMetadata(codec.writeMetadata(described), "META.yaml"));
    }

    @Test
    void model_roundTrips_fullAndMinimal() {
        ModelInfo full = new ModelInfo("churn", "team-risk@example.com", RiskTier.LIMITED, "Retention offers",
                "Scores churn.", List.of("eu"), new Metadata.Vendor("Acme", null), List.of("crm", "billing"),
                Instant.parse("2025-01-02T03:04:05.678Z"));
        byte[] bytes = codec.writeModel(full);
        assertEquals("""
                name: churn
                owner: team-risk@example.com
                risk_tier: limited
                intended_use: Retention offers
                description: Scores churn.
                regions:
                  - eu
                vendor:
                  name: Acme
                consumers:
                  - crm
                  - billing
                created: "2025-01-02T03:04:05.678Z"
                """, text(bytes));
        assertEquals(full, codec.readModel(bytes, "model.yaml"));
        ModelInfo minimal = new ModelInfo("m", null, null, null, null, null, null, null, null);
        assertEquals("name: m\n", text(codec.writeModel(minimal)));
        assertEquals(minimal, codec.readModel(codec.writeModel(minimal), "model.yaml"));
    }

    @Test
    void slackConsumersByVariable_andDecisionsOnDeliveries_roundTrip() {
        Consumers consumers = new Consumers(Map.of("ml-ops",
                new Consumer("ml-ops", List.of("churn"), Set.of("canary"),
                        Endpoint.slack("ML_OPS_SLACK_URL"))));
        byte[] bytes = codec.writeConsumers(consumers);
        assertEquals("""
                consumers:
                  ml-ops:
                    models:
                      - churn
                    events:
                      - canary
                    slack_url_env: ML_OPS_SLACK_URL
                """, text(bytes));
        assertEquals(consumers, codec.readConsumers(bytes, "consumers.yaml"));

        OutboxItem item = new OutboxItem("5d0f5a0b1e63a8c52d4e2f0b9c7a1e44",
                "9a6c1f0e2b7d4c8a3e5f1b20", "ml-ops", Endpoint.slack("ML_OPS_SLACK_URL"),
                "dev.airisk.model.canary", "churn@1.4.0", Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2026-12-01T09:00:00Z"),
                Map.of("model", "churn"), "text", OutboxItem.Status.FAILED, 3, Instant.parse("2026-12-01T09:05:00Z"),
                null, "refused: HTTP 404", null, null).acknowledged("ab".repeat(32), Instant.parse("2026-12-02T10:00:00Z"), "gone");
        byte[] yaml = codec.writeOutboxItem(item);
        assertTrue(text(yaml).contains("decision:\n  action: acknowledged\n"), text(yaml));
        assertFalse(text(yaml).contains("target:"), text(yaml));
        assertEquals(item, codec.readOutboxItem(yaml, "outbox/done/5d/5d0f5a0b1e63a8c52d4e2f0b9c7a1e44.yaml"));
    }

    @Test
    void settings_roundTrip() {
        RegistrySettings settings = new RegistrySettings(1, List.of("dev", "staging", "prod"), "s3://bucket/models",
                Map.of("fetch_max_age", "5m"));
        byte[] bytes = codec.writeSettings(settings);
        assertEquals("""
                format_version: 1
                environments:
                  - dev
                  - staging
                  - prod
                store: s3://bucket/models
                settings:
                  fetch_max_age: 5m
                """, text(bytes));
        assertEquals(settings, codec.readSettings(bytes, "registry.yaml"));
        RegistrySettings local = new RegistrySettings(1, RegistrySettings.DEFAULT_ENVIRONMENTS, null, null);
        assertEquals(local, codec.readSettings(codec.writeSettings(local), "registry.yaml"));
    }

    @Test
    void roles_roundTrip() {
        String other = Sha256.digest(bytes("other")).hex();
        Roles roles = new Roles(Map.of("admin", List.of(KEY), "publisher", List.of(KEY, other), "approver", List.of()));
        byte[] bytes = codec.writeRoles(roles);
        assertEquals("roles:\n  admin:\n    - " + KEY + "\n  approver: []\n  publisher:\n    - " + KEY + "\n    - " + other + "\n",
                text(bytes));
        assertEquals(roles, codec.readRoles(bytes, "trust/roles.yaml"));
        assertEquals(new Roles(Map.of()), codec.readRoles(codec.writeRoles(new Roles(Map.of())), "trust/roles.yaml"));
    }

    @Test
    void emptyPolicy_isOnlyComments() {
        String policy = text(codec.emptyPolicy());
        assertEquals(List.of(), policy.lines().filter(l -> !l.startsWith("#")).toList());
        assertEquals(Map.of(), new YamlReader().read(codec.emptyPolicy(), "policy.yaml").entries());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
