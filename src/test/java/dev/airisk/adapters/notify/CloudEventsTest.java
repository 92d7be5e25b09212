package dev.airisk.adapters.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airisk.core.notify.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudEventsTest {
    private final Event event = Events.deprecated("n-1");

    @Test
    void json_hasTheRequiredAttributesOfCloudEvents10_inAFixedOrder() throws Exception {
        JsonNode node = JsonMapper.builder().build().readTree(CloudEvents.json(event));

        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("specversion", "id", "type", "source", "subject", "time", "datacontenttype", "data"), names);
        assertEquals("1.0", node.get("specversion").asText());
        assertEquals("n-1", node.get("id").asText());
        assertEquals("dev.airisk.model.deprecated", node.get("type").asText());
        assertEquals("https://registry.example.com/models", node.get("source").asText());
        assertEquals("churn@1.4.0", node.get("subject").asText());
        assertEquals("2026-11-30T09:15:00.250Z", node.get("time").asText());
        assertEquals("application/json", node.get("datacontenttype").asText());
        Iterator<String> data = node.get("data").fieldNames();
        assertEquals("model", data.next());
        assertEquals(10, node.get("data").get("canary_percent").asInt());
    }

    @Test
    void json_isTheSameBytesEveryTime_andHasNoWhiteSpaceOrLineBreak() {
        byte[] once = CloudEvents.json(event);

        assertArrayEquals(once, CloudEvents.json(Events.deprecated("n-1")));
        String text = new String(once, StandardCharsets.UTF_8);
        assertFalse(text.contains("\n"));
        assertTrue(text.startsWith("{\"specversion\":\"1.0\",\"id\":\"n-1\",\"type\":"), text);
    }

    @Test
    void json_withoutSubject_leavesSubjectOut() throws Exception {
        Event e = new Event("n-2", "dev.airisk.registry.changed", "/srv/registry.git", null, Instant.EPOCH, null, null);

        JsonNode node = JsonMapper.builder().build().readTree(CloudEvents.json(e));

        assertFalse(node.has("subject"));
        assertEquals("1970-01-01T00:00:00Z", node.get("time").asText());
        assertTrue(node.get("data").isObject());
    }

    @Test
    void json_withAValueThatIsNotJson_isRefused_namingWhere() {
        Event bad = new Event("n-3", "t", "s", null, Instant.EPOCH, Map.of("when", Instant.EPOCH), null);
        Event nan = new Event("n-4", "t", "s", null, Instant.EPOCH, Map.of("score", Double.NaN), null);

        assertEquals("data.when is not a JSON value (text, number, boolean, list, map or nothing)", assertThrows(IllegalArgumentException.class, () -> CloudEvents.json(bad)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CloudEvents.json(nan)).getMessage().startsWith("data.score is NaN"));
    }

    @Test
    void json_isReadByPythonsJsonModule_asTheSameEvent(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("event.json"), CloudEvents.json(event));
        String script = "import json,sys\n"
                + "e=json.load(open(sys.argv[1],encoding='utf-8'))\n"
                + "req=['specversion','id','source','type']\n"
                + "assert all(isinstance(e[k],str) and e[k] for k in req), e\n"
                + "assert e['specversion']=='1.0'\n"
                + "print(e['id'], e['subject'], e['time'], e['data']['note'], e['data']['replacement']['version'])\n";
        Process python = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertEquals(0, python.waitFor(), out);
        assertEquals("n-1 churn@1.4.0 2026-11-30T09:15:00.250Z café <b>&</b> \"quoted\" 1.5.0", out);
    }

    @Test
    void node_isTheSameJson() {
        assertEquals(new String(CloudEvents.json(event), StandardCharsets.UTF_8), CloudEvents.node(event).toString());
    }
}
