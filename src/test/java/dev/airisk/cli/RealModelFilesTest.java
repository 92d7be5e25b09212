package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code airisk scan} on files written by PyTorch and NumPy themselves (src/test/resources/scan/real, made by
 * make_fixtures.py there; VERSIONS.txt says which versions): the containers are read as the loaders read them,
 * and a payload hidden in any of them is found.
 */
class RealModelFilesTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
    }

    static String real(String name) {
        try {
            return Path.of(RealModelFilesTest.class.getResource("/scan/real/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode scan(String name, String failOn, int expectedCode) throws IOException {
        Harness.Result r = h.run("scan", real(name), "--format", "json", "--fail-on", failOn);
        assertEquals(expectedCode, r.code(), name + ": " + r.out() + r.err());
        return Json.mapper().readTree(r.out());
    }

    static List<String> rules(JsonNode report) {
        List<String> rules = new ArrayList<>();
        report.get("findings").forEach(f -> rules.add(f.get("rule").asText()));
        return rules;
    }

    static boolean analysed(JsonNode report, String analyser) {
        for (JsonNode f : report.get("files")) {
            for (JsonNode a : f.get("analysers")) {
                if (a.asText().equals(analyser)) {
                    return true;
                }
            }
        }
        return false;
    }

    static void containerRead(String name, JsonNode report) {
        for (String rule : rules(report)) {
            assertFalse(rule.startsWith("zip/") || rule.startsWith("tar/") || rule.endsWith("/malformed"),
                    name + " was not read as its loader reads it: " + report);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch_state_dict.pt", "torch_dtypes.pt", "torch_adam.pt", "torch_legacy.pt",
            "torch_sparse_quantized.pt", "torch_module.pt"})
    void pytorchFiles_areReadThroughTheirContainer_andTheirPickleIsAnalysed(String name) throws IOException {
        // Whether every callable PyTorch uses is on the safe list is the pickle analyser's business;
        // here: the container is read, the pickle reached, and nothing dangerous is claimed.
        JsonNode report = scan(name, "critical", 0);
        containerRead(name, report);
        assertTrue(analysed(report, "pickle"), name + ": no pickle analysed: " + report);
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch_state_dict.pt", "torch_dtypes.pt", "torch_adam.pt", "torch_legacy.pt",
            "torch_sparse_quantized.pt"})
    void filesThatTorchsWeightsOnlyLoaderAccepts_scanClean_atMedium(String name) throws IOException {
        JsonNode report = scan(name, "medium", 0);
        assertEquals(List.of(), rules(report), name + ": " + report);
    }

    @Test
    void aWholeModule_isReportedAsUnknownImportsNamingItsClasses() throws IOException {
        JsonNode report = scan("torch_module.pt", "medium", 3);
        assertEquals(List.of("pickle/unknown-import"), rules(report).stream().distinct().toList(), report.toString());
        assertTrue(report.toString().contains("torch.nn.modules.linear.Linear"), report.toString());
    }

    @Test
    void pytorchZip_dataPkl_isReadThroughTheCentralDirectory() throws IOException {
        JsonNode report = scan("torch_state_dict.pt", "critical", 0);
        boolean dataPkl = false;
        for (JsonNode f : report.get("files")) {
            dataPkl |= f.get("path").asText().endsWith("!archive/data.pkl") && f.get("analysers").toString().contains("pickle");
        }
        assertTrue(dataPkl, report.toString());
        assertTrue(analysed(report, "zip"), report.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"np_numeric.npy", "np_savez.npz", "np_savez_compressed.npz"})
    void numpyFiles_pass_atMedium(String name) throws IOException {
        JsonNode report = scan(name, "medium", 0);
        assertEquals(List.of(), rules(report));
        assertTrue(analysed(report, "npy"), report.toString());
    }

    @Test
    void numpyObjectArray_isHigh_evenWithHarmlessObjects() throws IOException {
        JsonNode report = scan("np_object.npy", "high", 3);
        assertTrue(rules(report).contains("numpy/object-array"), report.toString());
        assertFalse(rules(report).contains("pickle/dangerous-import"), report.toString());
        assertTrue(analysed(report, "pickle"), report.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "evil_state_dict.pt, posix.system",
        "evil_adam.pt, builtins.exec",
        "evil_legacy.pt, subprocess.Popen",
        "evil_sparse_quantized.pt, subprocess.Popen",
        "evil_module.pt, posix.system",
        "evil_npz.npz, posix.system",
        "evil_joblib_bz2.bin, posix.system",
        "evil_joblib_xz.bin, posix.system",
        "evil_joblib_lzma.bin, posix.system",
        "evil_compressed_members.zip, builtins.exec",
        "evil_compressed_members.zip, subprocess.Popen",
        "evil_nested.zip, builtins.exec",
        "evil_proto0.data, posix.system",
        "evil_proto1.data, subprocess.Popen",
        "evil_proto2.data, posix.system",
        "evil_proto3.data, subprocess.Popen",
        "evil_proto4.data, posix.system",
        "evil_proto5.data, subprocess.Popen",
        "trick_proto1_header.data, posix.system",
        "trick_binary_no_proto.data, posix.system",
        "trick_text_none.data, posix.system",
        "trick_text_unicode.data, posix.system",
        "trick_text_persid.data, posix.system",
        "trick_text_mark_string.data, posix.system",
        "trick_legacy_tar.pt, builtins.exec",
        "trick_npy_structured_object.npy, subprocess.Popen",
        "trick_name_mismatch.pt, posix.system",
    })
    void maliciousFiles_failTheScan_namingTheDangerousImport(String name, String callable) throws IOException {
        JsonNode report = scan(name, "high", 3);
        // Below protocol 3 Python writes the Python 2 names (__builtin__.exec, commands.Popen) that the loader maps back.
        String py2 = callable.replace("builtins.", "__builtin__.").replace("subprocess.Popen", "commands.Popen");
        boolean named = false;
        for (JsonNode f : report.get("findings")) {
            String rule = f.get("rule").asText();
            String message = f.get("message").asText();
            named |= (rule.startsWith("pickle/") || rule.startsWith("numpy/"))
                    && (message.contains(callable) || message.contains(py2));
        }
        assertTrue(named, name + " should name " + callable + ": " + report);
        containerReadExceptTricks(name, report);
    }

    static void containerReadExceptTricks(String name, JsonNode report) {
        if (!name.startsWith("trick_name") && !name.startsWith("trick_hidden")) {
            containerRead(name, report);
        }
    }

    @Test
    void localHeaderName_differingFromTheCentralDirectory_isHigh() throws IOException {
        JsonNode report = scan("trick_name_mismatch.pt", "high", 3);
        JsonNode f = finding(report, "zip/name-mismatch");
        assertEquals("high", f.get("severity").asText());
        assertTrue(f.get("message").asText().contains("'archive/data.txt'"), f.toString());
        assertTrue(f.get("path").asText().endsWith("!archive/data.pkl"), f.toString());
    }

    @Test
    void entryReachableOnlyThroughTheCentralDirectory_isHigh_inAModelFolder() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("model"));
        Files.copy(Path.of(real("trick_hidden_entry.zip")), folder.resolve("weights.bin"));
        Harness.Result r = h.run("scan", folder.toString(), "--format", "json");
        assertEquals(3, r.code(), r.out() + r.err());
        JsonNode report = Json.mapper().readTree(r.out());
        JsonNode f = finding(report, "zip/hidden-entry");
        assertEquals("high", f.get("severity").asText());
        assertEquals("weights.bin!data.pkl", f.get("path").asText());
        assertTrue(rules(report).contains("pickle/dangerous-import"), report.toString());
    }

    @Test
    void entryReachableOnlyThroughTheCentralDirectory_asAnArchiveSource_isRefused() {
        // scan and register read a .zip path as an archive of model files, validated as register validates it
        Harness.Result r = h.run("scan", real("trick_hidden_entry.zip"));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: error: ") && r.firstErrLine().contains("'data.pkl' is reachable only "
                + "through the central directory"), r.err());
    }

    static JsonNode finding(JsonNode report, String rule) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("rule").asText().equals(rule)) {
                return f;
            }
        }
        throw new AssertionError("no " + rule + " in " + report);
    }
}
