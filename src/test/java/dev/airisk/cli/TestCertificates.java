package dev.airisk.cli;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for tests: a CA, an intermediate, and code-signing certificates they issue, made with BouncyCastle. */
final class TestCertificates {
    private static long serial = 1;

    private TestCertificates() {
    }

    /** A certificate with its private key. */
    record Issued(X509Certificate certificate, PrivateKey key) {
        String pem() {
            return TestCertificates.pem(certificate);
        }
    }

    static KeyPair ecKey(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed CA certificate, valid from an hour ago for a year. */
    static Issued ca(String name) {
        KeyPair pair = ecKey("secp384r1");
        return new Issued(build(name, pair.getPublic(), name, pair.getPrivate(), null, true, List.of(), null), pair.getPrivate());
    }

    /** An intermediate CA certificate issued by {@code issuer}. */
    static Issued intermediate(Issued issuer, String name) {
        KeyPair pair = ecKey("secp384r1");
        return new Issued(build(name, pair.getPublic(), subject(issuer), issuer.key(), null, true, List.of(), null), pair.getPrivate());
    }

    /** A leaf for {@code key} issued by {@code issuer}, with e-mail SANs and code signing (or {@code purpose}) as extended key usage. */
    static X509Certificate leaf(Issued issuer, PublicKey key, List<String> emails, KeyPurposeId purpose) {
        return build("CN=" + (emails.isEmpty() ? "nobody" : emails.get(0)), key, subject(issuer), issuer.key(), null, false, emails,
                purpose == null ? KeyPurposeId.id_kp_codeSigning : purpose);
    }

    /** A self-signed certificate of a key held by {@code provider} (a PKCS#11 token), signed there. */
    static X509Certificate selfSigned(KeyPair pair, Provider provider) {
        return build("CN=token key", pair.getPublic(), "CN=token key", pair.getPrivate(), provider, false, List.of(), null);
    }

    private static String subject(Issued issuer) {
        return issuer.certificate().getSubjectX500Principal().getName();
    }

    private static X509Certificate build(String subject, PublicKey key, String issuer, PrivateKey signer, Provider provider,
                                         boolean ca, List<String> emails, KeyPurposeId purpose) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial++),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), new X500Name(subject), key);
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (!emails.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(emails.stream().map(e -> new GeneralName(GeneralName.rfc822Name, e)).toArray(GeneralName[]::new)));
            }
            if (purpose != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            String algorithm = signer.getAlgorithm().equals("EC") || signer.getAlgorithm().equals("ECDSA") ? "SHA384withECDSA" : "Ed25519";
            JcaContentSignerBuilder contentSigner = new JcaContentSignerBuilder(algorithm);
            if (provider != null) {
                contentSigner.setProvider(provider);
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(contentSigner.build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /** The public key of a harness's key, as {@code keys export-public} prints it. */
    static PublicKey publicKey(Harness h, String key) {
        try {
            String pem = h.ok("keys", "export-public", "--name", key).out();
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
