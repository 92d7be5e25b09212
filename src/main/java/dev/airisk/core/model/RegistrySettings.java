package dev.airisk.core.model;

import java.util.List;
import java.util.Map;

/** {@code registry.yaml}: environments in promotion order, the store location and settings. */
public record RegistrySettings(int formatVersion, List<String> environments, String store, Map<String, String> settings) {
    public static final int FORMAT = 1;
    public static final List<String> DEFAULT_ENVIRONMENTS = List.of("dev", "staging", "prod");

    public RegistrySettings {
        environments = List.copyOf(environments);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(settings));
    }
}
