package dev.airisk.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.CommitMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelValuesTest {
    static final Sha256 A = new Sha256("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
    static final Sha256 B = new Sha256("3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d");

    @Test
    void versions_orderBySemverPrecedence() {
        List<Version> vs = new ArrayList<>();
        for (String s : List.of("1.10.0", "1.2.0", "1.0.0-rc.1", "1.0.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta.11", "1.0.0-beta.2", "2.0.0")) {
            vs.add(Version.parse(s));
        }
        vs.sort(null);
        assertEquals("[1.0.0-alpha, 1.0.0-alpha.1, 1.0.0-beta.2, 1.0.0-beta.11, 1.0.0-rc.1, 1.0.0, 1.2.0, 1.10.0, 2.0.0]", vs.toString());
        assertTrue(Version.parse("1.0.0-rc.1").isPrerelease());
        assertFalse(Version.parse("1.0.0+build.5").isPrerelease());
    }

    @Test
    void invalidVersions_areRefused() {
        for (String s : List.of("1.4", "v1.4.0", "01.2.3", "1.2.3-", "1.2.3-01", "", "1.2.3 ")) {
            InvalidInput e = assertThrows(InvalidInput.class, () -> Version.parse(s), s);
            assertEquals("version '" + s + "' is not a semantic version", e.getMessage());
        }
    }

    @Test
    void modelRefs_parseAndRefuse() {
        assertEquals(new ModelRef("churn", Version.parse("1.4.0")), ModelRef.parse("churn@1.4.0"));
        assertEquals("'churn' is not a model reference", assertThrows(InvalidInput.class, () -> ModelRef.parse("churn")).getMessage());
        assertThrows(InvalidInput.class, () -> ModelRef.parse("../x@1.0.0"));
        assertThrows(InvalidInput.class, () -> ModelRef.parse("Churn@1.0.0"));
    }

    @Test
    void rootDigest_isSha256OverTheSortedRawFileDigests() {
        Manifest m = new Manifest(List.of(new FileDigest("b.bin", 1, B), new FileDigest("a.bin", 1, A)));
        assertEquals("a.bin", m.files().get(0).path());
        // python3: sha256(sha256(b'a').digest() + sha256(b'b').digest())
        assertEquals("e5a01fee14e0ed5c48714f22180f25ad8365b53f9779f79dc4a3d7e93963f94a", m.rootDigest().hex());
        assertEquals(2, m.totalSize());
    }

    @Test
    void manifest_sortsPathsByTheirSegmentsAsModelSigningDoes() {
        Manifest m = new Manifest(List.of(new FileDigest("a.b", 1, A), new FileDigest("a/b", 1, B), new FileDigest("a-c", 1, A)));
        // Python: sorted([PurePosixPath('a.b'), PurePosixPath('a/b'), PurePosixPath('a-c')]) -> a/b, a-c, a.b
        assertEquals(List.of("a/b", "a-c", "a.b"), m.files().stream().map(FileDigest::path).toList());
    }

    @Test
    void manifest_refusesDuplicatesAndEmptiness() {
        assertThrows(InvalidInput.class, () -> new Manifest(List.of()));
        assertEquals("the model lists 'a' twice", assertThrows(InvalidInput.class,
                () -> new Manifest(List.of(new FileDigest("a", 1, A), new FileDigest("a", 1, B)))).getMessage());
    }

    @Test
    void modelPaths_stayInsideTheRoot() {
        assertNull(ModelPath.problem("weights/model.bin"));
        assertEquals("escapes the model root with '..'", ModelPath.problem("a/../../etc/passwd"));
        assertEquals("is absolute", ModelPath.problem("/etc/passwd"));
        assertEquals("is absolute", ModelPath.problem("C:\\x"));
        assertEquals("contains a backslash", ModelPath.problem("a\\b"));
        assertEquals("has an empty or '.' segment", ModelPath.problem("a//b"));
        assertEquals("contains a control character", ModelPath.problem("a\nb"));
        assertEquals("a/b", ModelPath.normalizeArchiveName("./a/b"));
    }

    @Test
    void datasetRefs_parse() {
        DatasetRef d = DatasetRef.parse("customers@2026-09=sha256:" + A.hex());
        assertEquals("customers@2026-09", d.key());
        assertEquals(A, d.sha256());
        assertEquals("dataset 'customers' is not NAME@VERSION=sha256:HEX",
                assertThrows(InvalidInput.class, () -> DatasetRef.parse("customers")).getMessage());
    }

    @Test
    void riskTiers_parseLowerCaseIds() {
        assertEquals(RiskTier.HIGH, RiskTier.parse("high"));
        assertEquals("risk_tier 'hihg' is not one of minimal, limited, high, unacceptable",
                assertThrows(InvalidInput.class, () -> RiskTier.parse("hihg")).getMessage());
    }

    @Test
    void commitMessages_renderAndParseTrailers() {
        CommitMessage m = CommitMessage.of("Register churn@1.4.0", Map.of("Airisk-Op", "register"));
        assertEquals("Register churn@1.4.0\n\nAirisk-Op: register\n", m.render());
        assertEquals(Map.of("Airisk-Op", "register"), CommitMessage.parseTrailers(m.render()));
    }

    @Test
    void durations_printInTheirLargestWholeUnit_andReadBackTheSame() {
        for (String text : List.of("1d", "36h", "90m", "14d", "45s", "3653d", "0s")) {
            assertEquals(text, Durations.format(Durations.parse(text)), text);
        }
        assertEquals("1d", Durations.format(Durations.parse("24h")));
        assertEquals("7d", Durations.format(Durations.parse("7d")));
        assertEquals("14d", Durations.format(Durations.parse("2w")));
        assertEquals("36h", Durations.format(Durations.parse("P1DT12H")));
        assertEquals("PT0.5S", Durations.format(Durations.parse("PT0.5S")));
        assertEquals(Durations.parse("PT0.5S"), Durations.parse(Durations.format(Durations.parse("PT0.5S"))));
    }
}
