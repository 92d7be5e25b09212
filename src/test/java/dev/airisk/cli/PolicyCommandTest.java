package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airisk policy show|set}: what the effective policy looks like, and policies that are refused. */
class PolicyCommandTest {
    static final String POLICY = """
            gates:
              pinned-dependencies: warn
            notices:
              reminders: [2w, 36h, 1d]
              retry_initial: 90m
              max_age: 1d
              lease: 90m
              retention: 2w
            tiers:
              minimal:
                gates:
                  lineage: off
                  regions: warn
              high:
                gates:
                  pinned-dependencies: enforce
            """;

    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() throws IOException {
        h = Harness.initialised(tmp);
        h.ok("policy", "set", Files.writeString(tmp.resolve("policy.yaml"), POLICY).toString());
    }

    @Test
    void show_printsDurationsAsWritten() {
        String out = h.ok("policy", "show").out().replace("\n#   ", " ");
        assertTrue(out.endsWith("# notices in effect: reminders [14d, 36h, 1d] before retirement, retry from 90m doubling, "
                + "give up after 1d, lease 90m, retention 14d after retirement\n"), out);
    }

    @Test
    void show_printsTheGateModesEachTierSets() {
        List<String> lines = h.ok("policy", "show").out().lines().toList();
        assertTrue(lines.get(0).matches("GATE +MODE +CHECKS"), lines.get(0));
        assertTrue(lines.contains(row(lines, "lineage", "enforce (minimal: off)")), String.join("\n", lines));
        assertTrue(lines.contains(row(lines, "regions", "enforce (minimal: warn)")), String.join("\n", lines));
        assertTrue(lines.contains(row(lines, "pinned-dependencies", "warn (high: enforce)")), String.join("\n", lines));
        assertTrue(lines.contains(row(lines, "metrics", "enforce")), String.join("\n", lines));

        JsonNode json = h.ok("policy", "show", "--format", "json").json();
        assertEquals("warn", json.get("gates").get("pinned-dependencies").asText());
        JsonNode tiers = json.get("tiers");
        assertEquals("off", tiers.get("minimal").get("gates").get("lineage").asText());
        assertEquals("warn", tiers.get("minimal").get("gates").get("regions").asText());
        assertEquals("warn", tiers.get("minimal").get("gates").get("pinned-dependencies").asText());
        assertEquals("enforce", tiers.get("limited").get("gates").get("lineage").asText());
        assertEquals("enforce", tiers.get("high").get("gates").get("pinned-dependencies").asText());
        assertEquals(19, tiers.get("unacceptable").get("gates").size());
    }

    /** The table row of {@code gate} as it would read with {@code mode}, padded like the row printed. */
    private static String row(List<String> lines, String gate, String mode) {
        String printed = lines.stream().filter(l -> l.startsWith(gate + " ")).findFirst().orElseThrow();
        int modeAt = lines.get(0).indexOf("MODE");
        int checksAt = lines.get(0).indexOf("CHECKS");
        return printed.substring(0, modeAt) + mode + " ".repeat(Math.max(0, checksAt - modeAt - mode.length()))
                + printed.substring(checksAt);
    }

    @Test
    void set_aTierNamingAnUnknownGate_isRefusedNamingTheLine_andChangesNothing() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "tiers:\n  minimal:\n    gates:\n      linage: off\n");
        h.refused(2, "airisk: error: bad.yaml: line 4: unknown gate 'linage' in tiers.minimal.gates (use one of signature, "
                + "integrity, scan, metadata, lineage, metrics, attachments, model-card, checklist, regions, prohibited-attributes, "
                + "pinned-dependencies, path, halt, evaluation, canary, freeze, approvals)", "policy", "set", bad.toString());
        Path tierGate = Files.writeString(tmp.resolve("tier.yaml"), "tiers:\n  unacceptable:\n    gates: {tier: off}\n");
        h.refused(2, "airisk: error: tier.yaml: line 3: gate 'tier' cannot be set in tiers.unacceptable.gates: it decides "
                + "which tier applies (set it under the top-level 'gates:')", "policy", "set", tierGate.toString());
        Path unknownTier = Files.writeString(tmp.resolve("severe.yaml"), "tiers:\n  severe:\n    gates: {lineage: off}\n");
        h.refused(2, "airisk: error: severe.yaml: line 2: unknown risk tier 'severe' (use one of minimal, limited, high, "
                + "unacceptable)", "policy", "set", unknownTier.toString());
    }
}
