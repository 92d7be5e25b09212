package dev.airisk.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.scan.Scanner;
import org.junit.jupiter.api.Test;

class ScanGateTest {
    static final String OS_SYSTEM = "cos\nsystem\n(S'echo pwned'\ntR.";

    @Test
    void scan_benignFiles_pass() {
        GateResult r = new TestInput().file("config.json", "{\"hidden\": 32}\n").run(new ScanGate());
        assertEquals(GateResult.Result.PASS, r.result(), r.message());
        assertTrue(r.message().startsWith("2 files scanned (" + Scanner.VERSION + "), nothing at or above high"), r.message());
    }

    @Test
    void scan_aPickleCallingOsSystem_fails() {
        GateResult r = new TestInput().file("model.pkl", OS_SYSTEM).run(new ScanGate());
        assertEquals(GateResult.Result.FAIL, r.result(), r.message());
        assertTrue(r.message().startsWith("1 finding at or above high, the worst critical pickle/dangerous-import in model.pkl: "
                + "imports os.system"), r.message());
        assertTrue(r.fix().startsWith("see them all with 'airisk pull churn@1.4.0 --to DIR' and 'airisk scan DIR'"), r.fix());
    }

    @Test
    void scan_runsInTheGateRunner_andIsSkippedWithoutTheStore() {
        TestInput t = new TestInput().file("model.pkl", OS_SYSTEM);
        assertTrue(Gates.run(t.build(), true).failures().stream().anyMatch(f -> f.gate().equals("scan")));
        assertTrue(Gates.run(t.build(), false).results().stream().noneMatch(f -> f.gate().equals("scan")));
    }
}
