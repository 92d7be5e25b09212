package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples in docs/json.md are the golden files of the JSON contract: each names its command line
 * ("Example, `airisk ...`"), which runs here against a registry holding samples/churn-model, and the
 * document it prints must be the example: the same keys in the same order, the same nesting, and the
 * same values except those that differ from run to run (key ids, commits, local paths), which must
 * only be present (or null) where the example has them.
 */
class JsonContractTest {
    private static final Path DOC = Path.of("docs/json.md");
    private static final Pattern EXAMPLE = Pattern.compile("(?m)^Example, `airisk ([^`|]+?)(?: \\| jq \\.)?`[^\\n]*\\n(?:[^\\n]*\\n)*?```json\\n(.*?)\\n```", Pattern.DOTALL);
    /** Keys whose values differ between runs: ids of keys and commits, and local paths and URLs. */
    private static final Set<String> VARYING = Set.of("key_id", "registered_by", "commit", "registry", "cache", "store", "dir", "file");
    private static final String ANY = "(varies)";
    /** The examples' registry URL, stood in for by the test registry's file URL. */
    private static final String EXAMPLE_URL = "https://git.example.com/ml/registry.git";
    private static final String REGISTER = "register samples/churn-model --model churn --version 1.4.0 --meta samples/META.yaml --format json";

    @TempDir
    Path tmp;

    @Test
    void register() {
        assertExample(fresh(true), REGISTER);
    }

    @Test
    void init() {
        assertExample(fresh(false), "init --format json");
    }

    @Test
    void clone_() {
        assertExample(registered(), "clone " + EXAMPLE_URL + " --format json");
    }

    @Test
    void list() {
        assertExample(registered(), "list --format json");
    }

    @Test
    void listVersions() {
        assertExample(registered(), "list churn --format json");
    }

    @Test
    void showModel() {
        assertExample(registered(), "show churn --format json");
    }

    @Test
    void showVersion() {
        assertExample(registered(), "show churn@1.4.0 --format json");
    }

    @Test
    void verify() {
        assertExample(registered(), "verify churn@1.4.0 --format json");
    }

    @Test
    void lineage() {
        Harness h = registered();
        h.ok(args(h, "register samples/churn-model --model churn --version 1.5.0 --meta samples/META.yaml --base churn@1.4.0"));
        assertExample(h, "lineage churn@1.5.0 --format json");
    }

    @Test
    void lineageOfDataset() {
        assertExample(registered(), "lineage --dataset customers@2026-09 --format json");
    }

    @Test
    void pull() {
        assertExample(registered(), "pull churn@1.4.0 --to churn-1.4.0 --format json");
    }

    @Test
    void export() {
        assertExample(registered(), "export churn@1.4.0 --to churn-1.4.0.tar.gz --format json");
    }

    @Test
    void everyExample_isRunByATestHere() {
        assertEquals(Set.of(REGISTER, "init --format json", "clone " + EXAMPLE_URL + " --format json", "list --format json",
                        "list churn --format json", "show churn --format json", "show churn@1.4.0 --format json",
                        "verify churn@1.4.0 --format json", "lineage churn@1.5.0 --format json",
                        "lineage --dataset customers@2026-09 --format json", "pull churn@1.4.0 --to churn-1.4.0 --format json",
                        "export churn@1.4.0 --to churn-1.4.0.tar.gz --format json"),
                examples().keySet());
    }

    /** The native image renders the same records: each is in its reflection configuration, and no record of the core is. */
    @Test
    void outputRecords_areInTheNativeReflectionConfiguration() throws Exception {
        Set<String> listed = new HashSet<>();
        Json.mapper().readTree(Files.readString(Path.of("native/config/libraries/reflect-config.json")))
                .forEach(e -> listed.add(e.get("name").asText()));
        for (Class<?> c : VersionOutput.class.getDeclaredClasses()) {
            assertTrue(!c.isRecord() || listed.contains(c.getName()), c.getName() + " is not in native/config/libraries/reflect-config.json");
        }
        for (Class<?> c : List.of(PolicyCommand.Freeze.class, PolicyCommand.ChecklistItem.class, CloneCommand.Cloned.class)) {
            assertTrue(listed.contains(c.getName()), c.getName() + " is not in native/config/libraries/reflect-config.json");
        }
        for (String name : listed) {
            if (name.startsWith("dev.airisk.")) {
                assertTrue(Class.forName(name).isRecord() && !name.startsWith("dev.airisk.core."), name);
            }
        }
    }

    /** A key 'alice' at a fixed time, and (when {@code init}) a registry. */
    private Harness fresh(boolean init) {
        Harness h = new Harness(tmp);
        h.clock = Clock.fixed(Instant.parse("2026-11-02T09:30:00Z"), ZoneOffset.UTC);
        h.ok("keys", "generate", "--name", "alice");
        if (init) {
            h.ok("init");
        }
        return h;
    }

    /** A registry holding churn@1.4.0, registered as the register example does. */
    private Harness registered() {
        Harness h = fresh(true);
        h.ok(args(h, REGISTER));
        return h;
    }

    private void assertExample(Harness h, String line) {
        JsonNode expected = examples().get(line);
        assertNotNull(expected, "docs/json.md has no example of 'airisk " + line + "'");
        Harness.Result r = h.ok(args(h, line));
        assertEquals(1, r.out().lines().count(), r.out());
        assertEquals(normalised(expected).toPrettyString(), normalised(r.json()).toPrettyString(), "airisk " + line);
    }

    /** The example's arguments, with the example URL and the files written placed in this test's folders. */
    private String[] args(Harness h, String line) {
        List<String> out = new ArrayList<>();
        String previous = "";
        for (String a : line.split(" ")) {
            out.add(a.equals(EXAMPLE_URL) ? h.registry.toUri().toString()
                    : previous.equals("--to") ? tmp.resolve(a).toString() : a);
            previous = a;
        }
        return out.toArray(String[]::new);
    }

    /** docs/json.md's examples by command line (without "airisk " and "| jq ."). */
    static Map<String, JsonNode> examples() {
        try {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            Matcher m = EXAMPLE.matcher(Files.readString(DOC));
            while (m.find()) {
                out.put(m.group(1).strip(), Json.mapper().readTree(m.group(2)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy with every non-null value under a varying key replaced by one marker. */
    private static JsonNode normalised(JsonNode node) {
        JsonNode copy = node.deepCopy();
        normalise(copy);
        return copy;
    }

    private static void normalise(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (VARYING.contains(e.getKey()) && !e.getValue().isNull()) {
                    e.setValue(TextNode.valueOf(ANY));
                } else {
                    normalise(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(JsonContractTest::normalise);
        }
    }
}
