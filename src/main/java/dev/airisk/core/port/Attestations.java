package dev.airisk.core.port;

import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.Sha256;
import java.util.Map;

/**
 * Model signatures in interoperable formats: a Sigstore bundle v0.3 holding a DSSE envelope whose
 * payload is an in-toto Statement v1 with the OpenSSF model_signing v1.0 predicate.
 */
public interface Attestations {

    /** The bytes of {@code model.sig} for a model's manifest, signed by {@code signer}. */
    byte[] signModel(String modelName, Manifest manifest, Signer signer);

    /**
     * Checks a bundle's signature against the trusted public keys (key id to PEM) and returns what it
     * states. Throws IntegrityFailure naming what is wrong (malformed, unknown key, bad signature).
     */
    SignedModel verifyModel(byte[] bundle, Map<String, String> trustedKeys);

    /** What a verified model signature states. */
    record SignedModel(String keyId, String subjectName, Sha256 rootDigest, Map<String, Sha256> resources) {
    }
}
