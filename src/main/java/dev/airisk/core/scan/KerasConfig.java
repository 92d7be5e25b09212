package dev.airisk.core.scan;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a Keras v3 {@code config.json} for layers and references that run code on load. */
final class KerasConfig {
    private static final int MAX_DEPTH = 256;

    private KerasConfig() {
    }

    /** Whether a parsed config.json looks like a Keras model config. */
    static boolean looksLikeKeras(Object config) {
        return config instanceof Map<?, ?> m && m.get("class_name") instanceof String
                && (m.containsKey("module") || m.containsKey("registered_name") || m.containsKey("config"));
    }

    /** Adds findings for Lambda layers and module references outside Keras. */
    static void check(String path, Object config, List<Finding> out) {
        Set<String> lambdas = new LinkedHashSet<>();
        Set<String> modules = new LinkedHashSet<>();
        walk(config, lambdas, modules, 0);
        for (String name : lambdas) {
            out.add(new Finding(path, "keras/lambda-layer", Severity.HIGH,
                    "Lambda layer " + name + " runs arbitrary Python when the model is loaded; "
                            + "replace it with a registered layer class", -1));
        }
        for (String module : modules) {
            out.add(new Finding(path, "keras/custom-module", Severity.MEDIUM,
                    "config refers to " + module + ", outside Keras; loading imports that code, "
                            + "so review it and pin where it comes from", -1));
        }
    }

    private static void walk(Object node, Set<String> lambdas, Set<String> modules, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (node instanceof Map<?, ?> m) {
            Object className = m.get("class_name");
            if ("Lambda".equals(className)) {
                Object name = m.get("name");
                if (!(name instanceof String) && m.get("config") instanceof Map<?, ?> c) {
                    name = c.get("name");
                }
                lambdas.add(name instanceof String s ? "'" + s + "'" : "(unnamed)");
            }
            if (m.get("module") instanceof String module && !keras(module)) {
                modules.add("module '" + module + "'" + (className instanceof String c ? " (class '" + c + "')" : ""));
            }
            if (m.get("registered_name") instanceof String registered) {
                int sep = registered.indexOf('>');
                if (sep > 0 && !keras(registered.substring(0, sep))) {
                    modules.add("registered name '" + registered + "'");
                }
            }
            if (className instanceof String c) {
                int dot = c.lastIndexOf('.');
                if (dot > 0 && !keras(c.substring(0, dot))) {
                    modules.add("class '" + c + "'");
                }
            }
            for (Object v : m.values()) {
                walk(v, lambdas, modules, depth + 1);
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                walk(v, lambdas, modules, depth + 1);
            }
        }
    }

    /** Whether a module (or registration package) belongs to Keras or its official libraries. */
    static boolean keras(String module) {
        for (String root : new String[] {"keras", "keras_nlp", "keras_hub", "keras_cv", "tf_keras"}) {
            if (module.equals(root) || module.startsWith(root + ".")) {
                return true;
            }
        }
        return false;
    }
}
