package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;

/** Bulk signature checks accept exactly what the JDK's ECDSA accepts, before and after they switch to BouncyCastle. */
class SignatureChecksTest {

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static byte[] sign(KeyPair k, byte[] message) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(k.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Test
    void manyChecks_agreeWithTheJdk_onValidTamperedAndForeignSignatures() throws Exception {
        KeyPair alice = p256();
        KeyPair bob = p256();
        SignatureChecks checks = new SignatureChecks();
        List<Boolean> expected = new ArrayList<>();
        List<Boolean> got = new ArrayList<>();
        for (int i = 0; i < 3 * SignatureChecks.BULK; i++) {
            byte[] message = ("commit " + i).getBytes(StandardCharsets.UTF_8);
            byte[] sig = sign(alice, message);
            byte[] tampered = ("commit " + i + "!").getBytes(StandardCharsets.UTF_8);
            for (Object[] c : new Object[][] {{alice, message}, {alice, tampered}, {bob, message}}) {
                KeyPair k = (KeyPair) c[0];
                byte[] m = (byte[]) c[1];
                expected.add(PublicKeys.verify(k.getPublic(), m, sig));
                got.add(checks.verify(k.getPublic(), m, sig));
            }
        }
        assertEquals(expected, got);
        assertTrue(got.contains(true));
        assertTrue(got.contains(false));
    }

    @Test
    void afterTheSwitch_nonCanonicalAndOutOfRangeSignatures_areRefused() throws Exception {
        KeyPair alice = p256();
        SignatureChecks checks = new SignatureChecks();
        byte[] message = "payload".getBytes(StandardCharsets.UTF_8);
        byte[] sig = sign(alice, message);
        for (int i = 0; i <= SignatureChecks.BULK; i++) {
            assertTrue(checks.verify(alice.getPublic(), ("warm " + i).getBytes(StandardCharsets.UTF_8), sign(alice, ("warm " + i).getBytes(StandardCharsets.UTF_8))));
        }
        assertTrue(checks.verify(alice.getPublic(), message, sig));
        ASN1Sequence seq = ASN1Sequence.getInstance(sig);
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        byte[] trailing = Arrays.copyOf(sig, sig.length + 1);
        assertFalse(checks.verify(alice.getPublic(), message, trailing), "trailing byte");
        assertFalse(checks.verify(alice.getPublic(), message, der(BigInteger.ZERO, s)), "r = 0");
        assertFalse(checks.verify(alice.getPublic(), message, der(r.negate(), s)), "negative r");
        BigInteger n = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
        assertFalse(checks.verify(alice.getPublic(), message, der(r, s.add(n))), "s + n");
        assertFalse(checks.verify(alice.getPublic(), message, new byte[] {1, 2, 3}), "garbage");
        assertEquals(PublicKeys.verify(alice.getPublic(), message, der(r, n.subtract(s))),
                checks.verify(alice.getPublic(), message, der(r, n.subtract(s))), "the other s, as the JDK judges it");
    }

    private static byte[] der(BigInteger r, BigInteger s) throws Exception {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(s));
        return new DERSequence(v).getEncoded();
    }
}
