package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Sha256;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Keys trusted through a CA: the CA certificates a registry trusts, and the certificate chains of keys
 * checked against them with {@link X509Chains} (PKIX, signing use, subject alternative names).
 */
final class CertifiedKeys {
    private CertifiedKeys() {
    }

    /** Hex SHA-256 of the DER of the one CA certificate {@code pem} holds. */
    static String caId(String pem) {
        List<X509Certificate> read = X509Chains.fromPem(pem, "the CA certificate file");
        if (read.size() != 1) {
            throw new InvalidInput("the CA certificate file holds " + read.size() + " certificates", "give one CA certificate per --ca");
        }
        X509Certificate ca = read.get(0);
        if (ca.getBasicConstraints() < 0) {
            throw new InvalidInput("the certificate of " + ca.getSubjectX500Principal().getName() + " is not a CA certificate",
                    "give the certificate of the CA that issues your signing certificates");
        }
        try {
            return Sha256.digest(ca.getEncoded()).hex();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate the JDK read", e);
        }
    }

    /** The identities the chain certifies for the key under one of the CAs at {@code at}; IntegrityFailure otherwise. */
    static List<String> identities(String chainPem, String publicKeyPem, List<String> caPems, Instant at) {
        List<X509Certificate> chain;
        try {
            chain = X509Chains.fromPem(chainPem, "the key's certificate chain");
        } catch (InvalidInput e) {
            throw new IntegrityFailure(e.getMessage(), "attach the key's certificate again with 'airisk keys import NAME --certificate CERT.pem'", e);
        }
        String certified = PublicKeys.keyId(chain.get(0).getPublicKey());
        String key = PublicKeys.keyId(publicKeyPem);
        if (!certified.equals(key)) {
            throw new IntegrityFailure("the certificate is for key " + Text.shortId(certified) + ", not key " + Text.shortId(key),
                    "attach the key's own certificate with 'airisk keys import NAME --certificate CERT.pem'");
        }
        List<X509Certificate> anchors = new ArrayList<>();
        for (String pem : caPems) {
            anchors.addAll(X509Chains.fromPem(pem, "a trusted CA certificate"));
        }
        return X509Chains.validate(chain, anchors, List.of(), Date.from(at)).identities();
    }
}
