package dev.airisk.adapters.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Sigstore bundle v0.3 JSON (sigstore/protobuf-specs {@code Bundle}) as OpenSSF model_signing
 * writes it in key mode: a public key hint, no transparency log entries, and a DSSE envelope.
 */
final class SigstoreBundle {
    static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

    private SigstoreBundle() {
    }

    /** A bundle's public key hint ("" when it has none) and its envelope. */
    record Parsed(String hint, Dsse.Envelope envelope) {
    }

    static byte[] write(Dsse.Envelope envelope, String hint) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("mediaType", MEDIA_TYPE);
        ObjectNode material = root.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", hint);
        material.putArray("tlogEntries");
        root.set("dsseEnvelope", Dsse.toJson(envelope));
        return Json.write(root);
    }

    static Parsed read(byte[] bytes, String what) {
        ObjectNode root = Json.parseObject(bytes, what);
        Json.expect(root, "mediaType", MEDIA_TYPE, what);
        ObjectNode material = Json.object(root, "verificationMaterial", what);
        if (!material.has("publicKey")) {
            throw Json.malformed(what, "names no public key (airisk verifies key-signed bundles only)");
        }
        String hint = Json.optionalText(Json.object(material, "publicKey", what), "hint", what);
        if (material.has("tlogEntries")) {
            Json.array(material, "tlogEntries", what);
        }
        if (root.has("messageSignature")) {
            throw Json.malformed(what, "holds a message signature, not a DSSE envelope");
        }
        return new Parsed(hint, Dsse.fromJson(Json.object(root, "dsseEnvelope", what), what));
    }
}
