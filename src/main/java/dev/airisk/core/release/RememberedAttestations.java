package dev.airisk.core.release;

import dev.airisk.core.model.Manifest;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Signer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Attestations whose checks of model.sig and statements are remembered by the bytes checked and the
 * keys trusted: checking a long history replays the gates of every promotion, which checks the same
 * version's model.sig, record.sig, approvals and attachments again and again. Only checks that
 * passed are remembered (a failing one is checked again and says why each time).
 */
final class RememberedAttestations implements Attestations {
    private static final int LIMIT = 4096;

    private final Attestations attestations;
    private final Memo memo = new Memo(LIMIT);

    RememberedAttestations(Attestations attestations) {
        this.attestations = attestations;
    }

    @Override
    public SignedModel verifyModel(byte[] bundle, Map<String, String> trustedKeys) {
        return memo.get("model", bundle, Map.copyOf(trustedKeys), () -> attestations.verifyModel(bundle, trustedKeys));
    }

    @Override
    public SignedStatement verifyStatement(byte[] envelope, Map<String, String> trustedKeys, String what) {
        return memo.get("statement " + what, envelope, Map.copyOf(trustedKeys),
                () -> attestations.verifyStatement(envelope, trustedKeys, what));
    }

    @Override
    public boolean verifyCommit(String armoredSignature, byte[] signedPayload, String publicKeyPem) {
        return attestations.verifyCommit(armoredSignature, signedPayload, publicKeyPem);
    }

    @Override
    public byte[] signModel(String modelName, Manifest manifest, Signer signer) {
        return attestations.signModel(modelName, manifest, signer);
    }

    @Override
    public byte[] signModel(String modelName, Manifest manifest, Layout layout, Signer signer) {
        return attestations.signModel(modelName, manifest, layout, signer);
    }

    @Override
    public byte[] signStatement(Statement statement, Signer signer) {
        return attestations.signStatement(statement, signer);
    }

    @Override
    public String keyId(String publicKeyPem) {
        return attestations.keyId(publicKeyPem);
    }

    @Override
    public String caId(String caCertificatePem) {
        return attestations.caId(caCertificatePem);
    }

    @Override
    public List<String> certifiedIdentities(String chainPem, String publicKeyPem, List<String> caPems, Instant at) {
        return attestations.certifiedIdentities(chainPem, publicKeyPem, caPems, at);
    }
}
