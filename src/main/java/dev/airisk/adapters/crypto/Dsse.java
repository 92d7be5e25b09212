package dev.airisk.adapters.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.port.Signer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DSSE v1 envelopes (secure-systems-lab/dsse protocol): the pre-authentication encoding, signing with
 * any {@link Signer}, verifying against trusted keys, and the JSON form. Used for model signatures
 * and approvals alike; the caller checks the payload's meaning.
 */
public final class Dsse {
    /** The payload type of an in-toto Statement. */
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    private Dsse() {
    }

    /** One signature of an envelope; {@code keyId} is "" when the signer named no key. */
    public record Signature(String keyId, byte[] sig) {
        public Signature {
            keyId = keyId == null ? "" : keyId;
            sig = sig.clone();
        }

        @Override
        public byte[] sig() {
            return sig.clone();
        }
    }

    /** A payload, its type, and the signatures over their PAE. */
    public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
        public Envelope {
            payload = payload.clone();
            signatures = List.copyOf(signatures);
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** What a verified envelope holds, and the trusted key whose signature verified. */
    public record Verified(String keyId, String payloadType, byte[] payload) {
        public Verified {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in ASCII decimal bytes. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /**
     * The encoding model_signing before v1.0 signed by mistake, which its verifiers still accept:
     * {@code "DSSEV1" SP LEN(type) SP type SP LEN(body) SP repr(body)}, where {@code repr} is Python's
     * text form of a bytes object ({@code b'...'} with escapes), as a str-formatted bytes value gives it
     * (model_signing's {@code sign_sigstore_pb.pae_compat}).
     */
    static byte[] paeCompat(String payloadType, byte[] payload) {
        StringBuilder b = new StringBuilder(payload.length + 64);
        b.append("DSSEV1 ").append(payloadType.length()).append(' ').append(payloadType).append(' ')
                .append(payload.length).append(' ');
        pythonBytesRepr(b, payload);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Python's {@code repr(bytes)}: single quotes unless the bytes hold ' and no ", escapes as CPython writes them. */
    private static void pythonBytesRepr(StringBuilder b, byte[] bytes) {
        boolean single = false;
        boolean dbl = false;
        for (byte x : bytes) {
            single |= x == '\'';
            dbl |= x == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        b.append('b').append(quote);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c == quote || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c < ' ' || c >= 0x7f) {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                b.append((char) c);
            }
        }
        b.append(quote);
    }

    /** An envelope with one signature by {@code signer}, naming its key id. */
    public static Envelope sign(String payloadType, byte[] payload, Signer signer) {
        byte[] sig = signer.sign(pae(payloadType, payload));
        return new Envelope(payloadType, payload, List.of(new Signature(signer.keyId(), sig)));
    }

    /** {@link #verify(Envelope, List, String)} against a map of key id to PEM public key. */
    public static Verified verify(Envelope envelope, Map<String, String> trustedPems, String what) {
        return verify(envelope, TrustedKey.fromPems(trustedPems), what);
    }

    /**
     * The first signature that verifies with a trusted key. A signature naming a key id is tried with
     * that key only; one naming none with every trusted key. IntegrityFailure naming {@code what}
     * (e.g. "model.sig") when no signature verifies.
     */
    public static Verified verify(Envelope envelope, List<TrustedKey> trusted, String what) {
        return verify(envelope, trusted, what, PublicKeys::verify);
    }

    /** As {@link #verify(Envelope, List, String)}, checking each signature with {@code check}. */
    static Verified verify(Envelope envelope, List<TrustedKey> trusted, String what, SignatureChecks.Check check) {
        if (envelope.signatures().isEmpty()) {
            throw new IntegrityFailure(what + " holds no signature", "sign it again");
        }
        byte[] pae = pae(envelope.payloadType(), envelope.payload());
        Set<String> tried = new LinkedHashSet<>();
        String untrusted = null;
        for (Signature signature : envelope.signatures()) {
            List<TrustedKey> candidates = signature.keyId().isEmpty() ? trusted
                    : trusted.stream().filter(k -> k.keyId().equals(signature.keyId())).toList();
            for (TrustedKey key : candidates) {
                if (check.verify(key.key(), pae, signature.sig())) {
                    return new Verified(key.keyId(), envelope.payloadType(), envelope.payload());
                }
                tried.add(key.keyId());
            }
            if (candidates.isEmpty() && !signature.keyId().isEmpty() && untrusted == null) {
                untrusted = signature.keyId();
            }
        }
        if (tried.size() == 1) {
            throw new IntegrityFailure(what + " has a signature that does not verify with key " + Text.shortId(tried.iterator().next()),
                    "its payload or signature was changed after signing; sign it again");
        }
        if (tried.size() > 1) {
            throw new IntegrityFailure(what + " has no signature that verifies with any of " + tried.size() + " trusted keys",
                    "its payload or signature was changed after signing; sign it again");
        }
        if (untrusted != null) {
            throw notTrusted(what, "key " + Text.shortId(untrusted));
        }
        throw new IntegrityFailure(what + " is not signed by any trusted key",
                "sign it with a trusted key, or ask an admin to trust the signing key");
    }

    /** "WHAT is signed by KEY which is not trusted", with the fix. */
    static IntegrityFailure notTrusted(String what, String key) {
        return new IntegrityFailure(what + " is signed by " + key + " which is not trusted",
                "sign it with a trusted key, or ask an admin to trust that key");
    }

    /** The envelope as DSSE JSON: {@code payload}, {@code payloadType}, {@code signatures[{sig, keyid}]}. */
    public static ObjectNode toJson(Envelope envelope) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
        node.put("payloadType", envelope.payloadType());
        ArrayNode signatures = node.putArray("signatures");
        for (Signature signature : envelope.signatures()) {
            ObjectNode s = signatures.addObject();
            s.put("sig", Base64.getEncoder().encodeToString(signature.sig()));
            if (!signature.keyId().isEmpty()) {
                s.put("keyid", signature.keyId());
            }
        }
        return node;
    }

    /** Reads DSSE JSON strictly; IntegrityFailure naming {@code what} for anything missing or mistyped. */
    public static Envelope fromJson(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw Json.malformed(what, "has no DSSE envelope object");
        }
        byte[] payload = Json.base64(node, "payload", what);
        String payloadType = Json.text(node, "payloadType", what);
        List<Signature> signatures = new ArrayList<>();
        for (JsonNode s : Json.array(node, "signatures", what)) {
            if (!s.isObject()) {
                throw Json.malformed(what, "has a signature that is not an object");
            }
            signatures.add(new Signature(Json.optionalText(s, "keyid", what), Json.base64(s, "sig", what)));
        }
        return new Envelope(payloadType, payload, signatures);
    }

    /** The envelope as a JSON document: compact, ending in a newline. */
    public static byte[] write(Envelope envelope) {
        byte[] json = Json.write(toJson(envelope));
        byte[] out = Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    /** Reads a JSON document holding one envelope. */
    public static Envelope read(byte[] json, String what) {
        return fromJson(Json.parseObject(json, what), what);
    }
}
