package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code show} text shows every field its JSON has: each key as a label, each text value. */
class ShowTextTest {
    /** JSON keys whose text label reads differently. */
    private static final Map<String, String> LABELS = Map.of("ref", "version", "state", "lifecycle");

    @TempDir
    Path tmp;

    @Test
    void showVersion_textHasEveryFieldOfItsJson() {
        Harness h = Harness.initialised(tmp);
        h.ok("register", h.model("base", "base weights").toString(), "--model", "base", "--version", "0.9.0", "--meta",
                h.releasableMeta().toString());
        Path meta = h.writeMeta("""
                owner: risk-models@example.com
                risk_tier: high
                intended_use: Credit limit recommendations reviewed by an analyst.
                description: Gradient-boosted trees.
                datasets:
                  - {name: applications, version: 2026-10, sha256: 9f2b5c0e7d4a1f38c6b2e9d07a5f4c3b1e8d2a6f0c9b7e5d3a1f4c2b8e6d0a97}
                metrics: {accuracy: 0.93}
                code_commit: 3f2c9d41b7e8a6c5d4f3e2a1b0c9d8e7f6a5b4c3
                base_models: [base@0.9.0]
                regions: [eu-west-1]
                training_regions: [eu-central-1]
                high_stakes: true
                processes_pii: true
                vendor: {name: Acme Models, model_card: https://acme.example.com/cards/credit}
                input_schema: {features: [income, tenure]}
                labels: {team: credit}
                """);
        h.ok("register", h.model("m", "weights").toString(), "--model", "credit", "--version", "1.0.0", "--meta", meta.toString());
        h.ok("register", h.model("m2", "weights 2").toString(), "--model", "credit", "--version", "1.1.0", "--meta", meta.toString());
        h.ok("deprecate", "credit@1.0.0", "--retire-on", "2031-01-15", "--replacement", "credit@1.1.0", "--reason", "superseded");

        JsonNode json = h.ok("show", "credit@1.0.0", "--format", "json").json();
        String text = h.ok("show", "credit@1.0.0").out();
        String words = text.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        List<String> missing = new ArrayList<>();
        compare(json, null, null, words, missing);
        assertTrue(missing.isEmpty(), "missing from the text: " + missing + "\n" + text);

        // A model: every field of the model, and each version's row
        JsonNode model = h.ok("show", "credit", "--format", "json").json();
        String modelText = h.ok("show", "credit").out();
        compare(model.get("model"), null, null, modelText.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT), missing);
        assertTrue(missing.isEmpty(), "missing from the text: " + missing + "\n" + modelText);
    }

    /**
     * Every field with a value outside a list is a label of the text (its key with spaces for underscores,
     * or a plural as singular, or after its parent's label); every text and number value appears.
     */
    private static void compare(JsonNode node, String key, String parent, String words, List<String> missing) {
        compare(node, key, parent, true, words, missing);
    }

    private static void compare(JsonNode node, String key, String parent, boolean labels, String words, List<String> missing) {
        if (node == null || node.isNull() || (node.isContainerNode() && node.isEmpty())) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> compare(e.getValue(), e.getKey(), key, labels, words, missing));
            return;
        }
        if (labels && key != null && (node.isValueNode() || node.get(0).isValueNode())) {
            String label = label(key);
            String singular = label.endsWith("s") ? label.substring(0, label.length() - 1) : label;
            String qualified = parent == null ? label : label(parent) + " " + label;
            String singularParent = parent == null ? label : label(parent).replaceAll("s$", "") + " " + label;
            if (!words.contains(label + ":") && !words.contains(singular + ":") && !words.contains(qualified + ":")
                    && !words.contains(singularParent + ":")) {
                missing.add("label " + key);
            }
        }
        if (node.isArray()) {
            node.forEach(n -> compare(n, null, null, false, words, missing));
        } else if (node.isTextual() || node.isNumber()) {
            String value = node.asText().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            if (!words.contains(value)) {
                missing.add((key == null ? "" : key + " ") + "value " + value);
            }
        }
    }

    private static String label(String key) {
        return LABELS.getOrDefault(key, key.replace('_', ' ')).toLowerCase(Locale.ROOT);
    }
}
