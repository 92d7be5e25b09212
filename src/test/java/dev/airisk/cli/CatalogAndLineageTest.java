package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogAndLineageTest {
    static final String DS = "customers@2026-09=sha256:" + "b".repeat(64);
    @TempDir Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = Harness.initialised(tmp);
        h.register(h.model("m1", "w1"), "foundation", "1.0.0", "--dataset", "web@2025=sha256:" + "c".repeat(64));
        h.register(h.model("m2", "w2"), "churn", "1.2.0", "--dataset", DS, "--base", "foundation@1.0.0");
        h.register(h.model("m3", "w3"), "churn", "1.10.0", "--dataset", DS, "--base", "foundation@1.0.0",
                "--base", "ghost@0.1.0", "--code-commit", "0123456789abcdef0123456789abcdef01234567");
        h.register(h.model("m4", "w4"), "churn", "1.10.0-rc.1");
    }

    @Test
    void list_showsModelsWithLatestBySemver() {
        JsonNode j = h.ok("list", "--format", "json").json();
        assertEquals(2, j.size());
        assertEquals("churn", j.get(0).get("name").asText());
        assertEquals("1.10.0", j.get(0).get("latest").asText());
        assertEquals(3, j.get(0).get("versions").asInt());
        String text = h.ok("list").out();
        assertTrue(text.startsWith("MODEL       LATEST  VERSIONS\nchurn       1.10.0  3\n"), text);
    }

    @Test
    void listModel_ordersVersionsBySemver() {
        JsonNode j = h.ok("list", "churn", "--format", "json").json();
        assertEquals("churn@1.2.0", j.get(0).get("ref").asText());
        assertEquals("churn@1.10.0-rc.1", j.get(1).get("ref").asText());
        assertEquals("churn@1.10.0", j.get(2).get("ref").asText());
    }

    @Test
    void show_modelAndUnknownModel() {
        JsonNode j = h.ok("show", "churn", "--format", "json").json();
        assertEquals("team@example.com", j.get("model").get("owner").asText());
        assertEquals(3, j.get("versions").size());
        Harness.Result r = h.run("show", "nosuch");
        assertEquals(5, r.code());
        assertEquals("airisk: error: model 'nosuch' is not registered (run 'airisk list' to see the registered models)", r.firstErrLine());
    }

    @Test
    void lineage_followsBaseModelsRecursively() {
        JsonNode j = h.ok("lineage", "churn@1.10.0", "--format", "json").json();
        assertEquals("0123456789abcdef0123456789abcdef01234567", j.get("code_commit").asText());
        assertEquals("customers", j.get("datasets").get(0).get("name").asText());
        JsonNode foundation = j.get("base_models").get(0);
        assertEquals("foundation@1.0.0", foundation.get("ref").asText());
        assertTrue(foundation.get("registered").asBoolean());
        assertEquals("web", foundation.get("datasets").get(0).get("name").asText());
        assertFalse(j.get("base_models").get(1).get("registered").asBoolean());

        String text = h.ok("lineage", "churn@1.10.0").out();
        assertTrue(text.contains("  base foundation@1.0.0 root sha256:"), text);
        assertTrue(text.contains("    dataset web@2025 sha256:cccccccccccc"), text);
        assertTrue(text.contains("  base ghost@0.1.0 (not registered)"), text);
    }

    @Test
    void lineage_dotAndMermaid() {
        String dot = h.ok("lineage", "churn@1.10.0", "--format", "dot").out();
        assertTrue(dot.startsWith("digraph lineage {"), dot);
        assertTrue(dot.contains("\"foundation@1.0.0\" -> \"churn@1.10.0\" [label=\"base\"];"), dot);
        assertTrue(dot.contains("\"dataset web@2025\" -> \"foundation@1.0.0\" [label=\"dataset\"];"), dot);
        String mermaid = h.ok("lineage", "churn@1.10.0", "--format", "mermaid").out();
        assertTrue(mermaid.startsWith("graph LR\n"), mermaid);
        assertTrue(mermaid.contains("-->|base|"), mermaid);
    }

    @Test
    void lineageDataset_listsTheVersionsTrainedOnIt() {
        JsonNode j = h.ok("lineage", "--dataset", "customers@2026-09", "--format", "json").json();
        assertEquals(2, j.get("versions").size());
        assertEquals("churn@1.2.0", j.get("versions").get(0).get("ref").asText());
        assertEquals("churn@1.10.0", j.get("versions").get(1).get("ref").asText());
    }
}
