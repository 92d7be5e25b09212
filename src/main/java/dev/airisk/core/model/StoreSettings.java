package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Printable;
import dev.airisk.core.Redact;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The store's connection settings kept in registry.yaml under {@code settings:}: an S3-compatible
 * endpoint, path-style addressing, and an Object Lock retention period. Missing keys mean the
 * defaults (the provider's own endpoint, virtual-hosted addressing, no retention), so a registry
 * written before these keys existed reads unchanged.
 *
 * @param endpoint  the S3 endpoint URL ({@code http://127.0.0.1:9000}), or null for the SDK's choice
 * @param pathStyle address buckets as {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key}
 * @param retention how long Object Lock (compliance mode) keeps each new blob, or null for none
 */
public record StoreSettings(String endpoint, boolean pathStyle, Duration retention) {
    public static final String ENDPOINT = "s3_endpoint";
    public static final String PATH_STYLE = "s3_path_style";
    public static final String RETENTION = "s3_retention";
    /** The keys this record reads; other keys in {@code settings:} belong to other parts of airisk. */
    public static final List<String> KEYS = List.of(ENDPOINT, PATH_STYLE, RETENTION);

    public static final StoreSettings DEFAULTS = new StoreSettings(null, false, null);

    public StoreSettings {
        if (endpoint != null) {
            endpoint = endpoint(endpoint);
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new InvalidInput("retention " + Durations.human(retention) + " is not a positive duration",
                    "write a number of days such as 365d, or leave " + RETENTION + " out");
        }
    }

    /** Reads the store keys of a registry's {@code settings:} map; a bad value is InvalidInput naming the key. */
    public static StoreSettings of(Map<String, String> settings) {
        String endpoint = settings.get(ENDPOINT);
        String pathStyle = settings.get(PATH_STYLE);
        String retention = settings.get(RETENTION);
        return new StoreSettings(endpoint, pathStyle != null && bool(pathStyle), retention == null ? null : retention(retention));
    }

    /** Checks one key's value as {@link #of} would; for the YAML reader's line-numbered errors. */
    public static void validate(String key, String value) {
        switch (key) {
            case ENDPOINT -> endpoint(value);
            case PATH_STYLE -> bool(value);
            case RETENTION -> new StoreSettings(null, false, retention(value));
            default -> { }
        }
    }

    /** The non-default settings as registry.yaml keeps them. */
    public Map<String, String> toMap() {
        Map<String, String> out = new LinkedHashMap<>();
        if (endpoint != null) {
            out.put(ENDPOINT, endpoint);
        }
        if (pathStyle) {
            out.put(PATH_STYLE, "true");
        }
        if (retention != null) {
            out.put(RETENTION, retention.toDays() * 86_400 == retention.getSeconds()
                    ? retention.toDays() + "d" : retention.getSeconds() + "s");
        }
        return out;
    }

    /** An absolute http or https URL with a host and nothing after the path; messages never repeat its credentials. */
    public static String endpoint(String value) {
        String fix = "give the server's base URL, e.g. http://127.0.0.1:9000 or https://s3.example.com";
        String shown = "endpoint '" + Printable.oneLine(Redact.credentials(value)) + "'";
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInput(shown + " is not a valid URL", fix);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getQuery() != null || uri.getFragment() != null) {
            throw new InvalidInput(shown + " is not an http or https URL", fix);
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInput(shown + " carries a user name or password",
                    "give S3 credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, never in the URL");
        }
        if (uri.getHost() == null) {
            throw new InvalidInput(shown + " is not a valid URL", "check the host name and port; " + fix);
        }
        return uri.toString();
    }

    private static boolean bool(String value) {
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean(value);
        }
        throw new InvalidInput(PATH_STYLE + " '" + value + "' is not one of true, false", "write true or false");
    }

    private static Duration retention(String value) {
        return Durations.parse(value);
    }
}
