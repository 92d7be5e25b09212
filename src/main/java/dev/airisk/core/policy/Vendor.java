package dev.airisk.core.policy;

import dev.airisk.core.AiriskException.InvalidInput;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A supplier whose signed models may be registered (policy.yaml {@code vendors:}): what its model
 * signatures (OpenSSF model_signing bundles) are checked against, whether it is still supported, and
 * how the organisation rates the risk of depending on it.
 *
 * @param name           the vendor's name, as {@code register --vendor} gives it ({@link Policy#ID_RULE})
 * @param keys           PEM public keys whose signatures are the vendor's (key mode); empty with {@code caCertificates}
 * @param caCertificates PEM CA certificates the vendor's signing certificates chain to (certificate mode)
 * @param identities     with {@code caCertificates}: the subject alternative names a signing certificate must
 *                       have one of (e-mail, DNS name or URI); at least one
 * @param support        whether new versions may be registered
 * @param risk           the organisation's rating of the vendor
 */
public record Vendor(String name, List<String> keys, List<String> caCertificates, List<String> identities,
                     Support support, Risk risk) {

    public Vendor {
        Policy.id("vendor name", name);
        keys = keys == null ? List.of() : List.copyOf(keys);
        caCertificates = caCertificates == null ? List.of() : List.copyOf(caCertificates);
        identities = identities == null ? List.of() : List.copyOf(identities);
        if (keys.isEmpty() == caCertificates.isEmpty()) {
            throw new InvalidInput("vendor '" + name + "' needs either keys or ca (not both)",
                    "give the vendor's PEM public keys under keys:, or its CA certificates under ca: with identities:");
        }
        if (!caCertificates.isEmpty() && identities.isEmpty()) {
            throw new InvalidInput("vendor '" + name + "' gives ca but no identities",
                    "list the identities (e-mail, DNS name or URI) its signing certificates name under identities:");
        }
        if (!keys.isEmpty() && !identities.isEmpty()) {
            throw new InvalidInput("vendor '" + name + "' gives identities with keys",
                    "identities go with ca:; a key is trusted by itself");
        }
        if (support == null) {
            throw new InvalidInput("vendor '" + name + "' has no support status", "give support: one of " + Support.choices());
        }
        if (risk == null) {
            throw new InvalidInput("vendor '" + name + "' has no risk rating", "give risk: one of " + Risk.choices());
        }
    }

    /** Whether the vendor's signatures are checked with certificates rather than keys. */
    public boolean certificates() {
        return !caCertificates.isEmpty();
    }

    /** Whether a vendor is still supported: only a supported vendor's models may be registered. */
    public enum Support {
        /** The vendor maintains the model line: new versions may be registered. */
        SUPPORTED,
        /** The vendor has announced the end: versions already registered stay, no new ones. */
        END_OF_LIFE,
        /** The organisation no longer accepts the vendor's models: no new versions. */
        UNSUPPORTED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public boolean allowsRegistration() {
            return this == SUPPORTED;
        }

        /** The status spelled {@code text}; IllegalArgumentException when there is none. */
        public static Support parse(String text) {
            return Arrays.stream(values()).filter(s -> s.id().equals(text)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(text));
        }

        public static String choices() {
            return Arrays.stream(values()).map(Support::id).collect(Collectors.joining(", "));
        }
    }

    /** The organisation's rating of the risk of depending on a vendor. */
    public enum Risk {
        LOW, MEDIUM, HIGH, CRITICAL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The rating spelled {@code text}; IllegalArgumentException when there is none. */
        public static Risk parse(String text) {
            return Arrays.stream(values()).filter(s -> s.id().equals(text)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(text));
        }

        public static String choices() {
            return Arrays.stream(values()).map(Risk::id).collect(Collectors.joining(", "));
        }
    }
}
