package dev.airisk.core.policy;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import java.time.Instant;
import java.util.Locale;

/**
 * A verified approval or rejection statement from a version's {@code approvals/} folder. The key id
 * is the one whose signature verified, never a claim from the payload.
 *
 * @param file     the file's path in the registry (for messages)
 * @param keyId    the signing key
 * @param ref      the model version the statement names
 * @param root     the root digest the statement is bound to
 * @param env      the environment it is for
 * @param role     the role the signer acted in
 * @param decision approved or rejected
 * @param at       when it was signed
 * @param expires  when it stops counting, or null
 * @param comment  free text, or null
 */
public record Approval(String file, String keyId, ModelRef ref, Sha256 root, String env, String role,
                       Decision decision, Instant at, Instant expires, String comment) {

    public enum Decision {
        APPROVED, REJECTED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }
}
