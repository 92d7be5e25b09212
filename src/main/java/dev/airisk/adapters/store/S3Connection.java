package dev.airisk.adapters.store;

import java.util.Map;

/**
 * How to reach S3, from the environment the command line read once: static credentials
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), a named
 * profile ({@code AWS_PROFILE}), the region ({@code AWS_REGION}, {@code AWS_DEFAULT_REGION}) and the
 * SDK's endpoint overrides ({@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}). What is
 * absent falls back to the SDK's default chain (profiles, container and instance credentials).
 * {@link #toString()} never shows a secret.
 */
public record S3Connection(String accessKeyId, String secretAccessKey, String sessionToken, String profile,
                           String region, String endpointOverride) {

    /** Reads the AWS variables from an environment map (never from the process itself). */
    public static S3Connection from(Map<String, String> env) {
        return new S3Connection(value(env, "AWS_ACCESS_KEY_ID"), value(env, "AWS_SECRET_ACCESS_KEY"),
                value(env, "AWS_SESSION_TOKEN"), value(env, "AWS_PROFILE"),
                first(value(env, "AWS_REGION"), value(env, "AWS_DEFAULT_REGION")),
                first(value(env, "AWS_ENDPOINT_URL_S3"), value(env, "AWS_ENDPOINT_URL")));
    }

    /** True when both parts of a static key are given. */
    boolean hasStaticKey() {
        return accessKeyId != null && secretAccessKey != null;
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    @Override
    public String toString() {
        return "S3Connection[accessKeyId=" + (accessKeyId == null ? "none" : "set") + ", secretAccessKey="
                + (secretAccessKey == null ? "none" : "set") + ", profile=" + profile + ", region=" + region
                + ", endpointOverride=" + endpointOverride + "]";
    }
}
