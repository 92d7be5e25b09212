package dev.airisk.adapters.yaml;

import static dev.airisk.adapters.yaml.YamlRoundTripTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.policy.BreachAction;
import dev.airisk.core.policy.MonitoringRules;
import dev.airisk.core.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** policy.yaml's {@code tiers.<tier>.monitoring} and META.yaml's {@code input_schema.fields}: read exactly, refused at the line. */
class MonitoringYamlTest {
    private static final List<String> ENVS = List.of("dev", "staging", "prod");
    private final YamlRegistryCodec codec = new YamlRegistryCodec();

    private Policy read(String yaml) {
        return codec.readPolicy(bytes(yaml), "policy.yaml", ENVS);
    }

    private String error(String monitoring) {
        return assertThrows(AiriskException.InvalidInput.class, () -> read("tiers:\n  high:\n    monitoring:\n" + monitoring)).oneLine();
    }

    @Test
    void theDocumentedSection_isReadIntoMonitoringRules() {
        MonitoringRules m = read("""
                tiers:
                  high:
                    monitoring:
                      min_rows: 1000
                      max_feature_psi: 0.2
                      max_score_psi: 0.1
                      confidence_floor: 0.6
                      max_below_floor: 0.05
                      max_null_rate: 0.02
                      max_schema_violations: 0.01
                      max_error_rate: 0.01
                      max_latency_p99: 0.25
                      min_accuracy: 0.85
                      min_auc: 0.8
                      on_breach: {staging: halt, prod: rollback}
                      override_role: model-risk
                """).tier(RiskTier.HIGH).monitoring();
        assertEquals(new MonitoringRules(1000, 0.2, 0.1, 0.6, 0.05, 0.02, 0.01, 0.01, Duration.ofMillis(250), 0.85, 0.8,
                Map.of("staging", BreachAction.HALT, "prod", BreachAction.ROLLBACK), "model-risk"), m);
        assertEquals(BreachAction.NOTIFY, m.action("dev"));
        assertSame(MonitoringRules.NONE, read("tiers:\n  high:\n    metadata: [owner]\n").tier(RiskTier.HIGH).monitoring());
        assertEquals("risk-officer", read("tiers:\n  high:\n    monitoring:\n      min_rows: 5\n").tier(RiskTier.HIGH).monitoring().overrideRole());
    }

    @Test
    void aLatency_isSecondsMillisecondsOrADuration() {
        for (Map.Entry<String, Duration> e : Map.of("0.5", Duration.ofMillis(500), "250ms", Duration.ofMillis(250), "2s", Duration.ofSeconds(2),
                "PT0.1S", Duration.ofMillis(100)).entrySet()) {
            assertEquals(e.getValue(), read("tiers:\n  high:\n    monitoring:\n      max_latency_p99: " + e.getKey() + "\n")
                    .tier(RiskTier.HIGH).monitoring().maxLatencyP99(), e.getKey());
        }
    }

    @Test
    void badValues_areRefusedAtTheirLine() {
        assertEquals("policy.yaml: line 4: unknown key 'max_psi' in tiers.high.monitoring, expected one of min_rows, max_feature_psi, "
                        + "max_score_psi, confidence_floor, max_below_floor, max_null_rate, max_schema_violations, max_error_rate, "
                        + "max_latency_p99, min_accuracy, min_auc, on_breach, override_role",
                error("      max_psi: 0.2\n"));
        assertEquals("policy.yaml: line 4: tiers.high.monitoring.max_null_rate '1.5' is not a number from 0 to 1",
                error("      max_null_rate: 1.5\n"));
        assertEquals("policy.yaml: line 4: tiers.high.monitoring.min_rows '-1' is not a number of rows (0 to 1000000000)",
                error("      min_rows: -1\n"));
        assertEquals("policy.yaml: line 4: confidence_floor is given without max_below_floor "
                        + "(give both: the floor and the highest share of predictions below it)",
                error("      confidence_floor: 0.6\n"));
        assertEquals("policy.yaml: line 4: unknown environment 'qa' in tiers.high.monitoring.on_breach "
                        + "(use one of the registry's environments: dev, staging, prod)",
                error("      on_breach: {qa: halt}\n"));
        assertEquals("policy.yaml: line 4: tiers.high.monitoring.on_breach.prod 'stop' is not one of notify, halt, rollback",
                error("      on_breach: {prod: stop}\n"));
        assertEquals("policy.yaml: line 4: tiers.high.monitoring.override_role 'Risk Officer' is not a role name "
                        + "(1-32 lower-case letters, digits or '-', starting with a letter)",
                error("      override_role: Risk Officer\n"));
        assertEquals("policy.yaml: line 4: tiers.high.monitoring.max_latency_p99 '0' is not longer than zero",
                error("      max_latency_p99: 0\n"));
    }

    @Test
    void theRecord_refusesWhatTheYamlRefuses() {
        assertEquals("max_feature_psi '-0.1' is not a number from 0 to 100",
                assertThrows(AiriskException.InvalidInput.class, () -> new MonitoringRules(0, -0.1, null, null, null, null, null, null,
                        null, null, null, null, null)).getMessage());
        assertEquals("max_below_floor is given without confidence_floor",
                assertThrows(AiriskException.InvalidInput.class, () -> new MonitoringRules(0, null, null, null, 0.1, null, null, null,
                        null, null, null, null, null)).getMessage());
    }

    @Test
    void inputSchemaFields_roundTripThroughMetaYaml_andNameOnlyKnownFeatures() {
        Metadata m = codec.readMetadata(bytes("""
                input_schema:
                  features: [age, segment]
                  fields:
                    age: {type: integer, min: 18, max: 100}
                    segment: {type: string, values: [retail, business]}
                """), "META.yaml");
        assertEquals(new Metadata.Field(Metadata.FieldType.INTEGER, 18.0, 100.0, null), m.inputSchema().field("age"));
        assertEquals(List.of("retail", "business"), m.inputSchema().field("segment").values());
        dev.airisk.core.model.VersionRecord record = YamlRoundTripTest.record(m);
        assertEquals(record, codec.readRecord(codec.writeRecord(record), "record.yaml"));
        assertEquals("META.yaml: line 4: input_schema.fields.income is not one of input_schema.features "
                        + "(add it to input_schema.features or remove its rule)",
                assertThrows(AiriskException.InvalidInput.class, () -> codec.readMetadata(bytes("""
                        input_schema:
                          features: [age]
                          fields:
                            income: {type: number}
                        """), "META.yaml")).oneLine());
        assertEquals("META.yaml: line 4: input_schema.fields.age.type 'float' is not one of number, integer, string, boolean",
                assertThrows(AiriskException.InvalidInput.class, () -> codec.readMetadata(bytes("""
                        input_schema:
                          features: [age]
                          fields:
                            age: {type: float}
                        """), "META.yaml")).getMessage());
        assertEquals("META.yaml: line 4: values are given for a field of type integer (use them with string)",
                assertThrows(AiriskException.InvalidInput.class, () -> codec.readMetadata(bytes("""
                        input_schema:
                          features: [age]
                          fields:
                            age: {type: integer, values: [a]}
                        """), "META.yaml")).oneLine());
    }
}
