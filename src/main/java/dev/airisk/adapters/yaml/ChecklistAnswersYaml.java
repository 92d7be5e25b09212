package dev.airisk.adapters.yaml;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.policy.ChecklistAnswer;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.RegistryCodec.ChecklistAnswerInput;
import java.util.ArrayList;
import java.util.List;

/**
 * A checklist answers file, as {@code airisk checklist NAME@VER --file FILE} takes it: per item id,
 * {@code {answer: yes|no|partial|n/a, evidence: TEXT}}, in file order. A YAML boolean answer is
 * taken as yes or no; any other answer is returned as written.
 */
final class ChecklistAnswersYaml {
    private static final List<String> ANSWER_KEYS = List.of("answer", "evidence");

    private ChecklistAnswersYaml() {
    }

    static List<ChecklistAnswerInput> read(Node node) {
        List<ChecklistAnswerInput> out = new ArrayList<>();
        for (String item : node.keys()) {
            try {
                Policy.id("checklist item", item);
            } catch (InvalidInput e) {
                throw node.errorAtKey(item, "checklist item '" + Node.shown(item) + "' is not an item id ("
                        + Policy.ID_RULE + ")", null);
            }
            Node entry = node.get(item);
            if (entry == null) {
                throw node.errorAtKey(item, item + " has no answer", "write " + item + ": {answer: yes, evidence: TEXT}");
            }
            entry.fields(ANSWER_KEYS);
            out.add(new ChecklistAnswerInput(item, answer(entry.require("answer")), entry.text("evidence")));
        }
        return out;
    }

    private static String answer(Node node) {
        if (node.isBoolean()) {
            return Boolean.parseBoolean(node.text()) ? "yes" : "no";
        }
        String text = node.text();
        try {
            ChecklistAnswer.Answer.parse(text);
        } catch (InvalidInput e) {
            throw node.error(node.name() + " '" + Node.shown(text) + "' is not one of yes, no, partial, n/a");
        }
        return text;
    }
}
