package dev.airisk.core.model;

import dev.airisk.core.AiriskException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code registry.yaml}: environments in promotion order, the store location and settings. */
public record RegistrySettings(int formatVersion, List<String> environments, String store, Map<String, String> settings) {
    public static final int FORMAT = 1;
    public static final List<String> DEFAULT_ENVIRONMENTS = List.of("dev", "staging", "prod");
    /** The setting that says how old a cached copy of a registry at a URL may be before a read fetches. */
    public static final String FETCH_INTERVAL = "fetch_interval";
    public static final Duration DEFAULT_FETCH_INTERVAL = Duration.ofSeconds(60);

    public RegistrySettings {
        environments = List.copyOf(environments);
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * How old a cached copy of this registry may be before a read fetches it again: {@code fetch_interval}
     * (a duration such as {@code 60s} or {@code 5m}; {@code 0} fetches before every read), 60 s when absent.
     */
    public Duration fetchInterval() {
        String text = settings.get(FETCH_INTERVAL);
        return text == null ? DEFAULT_FETCH_INTERVAL : parseFetchInterval(text);
    }

    /** Parses a fetch interval: {@code 0}, or a duration that is not negative; InvalidInput otherwise. */
    public static Duration parseFetchInterval(String text) {
        if (text.strip().equals("0")) {
            return Duration.ZERO;
        }
        Duration d = Durations.parse(text);
        if (d.isNegative()) {
            throw new AiriskException.InvalidInput("fetch_interval '" + text + "' is negative",
                    "write 0 or a duration such as 60s or 5m");
        }
        return d;
    }
}
