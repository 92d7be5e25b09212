package dev.airisk.adapters.yaml;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.RegistrySettings;
import dev.airisk.core.model.StoreSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code registry.yaml}: the format version, environments in promotion order, the store and settings. */
final class SettingsYaml {
    static final List<String> KEYS = List.of("format_version", "environments", "store", "settings");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private SettingsYaml() {
    }

    static YamlMap write(RegistrySettings s) {
        return new YamlMap()
                .number("format_version", s.formatVersion())
                .textsAlways("environments", s.environments())
                .text("store", s.store())
                .textMap("settings", s.settings());
    }

    static RegistrySettings read(Node node) {
        node.fields(KEYS);
        int format = formatVersion(node, RegistrySettings.FORMAT);
        Node list = node.require("environments");
        if (list.items().isEmpty()) {
            throw list.error("environments lists no environment; name them in promotion order, e.g. [dev, staging, prod]");
        }
        Set<String> seen = new HashSet<>();
        for (Node env : list.items()) {
            String name = env.as(SettingsYaml::environment, "an environment name (lower-case letters, digits, '_' or '-')");
            if (!seen.add(name)) {
                throw env.error("environments lists '" + name + "' twice");
            }
        }
        Node settings = node.get("settings");
        Node interval = settings == null ? null : settings.get(RegistrySettings.FETCH_INTERVAL);
        if (interval != null) {
            try {
                RegistrySettings.parseFetchInterval(interval.text());
            } catch (AiriskException.InvalidInput e) {
                throw interval.error(e.getMessage(), e.fix());
            }
        }
        if (settings != null) {
            settings.entries().forEach(SettingsYaml::storeSetting);
        }
        return new RegistrySettings(format, node.texts("environments"), node.text("store"),
                MetadataYaml.textMap(settings));
    }

    /** Checks the store's keys ({@code s3_endpoint}, {@code s3_path_style}, {@code s3_retention}); others pass. */
    private static void storeSetting(String key, Node value) {
        String expected = switch (key) {
            case StoreSettings.ENDPOINT -> "an http or https URL";
            case StoreSettings.PATH_STYLE -> "one of true, false";
            case StoreSettings.RETENTION -> "a positive duration such as 365d";
            default -> null;
        };
        if (expected != null) {
            value.as(v -> {
                StoreSettings.validate(key, v);
                return v;
            }, expected);
        }
    }

    /** Reads {@code format_version}, which must be present and at most {@code supported}. */
    static int formatVersion(Node node, int supported) {
        Node version = node.require("format_version");
        long v = version.wholeNumber();
        if (v < 1 || v > supported) {
            throw version.error("format_version " + v + " is not supported (this airisk reads 1 to " + supported + ")",
                    "upgrade airisk to read this registry");
        }
        return (int) v;
    }

    private static String environment(String name) {
        if (!ENVIRONMENT.matcher(name).matches()) {
            throw new IllegalArgumentException(name);
        }
        return name;
    }
}
