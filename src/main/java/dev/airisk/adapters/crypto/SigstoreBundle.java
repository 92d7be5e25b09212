package dev.airisk.adapters.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The Sigstore bundle v0.3 JSON (sigstore/protobuf-specs {@code Bundle}) as OpenSSF model_signing
 * writes it without Sigstore: verification material that is a public key hint ({@code publicKey.hint},
 * or before v1.1 {@code publicKey.rawBytes}/{@code keyDetails}, which model_signing disregards) or an
 * X.509 certificate chain ({@code x509CertificateChain.certificates[].rawBytes}, DER, leaf first), no
 * transparency log entries, and a DSSE envelope.
 */
final class SigstoreBundle {
    static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

    private SigstoreBundle() {
    }

    /**
     * A bundle's public key hint ("" when it has none) or its certificate chain (DER, leaf first;
     * empty for key mode), and its envelope.
     */
    record Parsed(String hint, List<byte[]> certificates, Dsse.Envelope envelope) {
        Parsed {
            certificates = List.copyOf(certificates);
        }

        boolean hasCertificates() {
            return !certificates.isEmpty();
        }
    }

    /** A key-mode bundle: the envelope and the public key hint model_signing checks. */
    static byte[] write(Dsse.Envelope envelope, String hint) {
        ObjectNode root = start();
        ObjectNode material = root.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", hint);
        material.putArray("tlogEntries");
        root.set("dsseEnvelope", Dsse.toJson(envelope));
        return Json.write(root);
    }

    /** A certificate-mode bundle: the envelope and the signer's chain (DER, leaf first). */
    static byte[] write(Dsse.Envelope envelope, List<byte[]> chain) {
        ObjectNode root = start();
        ObjectNode material = root.putObject("verificationMaterial");
        ArrayNode certificates = material.putObject("x509CertificateChain").putArray("certificates");
        chain.forEach(der -> certificates.addObject().put("rawBytes", Base64.getEncoder().encodeToString(der)));
        material.putArray("tlogEntries");
        root.set("dsseEnvelope", Dsse.toJson(envelope));
        return Json.write(root);
    }

    private static ObjectNode start() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("mediaType", MEDIA_TYPE);
        return root;
    }

    static Parsed read(byte[] bytes, String what) {
        ObjectNode root = Json.parseObject(bytes, what);
        Json.expect(root, "mediaType", MEDIA_TYPE, what);
        ObjectNode material = Json.object(root, "verificationMaterial", what);
        String hint = "";
        List<byte[]> certificates = new ArrayList<>();
        if (material.has("publicKey")) {
            hint = Json.optionalText(Json.object(material, "publicKey", what), "hint", what);
        } else if (material.has("x509CertificateChain")) {
            for (JsonNode certificate : Json.array(Json.object(material, "x509CertificateChain", what), "certificates", what)) {
                certificates.add(Json.base64(certificate, "rawBytes", what));
            }
            if (certificates.isEmpty()) {
                throw Json.malformed(what, "has an empty certificate chain");
            }
        } else if (material.has("certificate")) {
            certificates.add(Json.base64(Json.object(material, "certificate", what), "rawBytes", what));
        } else {
            throw Json.malformed(what, "names neither a public key nor a certificate chain");
        }
        if (material.hasNonNull("tlogEntries")) {
            Json.array(material, "tlogEntries", what);
        }
        if (root.has("messageSignature")) {
            throw Json.malformed(what, "holds a message signature, not a DSSE envelope");
        }
        return new Parsed(hint, certificates, Dsse.fromJson(Json.object(root, "dsseEnvelope", what), what));
    }
}
