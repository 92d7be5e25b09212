package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyPullExportTest {
    @TempDir Path tmp;
    Harness h;
    Path model;
    JsonNode registered;

    @BeforeEach
    void setUp() {
        h = Harness.initialised(tmp);
        model = h.model("model", "weights-v1");
        registered = h.register(model, "churn", "1.4.0").json();
    }

    private Path blobOf(String path) {
        for (JsonNode f : registered.get("files")) {
            if (f.get("path").asText().equals(path)) {
                String hex = f.get("sha256").asText();
                return h.store.resolve("sha256/" + hex.substring(0, 2) + "/" + hex.substring(2));
            }
        }
        throw new AssertionError(path);
    }

    private static void tamper(Path blob, String text) throws IOException {
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob, text);
    }

    @Test
    void verify_intactVersion_isOk() {
        Harness.Result r = h.ok("verify", "churn@1.4.0", "--format", "json");
        JsonNode j = r.json();
        assertTrue(j.get("ok").asBoolean());
        assertEquals("ok", j.get("versions").get(0).get("files").get(0).get("status").asText());
        assertTrue(h.ok("verify", "churn@1.4.0").out().startsWith("churn@1.4.0: OK (4 files, root sha256:"));
    }

    @Test
    void verify_corruptAndMissingBlobs_areNamedAndExit4() throws IOException {
        tamper(blobOf("weights.bin"), "weights-XX");
        Files.delete(blobOf("config.json"));
        Harness.Result r = h.run("verify", "churn@1.4.0");
        assertEquals(4, r.code());
        assertTrue(r.out().contains("  corrupt: weights.bin"), r.out());
        assertTrue(r.out().contains("  missing: config.json"), r.out());
        assertEquals("airisk: error: churn@1.4.0 failed verification (the store or the registry was changed; do not use these versions)",
                r.firstErrLine());
    }

    @Test
    void verify_all_reportsEveryVersion() throws IOException {
        h.register(h.model("model2", "weights-v2"), "churn", "1.5.0");
        h.register(model, "fraud", "0.1.0");
        JsonNode j = h.ok("verify", "--all", "--format", "json").json();
        assertEquals(3, j.get("versions").size());
        tamper(blobOf("tokenizer/vocab.txt"), "x");
        Harness.Result r = h.run("verify", "--all");
        assertEquals(4, r.code());
        assertTrue(r.out().contains("3 versions verified, 3 with problems"), r.out());
    }

    @Test
    void verify_withoutArguments_isAUsageError() {
        Harness.Result r = h.run("verify");
        assertEquals(2, r.code());
        assertEquals("airisk: error: give either NAME@VERSION or --all (e.g. 'airisk verify churn@1.4.0' or 'airisk verify --all')", r.firstErrLine());
    }

    @Test
    void verify_unknownVersion_isNotFound() {
        Harness.Result r = h.run("verify", "churn@9.9.9");
        assertEquals(5, r.code());
        assertEquals("airisk: error: churn@9.9.9 is not registered (run 'airisk list churn' to see its versions)", r.firstErrLine());
    }

    @Test
    void pull_writesTheVerifiedFiles() throws IOException {
        Path out = tmp.resolve("out");
        h.ok("pull", "churn@1.4.0", "--to", out.toString());
        for (String p : List.of("config.json", "weights.bin", "tokenizer/vocab.txt", "requirements.txt")) {
            assertArrayEquals(Files.readAllBytes(model.resolve(p)), Files.readAllBytes(out.resolve(p)), p);
        }
    }

    @Test
    void pull_corruptBlob_exit4AndNothingWritten() throws IOException {
        tamper(blobOf("weights.bin"), "weights-XX");
        Path out = tmp.resolve("out");
        Harness.Result r = h.run("pull", "churn@1.4.0", "--to", out.toString());
        assertEquals(4, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: error: ") && r.firstErrLine().contains("weights.bin"), r.err());
        assertFalse(Files.exists(out), "a failed pull left " + out);
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith(".out.")), "a staging folder was left");
        }
    }

    @Test
    void pull_intoNonEmptyFolder_isRefused() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        Harness.Result r = h.run("pull", "churn@1.4.0", "--to", out.toString());
        assertEquals(6, r.code());
        assertEquals("airisk: error: " + out + " is not empty (give a new or empty folder with --to)", r.firstErrLine());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void export_isDeterministic_andReadableByTar() throws Exception {
        Path a = tmp.resolve("a.tar.gz");
        Path b = tmp.resolve("b.tar.gz");
        h.ok("export", "churn@1.4.0", "--to", a.toString());
        Thread.sleep(1100);
        h.ok("export", "churn@1.4.0", "--to", b.toString());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        Process tar = new ProcessBuilder("tar", "-tzf", a.toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes());
        assertEquals(0, tar.waitFor(), listing);
        assertEquals(List.of("config.json", "requirements.txt", "tokenizer/vocab.txt", "weights.bin"),
                listing.lines().filter(l -> !l.endsWith("/")).toList());
    }

    @Test
    void export_corruptBlob_exit4AndNoArchive() throws IOException {
        tamper(blobOf("weights.bin"), "weights-XX");
        Path a = tmp.resolve("a.tar.gz");
        Harness.Result r = h.run("export", "churn@1.4.0", "--to", a.toString());
        assertEquals(4, r.code(), r.err());
        assertFalse(Files.exists(a));
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("partial")));
        }
    }

    @Test
    void tamperedSignature_failsVerifyAndPull() throws Exception {
        // Rewrite model.sig in the registry with git plumbing, as someone with write access could.
        String sigPath = "models/churn/versions/1.4.0/model.sig";
        String sig = git("show", "main:" + sigPath);
        String forged = sig.replaceFirst("\"sig\"\\s*:\\s*\"[A-Za-z0-9+/]", "\"sig\":\"A");
        assertFalse(sig.equals(forged));
        Path forgedFile = Files.writeString(tmp.resolve("forged.sig"), forged);
        String blob = git("hash-object", "-w", forgedFile.toString()).strip();
        Path index = tmp.resolve("index");
        gitEnv(index, "read-tree", "main");
        gitEnv(index, "update-index", "--cacheinfo", "100644," + blob + "," + sigPath);
        String tree = gitEnv(index, "write-tree").strip();
        String commit = git("commit-tree", tree, "-p", "main", "-m", "forge").strip();
        git("update-ref", "refs/heads/main", commit);

        Harness.Result r = h.run("verify", "churn@1.4.0");
        assertEquals(4, r.code(), r.out() + r.err());
        assertTrue(r.firstErrLine().contains("('forge') has no Airisk-Op or Airisk-Actor trailer"), r.err());
        Harness.Result p = h.run("pull", "churn@1.4.0", "--to", tmp.resolve("out").toString());
        assertEquals(4, p.code(), p.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    private String git(String... args) throws Exception {
        return gitEnv(null, args);
    }

    private String gitEnv(Path index, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir=" + h.registry));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("GIT_AUTHOR_NAME", "x");
        pb.environment().put("GIT_AUTHOR_EMAIL", "x@example.com");
        pb.environment().put("GIT_COMMITTER_NAME", "x");
        pb.environment().put("GIT_COMMITTER_EMAIL", "x@example.com");
        if (index != null) {
            pb.environment().put("GIT_INDEX_FILE", index.toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(0, p.waitFor(), err);
        return out;
    }

    private void refused(int code, String firstLine, String... args) {
        Map<String, String> before = h.state();
        Harness.Result r = h.run(args);
        assertEquals(firstLine, r.firstErrLine());
        assertEquals(code, r.code(), r.err());
        assertEquals(before, h.state(), "the registry or the store changed");
    }

    @Test
    void export_toANameThatIsNotATarGz_isRefused() {
        Path zip = tmp.resolve("model.zip");
        refused(2, "airisk: error: '" + zip + "' does not end in .tar.gz or .tgz (export writes a gzip-compressed tar; name it e.g. churn-1.4.0.tar.gz)",
                "export", "churn@1.4.0", "--to", zip.toString());
        assertFalse(Files.exists(zip));
    }

    @Test
    void export_ontoAnExistingFile_isRefusedAndLeavesItAlone() throws IOException {
        Path a = Files.writeString(tmp.resolve("a.tar.gz"), "mine");
        refused(6, "airisk: error: " + a + " already exists (remove it or choose another file name)",
                "export", "churn@1.4.0", "--to", a.toString());
        assertEquals("mine", Files.readString(a));
    }

    @Test
    void pull_toAFile_isRefused() throws IOException {
        Path f = Files.writeString(tmp.resolve("file.txt"), "mine");
        refused(2, "airisk: error: " + f + " is not a folder (give a new or empty folder with --to)",
                "pull", "churn@1.4.0", "--to", f.toString());
        assertEquals("mine", Files.readString(f));
    }

    @Test
    void lineage_malformedDataset_isRefused() {
        refused(2, "airisk: error: dataset 'customers' is not NAME@VERSION (e.g. --dataset customers@2024-06)",
                "lineage", "--dataset", "customers");
    }
}
