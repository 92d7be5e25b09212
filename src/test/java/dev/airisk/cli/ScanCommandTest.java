package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airisk scan} end to end: exit codes, text, JSON, and SARIF that an independent reader accepts. */
class ScanCommandTest {
    static final String AWS_KEY = "AKIA" + "QWERTYUIOPASDFGH";
    @TempDir
    Path tmp;
    Harness h;
    Path model;

    @BeforeEach
    void setUp() throws IOException {
        h = new Harness(tmp);
        model = Files.createDirectories(tmp.resolve("model"));
        // protocol 0: os.system('echo pwned') -- the classic payload, written as opcodes
        Files.write(model.resolve("model.bin"), "cos\nsystem\n(S'echo pwned'\ntR.".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(model.resolve("config.json"), "{\"hidden\": 32}\n");
        Files.writeString(model.resolve("deploy.env"), "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
    }

    @Test
    void maliciousPickle_andASecret_failTheScan_withTheSecretRedacted() {
        Harness.Result r = h.run("scan", model.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("pickle/dangerous-import"), r.out());
        assertTrue(r.out().contains("os.system"), r.out());
        assertTrue(r.out().contains("secret/aws-access-key"), r.out());
        assertFalse(r.out().contains(AWS_KEY) || r.err().contains(AWS_KEY), "the secret itself must never be printed");
        assertTrue(r.firstErrLine().startsWith("airisk: error: "), r.err());
    }

    @Test
    void benignFiles_pass_andEveryFileIsListed() throws IOException {
        Path clean = Files.createDirectories(tmp.resolve("clean"));
        Files.writeString(clean.resolve("config.json"), "{\"hidden\": 32}\n");
        Files.write(clean.resolve("weights.raw"), new byte[] {1, 2, 3, 4, 5});
        Harness.Result r = h.run("scan", clean.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode report = Json.mapper().readTree(r.out());
        assertTrue(report.get("passed").asBoolean());
        assertEquals(2, report.get("files").size());
        for (JsonNode f : report.get("files")) {
            assertTrue(f.get("skipped").isNull() != f.get("analysers").isEmpty(), f.toString());
        }
    }

    @Test
    void sarif_isValidSarif210_forAnIndependentReader() throws Exception {
        Harness.Result r = h.run("scan", model.toString(), "--format", "sarif", "--fail-on", "critical");
        assertEquals(3, r.code(), r.err());
        Path sarif = Files.writeString(tmp.resolve("report.sarif"), r.out());
        String check = String.join("\n",
                "import json, sys",
                "d = json.load(open(sys.argv[1]))",
                "assert d['version'] == '2.1.0', d['version']",
                "run = d['runs'][0]",
                "assert run['tool']['driver']['name'] == 'airisk'",
                "ids = {rule['id'] for rule in run['tool']['driver']['rules']}",
                "assert run['results'], 'no results'",
                "for res in run['results']:",
                "    assert res['ruleId'] in ids, res['ruleId']",
                "    assert res['level'] in ('error', 'warning', 'note', 'none'), res['level']",
                "    assert res['message']['text']",
                "    loc = res['locations'][0]['physicalLocation']['artifactLocation']['uri']",
                "    assert loc, res",
                "print(len(run['results']))");
        Process p = new ProcessBuilder("python3", "-c", check, sarif.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(Integer.parseInt(out.strip()) >= 2, out);
        assertFalse(r.out().contains(AWS_KEY));
    }

    @Test
    void repeatedFindings_areSummarised_withTheirCountInJsonAndSarif() throws Exception {
        Path file = Files.write(tmp.resolve("many.pkl"), "cX\nY\n.".repeat(30).getBytes(StandardCharsets.US_ASCII));
        Harness.Result r = h.run("scan", file.toString(), "--format", "json", "--fail-on", "critical");
        assertEquals(0, r.code(), r.err());
        JsonNode findings = Json.mapper().readTree(r.out()).get("findings");
        assertEquals(21, findings.size(), r.out());
        long total = 0;
        for (JsonNode f : findings) {
            total += f.get("count").asLong();
        }
        assertEquals(30, total);
        assertEquals(10, findings.get(20).get("count").asLong(), findings.get(20).toString());
        assertTrue(findings.get(20).get("message").asText().startsWith("and 10 more pickle/unknown-import"), r.out());

        JsonNode results = Json.mapper().readTree(h.run("scan", file.toString(), "--format", "sarif", "--fail-on", "critical").out())
                .get("runs").get(0).get("results");
        assertEquals(10, results.get(20).get("properties").get("count").asLong(), results.get(20).toString());
        assertTrue(h.run("scan", file.toString(), "--fail-on", "critical").out().contains("21 findings (30 occurrences"));
    }

    @Test
    void failOn_belowTheWorstFinding_passes_andAnUnknownSeverityIsRefused() {
        Path onlySecret = model.resolve("deploy.env");
        assertEquals(3, h.run("scan", onlySecret.toString(), "--fail-on", "critical").code());
        Harness.Result bad = h.run("scan", model.toString(), "--fail-on", "severe");
        assertEquals(2, bad.code());
        assertEquals("airisk: error: severity 'severe' is not one of low, medium, high, critical (use one of low, medium, high, critical)",
                bad.firstErrLine());
    }
}
