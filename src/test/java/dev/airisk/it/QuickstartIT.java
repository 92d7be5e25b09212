package dev.airisk.it;

import static dev.airisk.it.ExecutableIT.AIRISK;
import static dev.airisk.it.ExecutableIT.BASE;
import static dev.airisk.it.ExecutableIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.it.ExecutableIT.Run;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples' quickstart and incident runbook, end to end through the packaged {@code target/airisk}. */
class QuickstartIT {
    @TempDir Path tmp;

    /** The quickstart runs end to end; the incident runbook then runs against the registry it kept. */
    @Test
    void quickstart_runsEndToEnd_andTheIncidentRollbackRunsAgainstTheRegistryItKept() throws Exception {
        Path dir = tmp.resolve("demo");
        // The shared class-data archive, and no background training run outliving the test (ExecutableIT's
        // first-run test covers the training).
        Map<String, String> env = new HashMap<>(Map.of("AIRISK", AIRISK.toAbsolutePath().toString(), "TMPDIR", tmp.toString(),
                "HOME", tmp.toString()));
        env.putAll(SharedClassData.environment());
        Run quickstart = run(env, "sh", BASE.resolve("samples/quickstart.sh").toString(), dir.toString());
        assertEquals(0, quickstart.code(), quickstart.out());
        String out = quickstart.out();
        assertTrue(out.contains("Registered churn@1.4.0: 4 files"), out);
        assertTrue(out.contains("churn@1.4.0 is already registered with the same content; nothing changed"), out);
        assertTrue(out.contains("churn@1.4.0: OK (4 files"), out);
        assertTrue(out.contains("exit code: 4"), out);
        assertTrue(out.contains("Promoted churn@1.5.0 to prod (was 1.4.0)"), out);
        assertTrue(out.contains("churn@1.6.0 may not enter prod: denied by path, approvals"), out);
        assertTrue(out.contains("exit code: 3"), out);
        assertTrue(out.contains("audit OK: "), out);
        assertTrue(out.contains("Quickstart finished"), out);
        Run r = run(env, "bash", BASE.resolve("samples/incident-rollback.sh").toString(), dir.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("== Rolled back churn in prod from 1.5.0 to 1.4.0 in "), r.out());
        assertTrue(r.out().contains("[SLA met]") || r.out().contains("rollback SLA: none set"), r.out());
        assertTrue(r.out().contains("audit OK: "), r.out());
    }
}
