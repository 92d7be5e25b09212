package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterCommandTest {
    @TempDir Path tmp;
    Harness h;
    Path model;

    @BeforeEach
    void setUp() {
        h = Harness.initialised(tmp);
        model = h.model("model", "weights-v1");
    }

    @Test
    void register_folder_recordsEveryFileAndSignsTheManifest() {
        Harness.Result r = h.register(model, "churn", "1.4.0");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("churn@1.4.0", j.get("ref").asText());
        assertEquals(4, j.get("files").size());
        assertEquals("config.json", j.get("files").get(0).get("path").asText());
        assertEquals("tokenizer/vocab.txt", j.get("files").get(2).get("path").asText());
        assertFalse(j.get("already_registered").asBoolean());
        assertEquals(64, j.get("root_digest").asText().length());

        JsonNode show = h.ok("show", "churn@1.4.0", "--format", "json").json();
        assertEquals(j.get("root_digest").asText(), show.get("root_digest").asText());
        assertEquals("team@example.com", show.get("metadata").get("owner").asText());
        assertEquals("limited", show.get("metadata").get("risk_tier").asText());
    }

    @Test
    void register_sameContentAgain_isANoOp() {
        h.register(model, "churn", "1.4.0");
        Map<String, String> before = h.state();
        Harness.Result r = h.register(model, "churn", "1.4.0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.json().get("already_registered").asBoolean());
        assertEquals(before, h.state());
    }

    @Test
    void register_sameVersionWithOtherContent_isAConflictAndChangesNothing() throws IOException {
        h.register(model, "churn", "1.4.0");
        Files.writeString(model.resolve("weights.bin"), "weights-v2");
        Map<String, String> before = h.state();
        Harness.Result r = h.register(model, "churn", "1.4.0");
        assertEquals(6, r.code());
        assertTrue(r.firstErrLine().startsWith("airisk: error: churn@1.4.0 is already registered with other content (root "), r.err());
        assertTrue(r.firstErrLine().endsWith("(versions are immutable; register it as a new version)"), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void register_archivesAndFolder_giveTheSameRootDigest() throws IOException {
        String folder = h.register(model, "churn", "1.0.0").json().get("root_digest").asText();
        Path tgz = tmp.resolve("model.tar.gz");
        try (OutputStream o = Files.newOutputStream(tgz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(o))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String p : new String[] {"config.json", "weights.bin", "tokenizer/vocab.txt", "requirements.txt"}) {
                byte[] b = Files.readAllBytes(model.resolve(p));
                TarArchiveEntry e = new TarArchiveEntry("./" + p);
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        Path zip = tmp.resolve("model.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String p : new String[] {"weights.bin", "config.json", "tokenizer/vocab.txt", "requirements.txt"}) {
                z.putNextEntry(new ZipEntry(p));
                z.write(Files.readAllBytes(model.resolve(p)));
                z.closeEntry();
            }
        }
        assertEquals(folder, h.register(tgz, "churn", "1.0.1").json().get("root_digest").asText());
        assertEquals(folder, h.register(zip, "churn", "1.0.2").json().get("root_digest").asText());
    }

    @Test
    void register_withFlags_overridesMetaAndRecordsLineage() {
        String ds = "a".repeat(64);
        h.register(model, "base", "1.0.0");
        Harness.Result r = h.register(model, "churn", "2.0.0", "--dataset", "customers@2026-09=sha256:" + ds,
                "--base", "base@1.0.0", "--code-commit", "ABCDEF1234567", "--metric", "accuracy=0.93");
        assertEquals(0, r.code(), r.err());
        JsonNode m = h.ok("show", "churn@2.0.0", "--format", "json").json().get("metadata");
        assertEquals("customers", m.get("datasets").get(0).get("name").asText());
        assertEquals(ds, m.get("datasets").get(0).get("sha256").asText());
        assertEquals("base@1.0.0", m.get("base_models").get(0).asText());
        assertEquals("abcdef1234567", m.get("code_commit").asText());
        assertEquals(0.93, m.get("metrics").get("accuracy").asDouble());
    }

    // --- bad input: one clear line, nothing changed -------------------------------------------

    private void refused(int code, String firstLine, String... args) {
        Map<String, String> before = h.state();
        Harness.Result r = h.run(args);
        assertEquals(firstLine, r.firstErrLine());
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals(before, h.state(), "the registry or the store changed");
    }

    private String[] reg(Path path, String name, String version, String metaYaml) {
        Path meta = h.writeMeta(metaYaml);
        return new String[] {"register", path.toString(), "--model", name, "--version", version, "--meta", meta.toString()};
    }

    private static final String META = "owner: team@example.com\nrisk_tier: limited\n";

    @Test
    void register_missingPath_isRefused() {
        Path missing = tmp.resolve("nope");
        refused(2, "airisk: error: " + missing + " does not exist (give a model file, folder or .tar/.tar.gz/.tgz/.zip archive)",
                reg(missing, "churn", "1.0.0", META));
    }

    @Test
    void register_emptyFolder_isRefused() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Map<String, String> before = h.state();
        Harness.Result r = h.run(reg(empty, "churn", "1.0.0", META));
        assertEquals(before, h.state());
        assertEquals(2, r.code());
        assertTrue(r.firstErrLine().startsWith("airisk: error: " + empty), r.err());
        assertTrue(r.firstErrLine().contains("empty"), r.err());
    }

    @Test
    void register_symlinkEscapingTheModelFolder_isRefused() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "s3cr3t");
        Files.createSymbolicLink(model.resolve("link.txt"), secret);
        Map<String, String> before = h.state();
        Harness.Result r = h.run(reg(model, "churn", "1.0.0", META));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: error: "), r.err());
        assertTrue(r.firstErrLine().contains("link.txt"), r.err());
        assertTrue(r.firstErrLine().contains("outside"), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void register_archiveEntryWithDotDot_isRefused() throws IOException {
        Path tgz = tarGz("evil.tar.gz", "../escape.txt");
        Map<String, String> before = h.state();
        Harness.Result r = h.run(reg(tgz, "churn", "1.0.0", META));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("../escape.txt"), r.err());
        assertTrue(r.firstErrLine().contains(".."), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void register_archiveEntryWithAbsolutePath_isRefused() throws IOException {
        Path tgz = tarGz("abs.tar.gz", "/etc/passwd");
        Map<String, String> before = h.state();
        Harness.Result r = h.run(reg(tgz, "churn", "1.0.0", META));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("/etc/passwd"), r.err());
        assertTrue(r.firstErrLine().contains("absolute"), r.err());
        assertEquals(before, h.state());
    }

    private Path tarGz(String name, String entry) throws IOException {
        Path tgz = tmp.resolve(name);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tgz)))) {
            byte[] ok = "fine".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry good = new TarArchiveEntry("config.json");
            good.setSize(ok.length);
            tar.putArchiveEntry(good);
            tar.write(ok);
            tar.closeArchiveEntry();
            TarArchiveEntry e = new TarArchiveEntry(entry, true);
            e.setSize(ok.length);
            tar.putArchiveEntry(e);
            tar.write(ok);
            tar.closeArchiveEntry();
        }
        return tgz;
    }

    @Test
    void register_invalidSemver_isRefused() {
        refused(2, "airisk: error: version '1.4' is not a semantic version (use MAJOR.MINOR.PATCH, e.g. 1.4.0 or 1.4.0-rc.1)",
                reg(model, "churn", "1.4", META));
    }

    @Test
    void register_invalidModelName_isRefused() {
        refused(2, "airisk: error: model name 'Churn Model' is not valid (use 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit)",
                reg(model, "Churn Model", "1.4.0", META));
    }

    @Test
    void register_malformedMeta_namesFileAndLine() {
        Map<String, String> before = h.state();
        Harness.Result r = h.run(reg(model, "churn", "1.0.0", "owner: a\nrisk_tier: [unclosed\n"));
        assertEquals(before, h.state());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.firstErrLine().matches("airisk: error: META[0-9]*\\.yaml: line [23]: .*"), r.err());
    }

    @Test
    void register_unknownRiskTier_namesTheAllowedTiers() {
        Map<String, String> before = h.state();
        Harness.Result r = h.run(reg(model, "churn", "1.0.0", "owner: a\nrisk_tier: hihg\n"));
        assertEquals(before, h.state());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.firstErrLine().matches("airisk: error: META[0-9]*\\.yaml: line 2: risk_tier 'hihg' is not one of minimal, limited, high, unacceptable.*"), r.err());
    }

    @Test
    void register_withoutOwnerAndTier_listsEveryMissingField() {
        refused(2, "airisk: error: churn@1.0.0 is missing required metadata: owner, risk_tier (add owner and risk_tier to META.yaml and pass it with --meta)",
                "register", model.toString(), "--model", "churn", "--version", "1.0.0");
    }

    @Test
    void register_withWrongPassphrase_isRefused() {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.PASSPHRASE, "wrong");
        Map<String, String> before = h.state();
        Harness.Result r = h.run(env, reg(model, "churn", "1.0.0", META));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: error: wrong passphrase for key 'alice'"), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void register_withUnknownKey_isRefused() {
        Map<String, String> before = h.state();
        String[] args = reg(model, "churn", "1.0.0", META);
        String[] withKey = Stream.concat(Arrays.stream(args), Stream.of("--key", "bob")).toArray(String[]::new);
        Harness.Result r = h.run(withKey);
        assertEquals(5, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: error: key 'bob' is not in "), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void register_intoAPathThatIsNotARegistry_isRefused() throws IOException {
        Path notRegistry = Files.createDirectories(tmp.resolve("plain"));
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.REGISTRY, notRegistry.toString());
        Harness.Result r = h.run(env, reg(model, "churn", "1.0.0", META));
        assertEquals(5, r.code(), r.err());
        assertEquals("airisk: error: " + notRegistry + " is not an airisk registry (check the path given with --registry or AIRISK_REGISTRY)", r.firstErrLine());
        try (var s = Files.list(notRegistry)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void register_withoutPassphraseOrTerminal_saysWhatToSet() {
        Map<String, String> env = new HashMap<>(h.env);
        env.remove(Context.PASSPHRASE);
        refusedWith(env, 2, "airisk: error: no passphrase for key 'alice' and no terminal to ask on (set AIRISK_KEY_PASSPHRASE)",
                reg(model, "churn", "1.0.0", META));
    }

    @Test
    void register_withAnEmptyPassphraseAndNoTerminal_saysWhatWorks() {
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.PASSPHRASE, "");
        refusedWith(env, 2, "airisk: error: no passphrase for key 'alice': AIRISK_KEY_PASSPHRASE is empty and there is no terminal "
                + "to ask on (set AIRISK_KEY_PASSPHRASE to the passphrase of key 'alice')", reg(model, "churn", "1.0.0", META));
    }

    @Test
    void register_missingPathWithoutMeta_namesThePath() {
        Path missing = tmp.resolve("nope");
        refused(2, "airisk: error: " + missing + " does not exist (give a model file, folder or .tar/.tar.gz/.tgz/.zip archive)",
                "register", missing.toString(), "--model", "churn", "--version", "1.0.0");
    }

    private void refusedWith(Map<String, String> env, int code, String line, String... args) {
        Map<String, String> before = h.state();
        Harness.Result r = h.run(env, args);
        assertEquals(line, r.firstErrLine());
        assertEquals(code, r.code());
        assertEquals(before, h.state());
    }

    private String[] regWith(String... extra) {
        return Stream.concat(Arrays.stream(reg(model, "churn", "1.0.0", META)), Arrays.stream(extra))
                .toArray(String[]::new);
    }

    @Test
    void register_nonNumericMetric_isRefused() {
        refused(2, "airisk: error: metric accuracy has value 'high', which is not a number (e.g. --metric accuracy=0.93)",
                regWith("--metric", "accuracy=high"));
    }

    @Test
    void register_malformedDatasetFlag_isRefused() {
        refused(2, "airisk: error: dataset 'customers' is not NAME@VERSION=sha256:HEX (e.g. --dataset customers@2024-06=sha256:<64 hex>)",
                regWith("--dataset", "customers"));
    }

    @Test
    void register_malformedBaseFlag_isRefused() {
        refused(2, "airisk: error: 'foundation' is not a model reference (write it as NAME@VERSION, e.g. churn@1.4.0)",
                regWith("--base", "foundation"));
    }

    @Test
    void register_invalidCodeCommit_isRefused() {
        refused(2, "airisk: error: code commit 'main' is not a Git commit id (give 7 to 64 lower-case hex characters)",
                regWith("--code-commit", "main"));
    }
}
