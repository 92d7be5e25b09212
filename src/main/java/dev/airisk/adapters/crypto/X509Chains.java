package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * X.509 certificate chains as signers present them (a Sigstore bundle's {@code x509CertificateChain},
 * a key's certificate from the organisation's CA), checked against the CA certificates a verifier
 * trusts, with the JDK's PKIX validator and no revocation checks (there is no network to ask).
 *
 * <p>A chain is valid when its leaf and intermediates lead to one of the trusted CA certificates at
 * the given time, the leaf may sign (key usage {@code digitalSignature}, or extended key usage
 * {@code codeSigning}, as model_signing requires; an extended key usage without code signing is
 * refused), and, when identities are given, one of the leaf's subject alternative names is one of them.
 */
public final class X509Chains {
    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String ANY_USAGE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    private X509Chains() {
    }

    /** A chain that validated: its leaf, and the leaf's subject alternative names (e-mail, URI, DNS). */
    public record Validated(X509Certificate leaf, List<String> identities) {
    }

    /** The certificates of a PEM text (one or more "CERTIFICATE" blocks); InvalidInput naming {@code what} otherwise. */
    public static List<X509Certificate> fromPem(String pem, String what) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            Collection<? extends Certificate> read = factory()
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            for (Certificate c : read) {
                out.add((X509Certificate) c);
            }
        } catch (CertificateException | ClassCastException e) {
            throw new InvalidInput(what + " is not a PEM X.509 certificate: " + e.getMessage(), "give certificates in PEM");
        }
        if (out.isEmpty()) {
            throw new InvalidInput(what + " holds no PEM certificate", "give certificates in PEM");
        }
        return out;
    }

    /** A DER certificate, as a bundle's {@code rawBytes} holds it; IntegrityFailure naming {@code what} otherwise. */
    public static X509Certificate fromDer(byte[] der, String what) {
        try {
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new IntegrityFailure(what + " holds a certificate that cannot be read", "the file is damaged; ask its signer for a good copy", e);
        }
    }

    /** PEM text of a certificate, as OpenSSL writes it. */
    public static String toPem(X509Certificate certificate) {
        try {
            return Pem.encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate the JDK read", e);
        }
    }

    /**
     * Validates {@code chain} (leaf first, then any intermediates) against {@code anchors} at time
     * {@code at}; IntegrityFailure with a one-line reason when the chain does not lead to a trusted CA,
     * a certificate is not valid at that time, the leaf may not sign, or no identity matches.
     */
    public static Validated validate(List<X509Certificate> chain, List<X509Certificate> anchors, List<String> identities, Date at) {
        if (chain.isEmpty()) {
            throw failure("the certificate chain is empty");
        }
        if (anchors.isEmpty()) {
            throw new InvalidInput("no CA certificate to check the chain against", "give the CA certificates");
        }
        X509Certificate leaf = chain.get(0);
        try {
            Set<TrustAnchor> trust = new HashSet<>();
            for (X509Certificate anchor : anchors) {
                trust.add(new TrustAnchor(anchor, null));
            }
            List<X509Certificate> path = new ArrayList<>(chain);
            // a chain that ends in the trusted root itself: PKIX wants the path without its anchor
            while (path.size() > 1 && anchors.contains(path.get(path.size() - 1))) {
                path.remove(path.size() - 1);
            }
            CertPath certPath = factory().generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(trust);
            parameters.setRevocationEnabled(false);
            parameters.setDate(at);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw failure("the certificate chain does not lead to a trusted CA: " + reason(e));
        } catch (GeneralSecurityException e) {
            throw failure("the certificate chain cannot be checked: " + e.getMessage());
        }
        requireSigningUse(leaf);
        List<String> names = identities(leaf);
        if (!identities.isEmpty() && names.stream().noneMatch(identities::contains)) {
            throw failure("the signing certificate is for " + (names.isEmpty() ? "no identity" : String.join(", ", names))
                    + ", not " + String.join(", ", identities));
        }
        return new Validated(leaf, names);
    }

    /**
     * Checks that each certificate of {@code chain} (leaf first) is signed by the next one, as a chain
     * a signer presents must be; InvalidInput naming the first that is not.
     */
    public static void requireOrdered(List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            try {
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new InvalidInput("certificate " + (i + 1) + " (" + chain.get(i).getSubjectX500Principal().getName()
                        + ") is not signed by certificate " + (i + 2) + " (" + chain.get(i + 1).getSubjectX500Principal().getName() + ")",
                        "give the key's certificate first, then each intermediate after the certificate it signed");
            }
        }
    }

    /** The leaf's subject alternative names of kind e-mail (1), DNS (2) and URI (6), in certificate order. */
    public static List<String> identities(X509Certificate leaf) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    int kind = (Integer) name.get(0);
                    if ((kind == 1 || kind == 2 || kind == 6) && name.get(1) instanceof String value) {
                        out.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw failure("the signing certificate's subject alternative names cannot be read");
        }
        return out;
    }

    private static void requireSigningUse(X509Certificate leaf) {
        List<String> extended;
        try {
            extended = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw failure("the signing certificate's extended key usage cannot be read");
        }
        boolean codeSigning = extended != null && (extended.contains(CODE_SIGNING) || extended.contains(ANY_USAGE));
        if (extended != null && !codeSigning) {
            throw failure("the signing certificate may not be used for code signing");
        }
        boolean[] usage = leaf.getKeyUsage();
        boolean digitalSignature = usage != null && usage.length > DIGITAL_SIGNATURE && usage[DIGITAL_SIGNATURE];
        if (!codeSigning && !digitalSignature) {
            throw failure("the signing certificate may not be used for signing");
        }
    }

    private static String reason(CertPathValidatorException e) {
        return switch (e.getReason() instanceof CertPathValidatorException.BasicReason basic ? basic : CertPathValidatorException.BasicReason.UNSPECIFIED) {
            case EXPIRED -> "a certificate had expired at the signing time";
            case NOT_YET_VALID -> "a certificate was not yet valid at the signing time";
            case INVALID_SIGNATURE -> "a certificate's signature does not verify";
            default -> e.getReason() == CertPathValidatorException.BasicReason.UNSPECIFIED || e.getMessage() == null
                    ? "no path to a trusted CA certificate" : e.getMessage();
        };
    }

    private static IntegrityFailure failure(String message) {
        return new IntegrityFailure(message, "check the signer's certificate and the CA certificates you trust");
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this Java runtime reads no X.509 certificates", e);
        }
    }
}
