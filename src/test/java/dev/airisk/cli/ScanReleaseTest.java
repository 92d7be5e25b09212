package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanning in the release flow: register warns or refuses, the scan gate denies promotion. */
class ScanReleaseTest {
    @TempDir
    Path tmp;
    Harness h;
    Path meta;
    Path evil;

    @BeforeEach
    void setUp() throws IOException {
        h = Harness.initialised(tmp);
        meta = h.writeMeta("""
                owner: team@example.com
                risk_tier: limited
                datasets:
                  - {name: customers, version: 2026-09, sha256: 9f2b5c0e7d4a1f38c6b2e9d07a5f4c3b1e8d2a6f0c9b7e5d3a1f4c2b8e6d0a97}
                code_commit: 3f2c9d41
                """);
        evil = h.model("evil", "weights");
        Files.write(evil.resolve("model.pkl"), "cos\nsystem\n(S'echo pwned'\ntR.".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void register_warnsOnACriticalFinding_andTheScanGateDeniesPromotion() {
        Harness.Result r = h.run("register", evil.toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: warning: scan: critical pickle/dangerous-import in model.pkl: imports os.system"),
                r.err());
        Map<String, String> before = h.state();
        Harness.Result p = h.run("promote", "churn@1.0.0", "--to", "dev");
        assertEquals(3, p.code(), p.err());
        assertTrue(p.err().contains("may not enter dev: denied by scan"), p.err());
        assertTrue(p.out().contains("pickle/dangerous-import in model.pkl"), p.out());
        assertEquals(before, h.state());
    }

    @Test
    void register_withScanEnforce_refusesACriticalFinding_andStoresNothing() {
        Map<String, String> before = h.state();
        Harness.Result r = h.run("register", evil.toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString(),
                "--scan-enforce");
        assertEquals(3, r.code());
        assertEquals("airisk: error: churn@1.0.0 was not registered: 1 critical scan finding, the first in model.pkl: imports os.system",
                r.firstErrLine().substring(0, Math.min(r.firstErrLine().length(), 113)));
        assertEquals(before, h.state());
    }

    @Test
    void policyThatEnforcesAtRegister_refusesWithoutTheFlag() throws IOException {
        h.ok("policy", "set", Files.writeString(tmp.resolve("p.yaml"), "scan:\n  register: enforce\n").toString());
        Map<String, String> before = h.state();
        Harness.Result r = h.run("register", evil.toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());
        assertEquals(3, r.code());
        assertTrue(r.firstErrLine().startsWith("airisk: error: churn@1.0.0 was not registered: 1 critical scan finding"), r.err());
        assertEquals(before, h.state());
    }

    @Test
    void aPolicyThatLowersTheThreshold_andACleanModel_passes() throws IOException {
        Path clean = h.model("clean", "weights");
        h.ok("register", clean.toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());
        h.ok("policy", "set", Files.writeString(tmp.resolve("p.yaml"), "scan:\n  fail_on: low\n").toString());
        h.ok("promote", "churn@1.0.0", "--to", "dev");
    }
}
