package dev.airisk.adapters.yaml;

import static dev.airisk.adapters.yaml.YamlRoundTripTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.StoreSettings;
import dev.airisk.core.model.VersionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every bad input gives InvalidInput with the file, the line and what is wrong, word for word. */
class YamlErrorsTest {
    private static final String HEX = "a".repeat(64);

    private final YamlRegistryCodec codec = new YamlRegistryCodec();

    private String metaError(String yaml) {
        return error(yaml, b -> codec.readMetadata(b, "META.yaml"));
    }

    private static String error(String yaml, Function<byte[], ?> read) {
        return assertThrows(AiriskException.InvalidInput.class, () -> read.apply(bytes(yaml))).getMessage();
    }

    @Test
    void aRiskTierThatIsNotOne_namesTheAllowedTiers() {
        assertEquals("META.yaml: line 3: risk_tier 'hihg' is not one of minimal, limited, high, unacceptable",
                metaError("owner: team\nintended_use: churn\nrisk_tier: hihg\n"));
    }

    @Test
    void anUnknownKey_namesTheKeysThatAreAllowed() {
        assertEquals("META.yaml: line 2: unknown key 'ownr', expected one of owner, risk_tier, intended_use, "
                + "description, datasets, metrics, code_commit, base_models, regions, processes_pii, vendor, "
                + "input_schema, labels, training_regions, high_stakes, source", metaError("risk_tier: high\nownr: team\n"));
        assertEquals("META.yaml: line 3: unknown key 'url' in vendor, expected one of name, model_card, signer",
                metaError("vendor:\n  name: Acme\n  url: https://acme.example\n"));
    }

    @Test
    void aMetricThatIsNotANumber_isRefused() {
        assertEquals("META.yaml: line 3: metrics.f1 'high' is not a number", metaError("metrics:\n  auc: 0.9\n  f1: high\n"));
        assertEquals("META.yaml: line 2: metrics.auc '0.9' is not a number", metaError("metrics:\n  auc: '0.9'\n"));
        assertEquals("META.yaml: line 2: metrics.auc '.nan' is not a number", metaError("metrics:\n  auc: .nan\n"));
        assertEquals("META.yaml: line 2: metrics.auc must be a single value, not a list",
                metaError("metrics:\n  auc: [1, 2]\n"));
    }

    @Test
    void malformedYaml_givesTheParsersReasonAndLine() {
        assertEquals("META.yaml: line 4: mapping values are not allowed here",
                metaError("owner: team\nrisk_tier: high\nregions:\n  - eu: x: y\n"));
        assertEquals("META.yaml: line 2: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)",
                metaError("owner: team\n\trisk_tier: high\n"));
        assertEquals("META.yaml: line 2: found unexpected end of stream", metaError("owner: 'team\n"));
    }

    @Test
    void wrongShapes_sayWhatWasExpected() {
        assertEquals("META.yaml: line 1: regions must be a list, not a single value", metaError("regions: eu\n"));
        assertEquals("META.yaml: line 1: vendor must be a mapping of keys to values, not a single value",
                metaError("vendor: Acme\n"));
        assertEquals("META.yaml: line 2: owner must be a single value, not a list", metaError("owner:\n  - a\n  - b\n"));
        assertEquals("META.yaml: line 1: the document must be a mapping of keys to values, not a list",
                metaError("- owner\n"));
        assertEquals("META.yaml: line 1: processes_pii 'yes' is not one of true, false", metaError("processes_pii: yes\n"));
    }

    @Test
    void datasetsAndBaseModels_areCheckedEntryByEntry() {
        assertEquals("META.yaml: line 2: datasets[0].sha256 is missing",
                metaError("datasets:\n  - name: customers\n    version: 2024-06\n"));
        assertEquals("META.yaml: line 4: datasets[0].sha256 'abc' is not a SHA-256 digest (64 hex characters)",
                metaError("datasets:\n  - name: customers\n    version: 2024-06\n    sha256: abc\n"));
        assertEquals("META.yaml: line 2: dataset name 'a@b' is not valid",
                metaError("datasets:\n  - name: a@b\n    version: '1'\n    sha256: " + HEX + "\n"));
        assertEquals("META.yaml: line 3: base_models[1] 'bert' is not a model reference like churn@1.4.0",
                metaError("base_models:\n  - bert@1.0.0\n  - bert\n"));
    }

    @Test
    void unsafeOrAmbiguousYaml_isRefused() {
        assertEquals("META.yaml: line 2: owner is given twice (first on line 1)", metaError("owner: a\nowner: b\n"));
        assertEquals("META.yaml: line 2: aliases (*o) are not allowed; write the value out",
                metaError("owner: &o team\ndescription: *o\n"));
        assertEquals("META.yaml: line 1: tags (tag:yaml.org,2002:python/object:os.system) are not allowed; write plain values",
                metaError("owner: !!python/object:os.system ls\n"));
        assertEquals("META.yaml: line 3: a file holds one YAML document; remove the second '---' and what follows",
                metaError("owner: a\n---\nowner: b\n"));
        assertEquals("META.yaml: line 1: the file is larger than 16 MiB",
                metaError("description: " + "x".repeat(YamlReader.MAX_BYTES) + "\n"));
    }

    @Test
    void metaYaml_requiresNoField_butChecksEveryOne() {
        Metadata m = codec.readMetadata(bytes("risk_tier: minimal\n# owner comes from the flags\n"), "META.yaml");
        assertNull(m.owner());
        assertEquals(RiskTier.MINIMAL, m.riskTier());
        assertEquals(Metadata.empty(), codec.readMetadata(bytes("owner:\ndescription: ~\nlabels:\n"), "META.yaml"));
    }

    @Test
    void recordErrors_nameTheRecordFileAndLine() {
        VersionRecord record = YamlRoundTripTest.record(Metadata.empty());
        String good = new String(codec.writeRecord(record), StandardCharsets.UTF_8);
        String file = "models/churn/versions/1.4.0/record.yaml";
        Function<byte[], ?> read = b -> codec.readRecord(b, file);

        assertEquals(file + ": line 1: root_digest is missing", error(good.replaceAll("root_digest: .*\n", ""), read));
        assertEquals(file + ": line 3: version '1.4' is not a semantic version like 1.4.0",
                error(good.replace("version: 1.4.0", "version: '1.4'"), read));
        assertEquals(file + ": line 6: registered_at 'yesterday' is not an ISO-8601 UTC time like 2025-06-01T12:00:00Z",
                error(good.replaceAll("registered_at: .*\n", "registered_at: yesterday\n"), read));
        assertEquals(file + ": line 9: files[0].size '-1' is not a size in bytes (0 or more)",
                error(good.replace("size: 512", "size: -1"), read));
        assertEquals(file + ": line 9: files[0].size '1.5' is not a whole number",
                error(good.replace("size: 512", "size: 1.5"), read));
        assertEquals(file + ": line 8: files[0].path '../etc/passwd' is not a relative path inside the model",
                error(good.replace("path: config.json", "path: ../etc/passwd"), read));
        assertEquals(file + ": line 11: files[1].path 'config.json' is listed twice",
                error(good.replace("path: weights/model.safetensors", "path: config.json"), read));
        assertEquals(file + ": line 11: unknown key 'mode' in files[0], expected one of path, size, sha256",
                error(good.replace("  - path: weights", "    mode: x\n  - path: weights"), read));
    }

    @Test
    void aRecordWhoseRootDigestDoesNotMatchItsFiles_isAnIntegrityFailure() {
        VersionRecord record = YamlRoundTripTest.record(Metadata.empty());
        String edited = new String(codec.writeRecord(record), StandardCharsets.UTF_8)
                .replace(record.rootDigest().hex(), HEX);
        AiriskException.IntegrityFailure e = assertThrows(AiriskException.IntegrityFailure.class,
                () -> codec.readRecord(bytes(edited), "record.yaml"));
        assertEquals("record.yaml: line 4: record of churn@1.4.0 states root digest aaaaaaaaaaaa but its files give "
                + record.rootDigest().shortHex(), e.getMessage());
    }

    @Test
    void aNewerFormat_asksForANewerAirisk() {
        AiriskException.InvalidInput e = assertThrows(AiriskException.InvalidInput.class,
                () -> codec.readSettings(bytes("format_version: 2\nenvironments: [dev]\n"), "registry.yaml"));
        assertEquals("registry.yaml: line 1: format_version 2 is not supported (this airisk reads 1 to 1) "
                + "(upgrade airisk to read this registry)", e.oneLine());
    }

    @Test
    void settingsErrors() {
        Function<byte[], ?> read = b -> codec.readSettings(b, "registry.yaml");
        assertEquals("registry.yaml: line 1: format_version is missing", error("environments: [dev]\n", read));
        assertEquals("registry.yaml: line 2: environments lists no environment; name them in promotion order, e.g. [dev, staging, prod]",
                error("format_version: 1\nenvironments: []\n", read));
        assertEquals("registry.yaml: line 4: environments lists 'dev' twice", error("format_version: 1\nenvironments:\n  - dev\n  - dev\n", read));
        assertEquals("registry.yaml: line 2: environments[0] 'Prod!' is not an environment name (lower-case letters, digits, '_' or '-')",
                error("format_version: 1\nenvironments: ['Prod!']\n", read));
    }

    @Test
    void fetchInterval_malformedOrNegative_isAnErrorAtItsLine_andAbsentMeansSixtySeconds() {
        Function<byte[], ?> read = b -> codec.readSettings(b, "registry.yaml");
        assertEquals("registry.yaml: line 4: duration 'soon' is malformed",
                error("format_version: 1\nenvironments: [dev]\nsettings:\n  fetch_interval: soon\n", read));
        assertEquals("registry.yaml: line 4: fetch_interval 'PT-5M' is negative",
                error("format_version: 1\nenvironments: [dev]\nsettings:\n  fetch_interval: PT-5M\n", read));
        assertEquals(Duration.ofMinutes(5), codec.readSettings(
                bytes("format_version: 1\nenvironments: [dev]\nsettings:\n  fetch_interval: 5m\n"), "registry.yaml").fetchInterval());
        assertEquals(Duration.ZERO, codec.readSettings(
                bytes("format_version: 1\nenvironments: [dev]\nsettings:\n  fetch_interval: 0\n"), "registry.yaml").fetchInterval());
        assertEquals(Duration.ofSeconds(60), codec.readSettings(
                bytes("format_version: 1\nenvironments: [dev]\n"), "registry.yaml").fetchInterval());
    }

    @Test
    void modelAndRolesErrors() {
        assertEquals("model.yaml: line 1: name 'Churn' is not a model name (1-64 lower-case letters, digits, '.', '_' or '-')",
                error("name: Churn\n", b -> codec.readModel(b, "model.yaml")));
        assertEquals("model.yaml: line 2: risk_tier 'severe' is not one of minimal, limited, high, unacceptable",
                error("name: churn\nrisk_tier: severe\n", b -> codec.readModel(b, "model.yaml")));
        Function<byte[], ?> roles = b -> codec.readRoles(b, "trust/roles.yaml");
        assertEquals("trust/roles.yaml: line 3: roles.admin[0] 'alice' is not a key id (64 hex characters)",
                error("roles:\n  admin:\n    - alice\n", roles));
        assertEquals("trust/roles.yaml: line 1: unknown key 'admin', expected one of roles", error("admin: []\n", roles));
    }

    @Test
    void storeSettingsErrors_nameTheFileLineAndKey() {
        Function<byte[], ?> read = b -> codec.readSettings(b, "registry.yaml");
        String head = "format_version: 1\nenvironments: [dev]\nstore: s3://bucket/models\nsettings:\n";
        assertEquals("registry.yaml: line 6: settings.s3_path_style 'yes' is not one of true, false",
                error(head + "  s3_endpoint: http://127.0.0.1:9000\n  s3_path_style: yes\n", read));
        assertEquals("registry.yaml: line 5: settings.s3_endpoint 'ftp://host' is not an http or https URL",
                error(head + "  s3_endpoint: ftp://host\n", read));
        assertEquals("registry.yaml: line 5: settings.s3_retention 'forever' is not a positive duration such as 365d",
                error(head + "  s3_retention: forever\n", read));
        assertEquals("registry.yaml: line 5: settings.s3_retention '0d' is not a positive duration such as 365d",
                error(head + "  s3_retention: 0d\n", read));
    }

    @Test
    void storeSettings_readWhenValid_andMissingKeysAreTheDefaults() {
        String yaml = "format_version: 1\nenvironments: [dev]\nstore: s3://bucket/models\nsettings:\n"
                + "  s3_endpoint: http://127.0.0.1:9000\n  s3_path_style: true\n  s3_retention: 365d\n";
        var settings = codec.readSettings(bytes(yaml), "registry.yaml").settings();
        assertEquals(new StoreSettings("http://127.0.0.1:9000", true, Duration.ofDays(365)),
                StoreSettings.of(settings));
        var old = codec.readSettings(bytes("format_version: 1\nenvironments: [dev]\nstore: /srv/store\n"), "registry.yaml");
        assertEquals(StoreSettings.DEFAULTS, StoreSettings.of(old.settings()));
    }
}
