package dev.airisk.adapters.yaml;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.policy.Vendor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code vendors:} section of policy.yaml: per supplier the keys or CA certificates and identities
 * its signed models are checked against, its support status and risk rating. The PEM texts are checked
 * to be keys and certificates the JDK reads, so a policy that names a broken one is refused at its line.
 */
final class VendorsYaml {
    private static final List<String> VENDOR_KEYS = List.of("keys", "ca", "identities", "support", "risk");

    private VendorsYaml() {
    }

    static Map<String, Vendor> vendors(Node vendors) {
        Map<String, Vendor> out = new LinkedHashMap<>();
        if (vendors == null) {
            return out;
        }
        for (String name : vendors.keys()) {
            try {
                Policy.id("vendor name", name);
            } catch (InvalidInput e) {
                throw vendors.errorAtKey(name, "vendor name '" + Node.shown(name) + "' is not " + Policy.ID_RULE, null);
            }
            Node v = PolicyYaml.valueOf(vendors, name);
            v.fields(VENDOR_KEYS);
            List<String> keys = new ArrayList<>();
            for (Node item : PolicyYaml.items(v.get("keys"))) {
                keys.add(item.as(VendorsYaml::publicKeyPem, "a PEM public key (-----BEGIN PUBLIC KEY----- ...) of an EC or Ed25519 key"));
            }
            List<String> ca = new ArrayList<>();
            for (Node item : PolicyYaml.items(v.get("ca"))) {
                ca.add(item.as(VendorsYaml::certificatesPem, "PEM certificates (-----BEGIN CERTIFICATE----- ...)"));
            }
            List<String> identities = new ArrayList<>();
            for (Node item : PolicyYaml.items(v.get("identities"))) {
                String identity = PolicyYaml.nonBlank(item);
                if (identities.contains(identity)) {
                    throw item.error(v.name() + ".identities lists '" + Node.shown(identity) + "' twice");
                }
                identities.add(identity);
            }
            Node support = v.get("support");
            Vendor.Support status = support == null ? null : support.as(Vendor.Support::parse, "one of " + Vendor.Support.choices());
            Node risk = v.get("risk");
            Vendor.Risk rating = risk == null ? null : risk.as(Vendor.Risk::parse, "one of " + Vendor.Risk.choices());
            out.put(name, v.build(() -> new Vendor(name, keys, ca, identities, status, rating)));
        }
        return out;
    }

    /** One PEM public key block that the JDK reads as an EC or Ed25519 key; IllegalArgumentException otherwise. */
    static String publicKeyPem(String text) {
        byte[] der = pemBody(text, "PUBLIC KEY");
        for (String algorithm : List.of("EC", "Ed25519")) {
            try {
                KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return text;
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("not an EC or Ed25519 public key");
    }

    /** One or more PEM certificates the JDK reads; IllegalArgumentException otherwise. */
    static String certificatesPem(String text) {
        pemBody(text, "CERTIFICATE");
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
                throw new IllegalArgumentException("no certificate");
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a certificate", e);
        }
        return text;
    }

    /** The DER bytes of the first PEM block of {@code type} in {@code text}; IllegalArgumentException when there is none. */
    private static byte[] pemBody(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
