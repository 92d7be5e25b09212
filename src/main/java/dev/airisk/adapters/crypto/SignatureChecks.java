package dev.airisk.adapters.crypto;

import dev.airisk.core.model.Sha256;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * The signature checks of a process ({@link SigstoreAttestations} keeps one), for when there are many: checking a long
 * history verifies a commit signature per commit and the same model.sig, record.sig and approvals
 * over and over. A check's result is remembered by key, message digest and signature (a pure
 * function of them), in the process and, for checks that passed, on the host ({@link SignatureMemo}), and after the first {@value #BULK} checks ECDSA P-256 signatures are verified
 * with BouncyCastle's lightweight ECDSA over its P-256 field arithmetic, with each key's
 * precomputed multiples kept: about 0.15 ms a signature against 1 ms for the JDK's own on this
 * machine, once warm (the first few cost BouncyCastle's set-up, which a command checking one or two
 * signatures should not pay). Both accept exactly the same signatures: DER-encoded (r, s), each in
 * [1, n-1], over SHA-256 of the message.
 */
final class SignatureChecks {
    /** How a signature is checked: {@link PublicKeys#verify}, or a {@link SignatureChecks}' way. */
    @FunctionalInterface
    interface Check {
        boolean verify(PublicKey key, byte[] message, byte[] signature);
    }

    /** Checks made the JDK's way before switching to BouncyCastle's. */
    static final int BULK = 16;
    private static final byte[] RECORD_LABEL = "airisk signature check v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_REMEMBERED = 100_000;

    private final AtomicInteger checks = new AtomicInteger();
    private final Map<String, Boolean> results = new ConcurrentHashMap<>();
    private final Map<PublicKey, ECPublicKeyParameters> ecKeys = new ConcurrentHashMap<>();
    private volatile ECDomainParameters p256;

    boolean verify(PublicKey key, byte[] message, byte[] signature) {
        return verify(SignatureMemo.NONE, key, message, signature);
    }

    /** As {@link #verify(PublicKey, byte[], byte[])}, answered by {@code memo} when it remembers the check, and a passing check remembered there. */
    boolean verify(SignatureMemo memo, PublicKey key, byte[] message, byte[] signature) {
        byte[] digest = Sha256.digest(message).raw();
        byte[] record = record(key, digest, signature);
        String memoKey = Base64.getEncoder().encodeToString(record);
        Boolean known = results.get(memoKey);
        if (known != null) {
            return known;
        }
        boolean valid = memo.contains(record);
        if (!valid) {
            valid = checks.incrementAndGet() > BULK && KeyType.of(key) == KeyType.ECDSA_P256 && key instanceof ECPublicKey ec
                    ? verifyP256(ec, digest, signature)
                    : PublicKeys.verify(key, message, signature);
            if (valid) {
                memo.add(record);
            }
        }
        if (results.size() < MAX_REMEMBERED) {
            results.put(memoKey, valid);
        }
        return valid;
    }

    /**
     * What identifies a check: SHA-256 over a label, the key's type and the SHA-256 of its encoding, the
     * message's SHA-256 and the signature (a check's result is a function of these alone).
     */
    static byte[] record(PublicKey key, byte[] messageDigest, byte[] signature) {
        MessageDigest md = Sha256.newDigest();
        md.update(RECORD_LABEL);
        md.update(KeyType.of(key).id().getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        md.update(Sha256.digest(key.getEncoded()).raw());
        md.update(messageDigest);
        md.update(signature);
        return md.digest();
    }

    private boolean verifyP256(ECPublicKey key, byte[] messageDigest, byte[] signature) {
        BigInteger r;
        BigInteger s;
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
            if (seq.size() != 2 || !Arrays.equals(seq.getEncoded(ASN1Encoding.DER), signature)) {
                return false;
            }
            r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
        ECPublicKeyParameters params = ecKeys.computeIfAbsent(key, k -> {
            ECDomainParameters domain = domain();
            return new ECPublicKeyParameters(domain.getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY()), domain);
        });
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, params);
        return verifier.verifySignature(messageDigest, r, s);
    }

    private ECDomainParameters domain() {
        ECDomainParameters d = p256;
        if (d == null) {
            X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
            d = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
            p256 = d;
        }
        return d;
    }
}
