package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * OpenSSH signatures (PROTOCOL.sshsig) in namespace {@code git}, the format {@code git verify-commit}
 * checks with {@code gpg.format=ssh}: signing with any {@link Signer}, verifying offline, and the
 * OpenSSH public key line for an allowed-signers file.
 */
public final class SshSignatures {
    /** The namespace Git signs commits and tags in. */
    public static final String NAMESPACE = "git";

    private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final String HASH = "sha512";
    private static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
    private static final String END = "-----END SSH SIGNATURE-----";
    private static final int LINE = 70;

    private SshSignatures() {
    }

    /** Signs a Git commit payload; returns the armored signature, ending in a newline, as ssh-keygen writes it. */
    public static String sign(Signer signer, byte[] payload) {
        PublicKey key = PublicKeys.fromPem(signer.publicKeyPem());
        KeyType type = KeyType.of(key);
        byte[] raw = signer.sign(signedData(NAMESPACE, HASH, payload));
        byte[] signatureBlob = new SshWire.Writer()
                .string(type.sshName())
                .string(type.isEcdsa() ? ecdsaToSsh(raw) : raw)
                .toByteArray();
        byte[] sshsig = new SshWire.Writer()
                .raw(MAGIC)
                .uint32(VERSION)
                .string(publicKeyBlob(key))
                .string(NAMESPACE)
                .string(new byte[0])
                .string(HASH)
                .string(signatureBlob)
                .toByteArray();
        return armor(sshsig);
    }

    /** Checks an armored signature over {@code payload} by the PEM public key; IntegrityFailure saying why not. */
    public static void verify(String armored, byte[] payload, String publicKeyPem) {
        verify(armored, payload, PublicKeys.fromPem(publicKeyPem));
    }

    /** Checks an armored signature over {@code payload} by {@code key}; IntegrityFailure saying why not. */
    public static void verify(String armored, byte[] payload, PublicKey key) {
        verify(armored, payload, key, PublicKeys::verify);
    }

    /** As {@link #verify(String, byte[], PublicKey)}, checking the signature itself with {@code check}. */
    static void verify(String armored, byte[] payload, PublicKey key, SignatureChecks.Check check) {
        Parsed sig = parse(armored);
        if (!NAMESPACE.equals(sig.namespace())) {
            throw failure("the SSH signature is for namespace '" + Text.printable(sig.namespace()) + "', not '" + NAMESPACE + "'");
        }
        if (!Arrays.equals(sig.publicKeyBlob(), publicKeyBlob(key))) {
            throw failure("the SSH signature was not made by key " + Text.shortId(PublicKeys.keyId(key)));
        }
        KeyType type = KeyType.of(key);
        byte[] raw;
        try {
            SshWire.Reader blob = new SshWire.Reader(sig.signatureBlob());
            String algorithm = blob.text();
            byte[] body = blob.string();
            if (!algorithm.equals(type.sshName()) || !blob.atEnd()) {
                throw failure("the SSH signature holds a '" + Text.printable(algorithm) + "' signature for a " + type.sshName() + " key");
            }
            raw = type.isEcdsa() ? sshToEcdsa(body) : body;
        } catch (IllegalArgumentException e) {
            throw failure("the SSH signature's signature blob is damaged");
        }
        if (!check.verify(key, signedData(sig.namespace(), sig.hashAlgorithm(), payload), raw)) {
            throw failure("the SSH signature does not match the signed data");
        }
    }

    /** The public key an armored signature says it was made by (not yet checked). */
    public static PublicKey signerKey(String armored) {
        byte[] blob = parse(armored).publicKeyBlob();
        try {
            return PublicKeys.fromDer(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                    OpenSSHPublicKeyUtil.parsePublicKey(blob)).getEncoded());
        } catch (IOException | RuntimeException e) {
            throw failure("the SSH signature names a public key airisk cannot read");
        }
    }

    /** A PEM public key as an OpenSSH public key line ({@code ecdsa-sha2-nistp256 AAAA...}), for allowed-signers files. */
    public static String openSshPublicKey(String publicKeyPem) {
        PublicKey key = PublicKeys.fromPem(publicKeyPem);
        return KeyType.of(key).sshName() + " " + Base64.getEncoder().encodeToString(publicKeyBlob(key));
    }

    private static byte[] publicKeyBlob(PublicKey key) {
        try {
            return OpenSSHPublicKeyUtil.encodePublicKey(PublicKeyFactory.createKey(key.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException("BouncyCastle cannot encode a " + key.getAlgorithm() + " key for OpenSSH", e);
        }
    }

    private static byte[] signedData(String namespace, String hashAlgorithm, byte[] payload) {
        String jca = switch (hashAlgorithm) {
            case "sha512" -> "SHA-512";
            case "sha256" -> "SHA-256";
            default -> throw failure("the SSH signature uses hash '" + Text.printable(hashAlgorithm) + "', not sha512 or sha256");
        };
        try {
            return new SshWire.Writer()
                    .raw(MAGIC)
                    .string(namespace)
                    .string(new byte[0])
                    .string(hashAlgorithm)
                    .string(MessageDigest.getInstance(jca).digest(payload))
                    .toByteArray();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is not available in this Java runtime", e);
        }
    }

    /** DER {@code SEQUENCE {r, s}} to the SSH ECDSA signature body: mpint r, mpint s. */
    private static byte[] ecdsaToSsh(byte[] der) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        return new SshWire.Writer()
                .mpint(ASN1Integer.getInstance(sequence.getObjectAt(0)).getPositiveValue())
                .mpint(ASN1Integer.getInstance(sequence.getObjectAt(1)).getPositiveValue())
                .toByteArray();
    }

    private static byte[] sshToEcdsa(byte[] body) {
        SshWire.Reader reader = new SshWire.Reader(body);
        BigInteger r = reader.mpint();
        BigInteger s = reader.mpint();
        if (!reader.atEnd() || r.signum() <= 0 || s.signum() <= 0) {
            throw new IllegalArgumentException("not an ECDSA signature");
        }
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot DER-encode an ECDSA signature", e);
        }
    }

    private static String armor(byte[] sshsig) {
        String base64 = Base64.getEncoder().encodeToString(sshsig);
        StringBuilder out = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < base64.length(); i += LINE) {
            out.append(base64, i, Math.min(base64.length(), i + LINE)).append('\n');
        }
        return out.append(END).append('\n').toString();
    }

    private static Parsed parse(String armored) {
        String text = armored == null ? "" : armored.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw failure("the signature is not an armored SSH signature");
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(
                    text.substring(BEGIN.length(), text.length() - END.length()).getBytes(StandardCharsets.US_ASCII));
            SshWire.Reader in = new SshWire.Reader(bytes);
            if (!Arrays.equals(in.raw(MAGIC.length), MAGIC) || in.uint32() != VERSION) {
                throw failure("the SSH signature is not an SSHSIG version 1 signature");
            }
            byte[] publicKey = in.string();
            String namespace = in.text();
            in.string(); // reserved
            String hash = in.text();
            byte[] signature = in.string();
            if (!in.atEnd()) {
                throw failure("the SSH signature has trailing data");
            }
            return new Parsed(publicKey, namespace, hash, signature);
        } catch (IllegalArgumentException e) {
            throw failure("the SSH signature is damaged: " + e.getMessage());
        }
    }

    private static IntegrityFailure failure(String message) {
        return new IntegrityFailure(message, "the commit or its signature was changed after signing, or another key signed it");
    }

    private record Parsed(byte[] publicKeyBlob, String namespace, String hashAlgorithm, byte[] signatureBlob) {
    }
}
