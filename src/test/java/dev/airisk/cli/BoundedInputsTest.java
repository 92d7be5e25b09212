package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.release.Bytes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user file that is not a model (META.yaml, policies, checklist answers, public keys) is read
 * within its limit, from a file, a pipe or a FIFO, and refused with exit 2 before anything is written.
 */
class BoundedInputsTest {
    @TempDir Path tmp;
    Harness h;
    Path model;

    @BeforeEach
    void setUp() {
        h = Harness.initialised(tmp);
        model = h.model("model", "weights-v1");
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** A META.yaml of about {@code bytes} bytes: owner, tier and a long regions list. */
    private Path metaOfSize(String name, int bytes) throws IOException {
        StringBuilder s = new StringBuilder("owner: team@example.com\nrisk_tier: limited\nregions:\n");
        while (s.length() < bytes) {
            s.append("  - EU\n");
        }
        return file(name, s.toString());
    }

    private String[] register(Path meta) {
        return new String[] {"register", model.toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString()};
    }

    private Path fifo(String name) throws Exception {
        Path fifo = tmp.resolve(name);
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        return fifo;
    }

    /** Writes {@code bytes} to the FIFO once a reader opened it; a reader that stops early is fine. */
    private static CompletableFuture<Void> writeInBackground(Path fifo, byte[] bytes) {
        return CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(bytes);
            } catch (IOException e) {
                // the reader closed after its limit: a broken pipe
            }
        });
    }

    @Test
    void register_metaOfSixMegabytes_isRefusedAndNothingIsWritten() throws IOException {
        Path meta = metaOfSize("META.yaml", 6_400_000);
        h.refused(2, "airisk: error: " + meta + " is " + Bytes.human(Files.size(meta))
                + "; metadata may be at most 256 KiB (shorten it)", register(meta));
    }

    @Test
    void register_metaJustWithinTheLimit_butTooManyRegions_isRefused() throws IOException {
        Path meta = metaOfSize("META.yaml", 2_500);
        long regions = Files.readAllLines(meta).stream().filter(l -> l.startsWith("  - ")).count();
        h.refused(2, "airisk: error: the metadata of churn@1.0.0 lists " + regions
                + " regions; at most 300 are allowed (list each region once; there are fewer than 300 countries)", register(meta));
    }

    @Test
    void register_tooManyDatasetFlagsAndMetaDatasets_isRefused() throws IOException {
        StringBuilder s = new StringBuilder("owner: team@example.com\nrisk_tier: limited\ndatasets:\n");
        for (int i = 0; i < 1_001; i++) {
            s.append("  - {name: d").append(i).append(", version: '1', sha256: ").append("a".repeat(64)).append("}\n");
        }
        h.refused(2, "airisk: error: the metadata of churn@1.0.0 lists 1001 datasets; at most 1000 are allowed "
                + "(name the dataset collections rather than every shard)", register(file("META.yaml", s.toString())));
    }

    @Test
    void register_metaFromAFifoWithAWriter_isRead() throws Exception {
        Path fifo = fifo("meta.fifo");
        CompletableFuture<Void> writer = writeInBackground(fifo,
                "owner: team@example.com\nrisk_tier: limited\n".getBytes(StandardCharsets.UTF_8));
        h.ok(register(fifo));
        writer.get(10, TimeUnit.SECONDS);
        assertEquals("team@example.com", h.ok("show", "churn@1.0.0", "--format", "json").json().at("/metadata/owner").asText());
    }

    @Test
    void register_metaFromAFifoWithNoWriter_isRefusedWithinTheTimeout() throws Exception {
        Path fifo = fifo("meta.fifo");
        h.inputOpenTimeout = Duration.ofMillis(300);
        long start = System.nanoTime();
        h.refused(2, "airisk: error: " + fifo + " was not opened for writing within 300 ms: no program writes to it "
                + "(start the program that writes to it first, or give a regular file)", register(fifo));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "the command waited for a writer");
    }

    @Test
    void register_metaFromAPipeThatGoesOnPastTheLimit_isRefusedAtTheLimit() throws Exception {
        Path fifo = fifo("meta.fifo");
        byte[] endless = "  - EU\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Void> writer = writeInBackground(fifo, endless);
        h.refused(2, "airisk: error: " + fifo + " is larger than 256 KiB; metadata may be at most 256 KiB (shorten it)", register(fifo));
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void policySetAndValidate_overOneMebibyte_areRefused() throws IOException {
        Path policy = file("policy.yaml", "# " + "x".repeat(1 << 20) + "\n");
        String line = "airisk: error: " + policy + " is " + Bytes.human(Files.size(policy)) + "; a policy may be at most 1 MiB (shorten it)";
        h.refused(2, line, "policy", "set", policy.toString());
        h.refused(2, line, "policy", "validate", policy.toString());
    }

    @Test
    void checklistFile_overTheLimit_andLongEvidence_areRefused() throws IOException {
        h.ok("policy", "set", file("p.yaml", "checklist:\n  - id: risk-management\n    text: Art. 9\n").toString());
        h.register(model, "churn", "1.0.0");
        Path answers = file("answers.yaml", "risk-management: {answer: yes, evidence: '" + "e".repeat(300 * 1024) + "'}\n");
        h.refused(2, "airisk: error: " + answers + " is " + Bytes.human(Files.size(answers)) + "; a checklist answers file may be "
                + "at most 256 KiB (shorten the evidence; link to documents instead of pasting them)",
                "checklist", "churn@1.0.0", "--file", answers.toString());
        h.refused(2, "airisk: error: the evidence for checklist item 'risk-management' is 5000 characters long; checklist evidence "
                + "may be at most 4096 characters (give a document id or link instead of the text)",
                "checklist", "churn@1.0.0", "--answer", "risk-management=yes", "--evidence", "e".repeat(5000));
    }

    @Test
    void approvalComment_overTheLimit_isRefused() throws IOException {
        h.register(model, "churn", "1.0.0");
        h.refused(2, "airisk: error: the comment is 5000 characters long; an approval comment may be at most 4096 characters "
                + "(shorten it; link to a document for the details)",
                "approve", "churn@1.0.0", "--for", "staging", "--role", "approver", "--comment", "c".repeat(5000));
    }

    @Test
    void keysTrust_ofAFileOverSixteenKibibytes_isRefused() throws IOException {
        String pem = h.ok("keys", "export-public").out();
        Path big = file("big.pem", pem + "\n".repeat(17 * 1024));
        h.refused(2, "airisk: error: " + big + " is " + Bytes.human(Files.size(big)) + "; a public key file may be at most 16 KiB "
                + "(give one PEM public key, e.g. from 'airisk keys export-public')", "keys", "trust", big.toString(), "--role", "approver");
    }

    @Test
    void aDirectoryGivenAsMeta_isRefused() {
        h.refused(2, "airisk: error: " + tmp + " is a directory (give the path of a META.yaml file)", register(tmp));
    }

    @Test
    void theRegistryKeepsNoTraceOfRefusals_andAcceptsTheSameVersionAfterwards() throws IOException {
        h.refused(2, "airisk: error: the metadata of churn@1.0.0 lists 301 regions; at most 300 are allowed "
                        + "(list each region once; there are fewer than 300 countries)",
                register(file("META.yaml", "owner: t\nrisk_tier: limited\nregions: [" + "EU, ".repeat(300) + "EU]\n")));
        Map<String, String> before = h.state();
        h.ok(register(file("META2.yaml", "owner: t\nrisk_tier: limited\nregions: [" + "EU, ".repeat(299) + "EU]\n")));
        assertTrue(!before.equals(h.state()));
    }
}
