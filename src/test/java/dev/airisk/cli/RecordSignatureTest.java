package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.archive.CommonsContainerReader;
import dev.airisk.adapters.archive.FileModelSources;
import dev.airisk.adapters.archive.TarGzArchiveWriter;
import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.adapters.crypto.SigstoreAttestations;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.adapters.store.LocalStoreProvider;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Attestations.Statement;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.Services;
import dev.airisk.core.release.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * record.sig: the signed record of a version. Tampering is done the way someone with push access
 * would do it (a plain git commit, {@link GitTamper}); the checks are then run through the core
 * use-cases (verify, pull, check) on the tampered registry, so that they are tested on their own,
 * whatever other checks the command line runs first. One test goes through the command line.
 */
class RecordSignatureTest {
    static final ModelRef CHURN = ModelRef.parse("churn@1.4.0");
    static final String RECORD = "models/churn/versions/1.4.0/record.yaml";
    static final String SIG = "models/churn/versions/1.4.0/record.sig";
    static final String OTHER_RECORD = "models/churn/versions/1.5.0/record.yaml";
    static final String OTHER_SIG = "models/churn/versions/1.5.0/record.sig";
    static final String FRAUD_RECORD = "models/fraud/versions/1.4.0/record.yaml";
    static final String FRAUD_SIG = "models/fraud/versions/1.4.0/record.sig";
    static final String RESTORE = "restore record.yaml and record.sig of churn@1.4.0 from a good copy of the registry,"
            + " and do not use it until 'airisk verify churn@1.4.0' passes";

    @TempDir Path tmp;
    Harness h;
    Path model;

    @BeforeEach
    void setUp() {
        h = Harness.initialised(tmp);
        model = h.model("model", "weights-v1");
        assertEquals(0, h.register(model, "churn", "1.4.0").code());
        assertEquals(0, h.register(h.model("model2", "weights-v2"), "churn", "1.5.0").code());
        // The same files under another model: same root digest, so model.sig alone cannot tell them apart.
        assertEquals(0, h.register(model, "fraud", "1.4.0").code());
    }

    /** Runs {@code use} on the core use-cases over the registry as it is now, read-only. */
    private <T> T core(Function<Services, T> use) {
        return core(null, use);
    }

    /** Runs {@code use} on the core use-cases over the registry as it is now, acting as {@code signer} (null: read-only). */
    private <T> T core(Signer signer, Function<Services, T> use) {
        try (Registry registry = new GitRegistryProvider().open(h.registry.toString(), signer)) {
            return use.apply(new Services(registry, new YamlRegistryCodec(), new LocalStoreProvider(), new FileModelSources(), new CommonsContainerReader(),
                    new SigstoreAttestations(), new TarGzArchiveWriter(), signer, Clock.systemUTC(), 1));
        }
    }

    private GitTamper tamper() {
        return new GitTamper(h.registry, tmp.resolve("work"));
    }

    /** A commit that puts {@code record} and {@code sig} (another version's) over churn@1.4.0's. */
    private GitTamper copiedOverChurn(String record, String sig) {
        GitTamper t = tamper();
        t.copy(record, RECORD);
        t.copy(sig, SIG);
        t.commitAndPush("use the record of " + record);
        return t;
    }

    /** verify reports {@code problem} for record.sig; pull and check refuse with it (exit 4) and pull writes nothing. */
    private void refusedBecause(String problem, String fix) {
        VerifyReport report = core(s -> s.integrity().verify(CHURN));
        assertFalse(report.ok());
        assertEquals(problem, report.recordSignature().problem());
        assertEquals(fix, report.recordSignature().fix());
        refusedEverywhere("churn@1.4.0: " + problem, fix, false);
    }

    /** verify (unless the record was already reported), pull and check throw IntegrityFailure(message, fix); pull writes nothing. */
    private void refusedEverywhere(String message, String fix, boolean verifyThrows) {
        Path out = tmp.resolve("out");
        List<Function<Services, Object>> uses = new ArrayList<>(List.of(
                s -> s.retrieval().pull(CHURN, out),
                s -> s.retrieval().export(CHURN, tmp.resolve("churn.tar.gz")),
                s -> s.releases().check(CHURN, "staging", false)));
        if (verifyThrows) {
            uses.add(s -> s.integrity().verify(CHURN));
        }
        for (Function<Services, Object> use : uses) {
            IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> core(use));
            assertEquals(message, e.getMessage());
            assertEquals(fix, e.fix());
        }
        assertFalse(Files.exists(out), "pull wrote files");
        assertFalse(Files.exists(tmp.resolve("churn.tar.gz")), "export wrote an archive");
    }

    /** The record.yaml in churn@1.4.0's folder names {@code other}: refused wherever it is read, verify included. */
    private void refusedAsTheRecordOf(String other) {
        refusedEverywhere("churn@1.4.0: record.yaml is the record of " + other + ", not of the version of its folder",
                "it was copied from another version or model; restore it from a good copy of the registry, and do not use"
                        + " churn@1.4.0 until 'airisk verify churn@1.4.0' passes", true);
    }

    private static String shortSha(String text) {
        return Sha256.digest(text.getBytes(StandardCharsets.UTF_8)).shortHex();
    }

    @Test
    void register_writesRecordSig_thatVerifiesForEveryVersion() throws IOException {
        String alice = AuditTest.keyId(h, "alice");
        GitTamper t = tamper();
        assertEquals(List.of("model.sig", "record.sig", "record.yaml"), t.list("models/churn/versions/1.4.0"));
        for (VerifyReport r : core(s -> s.integrity().verifyAll())) {
            assertTrue(r.ok(), r.toString());
            assertEquals(new VerifyReport.RecordCheck(alice, null, null), r.recordSignature());
        }
        JsonNode j = h.ok("verify", "churn@1.4.0", "--format", "json").json().get("versions").get(0);
        assertEquals(alice, j.get("record_signature").get("key_id").asText());
        assertTrue(j.get("record_signature").get("problem").isNull());
        // The envelope's statement names the record by its registry path and the SHA-256 of its bytes.
        JsonNode envelope = Json.mapper().readTree(t.read(SIG));
        JsonNode statement = Json.mapper().readTree(Base64.getDecoder().decode(envelope.get("payload").asText()));
        assertEquals("https://airisk.dev/record/v1", statement.get("predicateType").asText());
        assertEquals(RECORD, statement.get("subject").get(0).get("name").asText());
        assertEquals(Sha256.digest(Files.readAllBytes(tmp.resolve("work").resolve(RECORD))).hex(),
                statement.get("subject").get(0).get("digest").get("sha256").asText());
        assertEquals("churn", statement.get("predicate").get("model").asText());
        assertEquals("1.4.0", statement.get("predicate").get("version").asText());
        assertEquals(core(s -> s.view().requireRecord(CHURN)).rootDigest().hex(), statement.get("predicate").get("root_digest").asText());
        assertEquals(alice, envelope.get("signatures").get(0).get("keyid").asText());
    }

    @Test
    void editedRecord_lowerTier_failsVerifyPullExportAndCheck() {
        GitTamper t = tamper();
        String original = t.read(RECORD);
        String edited = original.replace("risk_tier: limited", "risk_tier: minimal");
        assertFalse(edited.equals(original));
        t.write(RECORD, edited);
        t.commitAndPush("lower the tier");
        String problem = "record.yaml does not match its signature (it was changed after signing: it hashes to sha256:"
                + shortSha(edited) + ", record.sig covers sha256:" + shortSha(original) + ")";
        refusedBecause(problem, RESTORE);

        // promote refuses it before any gate, and commits nothing.
        Signer alice = new FileKeyring(h.home).unlock("alice", Harness.PASS.toCharArray());
        Map<String, String> before = h.state();
        IntegrityFailure e = assertThrows(IntegrityFailure.class,
                () -> core(alice, s -> s.releases().promote(CHURN, "dev", false, null)));
        assertEquals("churn@1.4.0: " + problem, e.getMessage());
        assertEquals(before, h.state(), "promote wrote to the registry");
    }

    @Test
    void recordAndSigCopiedFromAnotherVersion_areRefused() {
        copiedOverChurn(OTHER_RECORD, OTHER_SIG);
        refusedAsTheRecordOf("churn@1.5.0");
    }

    @Test
    void recordAndSigCopiedFromAnotherVersion_withTheVersionEditedToMatch_areRefused() {
        GitTamper t = tamper();
        t.write(RECORD, t.read(OTHER_RECORD).replace("version: 1.5.0", "version: 1.4.0"));
        t.copy(OTHER_SIG, SIG);
        t.commitAndPush("use 1.5.0's record");
        refusedBecause("record.yaml does not match its signature (record.sig covers " + OTHER_RECORD + ")", RESTORE);
    }

    @Test
    void recordAndSigCopiedFromAnotherModel_areRefused() {
        GitTamper t = copiedOverChurn(FRAUD_RECORD, FRAUD_SIG);
        refusedAsTheRecordOf("fraud@1.4.0");

        // With the model name edited to match: model.sig still holds (same files), record.sig does not.
        t.write(RECORD, t.read(FRAUD_RECORD).replace("model: fraud", "model: churn"));
        t.commitAndPush("use fraud's record, renamed");
        assertNull(core(s -> s.integrity().verify(CHURN)).signature().problem());
        refusedBecause("record.yaml does not match its signature (record.sig covers " + FRAUD_RECORD + ")", RESTORE);
    }

    @Test
    void onlyTheSignatureCopiedFromAnotherVersion_isRefused() {
        GitTamper t = tamper();
        t.copy(OTHER_SIG, SIG);
        t.commitAndPush("swap the signature");
        refusedBecause("record.yaml does not match its signature (record.sig covers " + OTHER_RECORD + ")", RESTORE);
    }

    @Test
    void versionWithoutRecordSig_asRegisteredBeforeRecordsWereSigned_failsWithTheFix() throws IOException {
        GitTamper t = tamper();
        Files.delete(tmp.resolve("work").resolve(SIG));
        t.commitAndPush("a version registered before record.sig");
        refusedBecause("record.yaml is not signed: there is no record.sig",
                "it was registered before records were signed, or record.sig was deleted; do not use it, and re-register"
                        + " its files as a new version");
        List<VerifyReport> all = core(s -> s.integrity().verifyAll());
        assertEquals(List.of(false, true, true), all.stream().map(VerifyReport::ok).toList());
    }

    @Test
    void recordSigByAnUntrustedKey_overTheExactRecord_isRefused() throws IOException {
        h.ok("keys", "generate", "--name", "mallory");
        Signer mallory = new FileKeyring(h.home).unlock("mallory", Harness.PASS.toCharArray());
        GitTamper t = tamper();
        String record = t.read(RECORD).replace("risk_tier: limited", "risk_tier: minimal");
        Statement statement = new Statement("https://airisk.dev/record/v1", RECORD,
                Sha256.digest(record.getBytes(StandardCharsets.UTF_8)), Map.of("model", "churn", "version", "1.4.0",
                "root_digest", core(s -> s.view().requireRecord(CHURN)).rootDigest().hex()));
        t.write(RECORD, record);
        t.write(SIG, new String(new SigstoreAttestations().signStatement(statement, mallory), StandardCharsets.UTF_8));
        t.commitAndPush("re-sign the record");
        refusedBecause("record.sig is signed by key " + mallory.keyId().substring(0, 12) + "… which is not trusted", RESTORE);
    }

    @Test
    void cli_editedRecord_exit4_andPullWritesNothing() {
        GitTamper t = tamper();
        t.write(RECORD, t.read(RECORD).replace("risk_tier: limited", "risk_tier: minimal"));
        t.commitAndPush("lower the tier");
        // Exit 4 whichever check refuses first (this one, or a check of the registry's signed history).
        for (String[] args : List.of(new String[] {"verify", "churn@1.4.0"}, new String[] {"verify", "--all"},
                new String[] {"check", "churn@1.4.0", "--to", "staging"},
                new String[] {"pull", "churn@1.4.0", "--to", tmp.resolve("out").toString()})) {
            Harness.Result r = h.run(args);
            assertEquals(4, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
            assertTrue(r.firstErrLine().startsWith("airisk: error: "), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}
