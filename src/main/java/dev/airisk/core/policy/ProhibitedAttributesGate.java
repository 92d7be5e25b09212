package dev.airisk.core.policy;

import dev.airisk.core.model.Metadata;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** No input feature is a personal attribute the policy prohibits ('-', ' ' and '_' alike, case ignored). */
final class ProhibitedAttributesGate implements Gate {
    static final String ID = "prohibited-attributes";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "no input feature is an attribute the policy prohibits";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        List<String> prohibited = in.policy().prohibitedAttributes();
        if (prohibited.isEmpty()) {
            return GateResult.pass(ID, "no prohibited attributes in the policy");
        }
        Metadata.InputSchema schema = in.record().metadata().inputSchema();
        if (schema == null || schema.features().isEmpty()) {
            return GateResult.warn(ID, "no input schema recorded; prohibited attributes cannot be checked",
                    "record input_schema.features in META.yaml and register a new version");
        }
        Set<String> banned = prohibited.stream().map(ProhibitedAttributesGate::normalize).collect(Collectors.toSet());
        List<String> found = schema.features().stream().filter(f -> banned.contains(normalize(f))).distinct().toList();
        if (found.isEmpty()) {
            return GateResult.pass(ID, "no prohibited attribute among " + GateText.plural(schema.features().size(), "input feature", "input features"));
        }
        return GateResult.fail(ID, "prohibited attributes among the input features: " + String.join(", ", found),
                "remove them from the model's inputs, retrain and register a new version");
    }

    /** {@code Ethnic-Origin}, {@code ethnic origin} and {@code ethnic_origin} all read as {@code ethnic_origin}. */
    static String normalize(String attribute) {
        return attribute.trim().toLowerCase(Locale.ROOT).replaceAll("[-_\\s]+", "_");
    }
}
