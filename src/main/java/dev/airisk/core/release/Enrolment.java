package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.port.Attestations;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keys trusted through a CA: an admin trusts a CA certificate for identities in roles ({@code keys trust
 * --ca}); a key whose X.509 certificate chains to that CA, may sign, and names one of those identities
 * in its subject alternative names enrols itself ({@code keys enroll}) and from then on is a trusted key
 * like any other, holding the roles granted to its identities. The audit checks each enrolment against
 * the CA and grants trusted just before it, at the enrolment's time.
 */
final class Enrolment {
    private Enrolment() {
    }

    /** What a certificate earns: the CA it chains to, the identities it certifies, the roles they are granted. */
    record Grant(String caId, List<String> identities, Set<String> roles) {
    }

    /**
     * The grant of the first trusted CA (in id order, or only {@code onlyCa} when not null) under which
     * {@code chainPem} certifies the key at {@code at} for an identity holding roles; PolicyDenied with
     * the reason of the last CA tried otherwise.
     */
    static Grant grant(RegistryView view, Attestations attestations, String publicKeyPem, String chainPem, Instant at, String onlyCa) {
        Map<String, String> cas = view.trustedCas();
        if (cas.isEmpty()) {
            throw new PolicyDenied("this registry trusts no CA for identities",
                    "ask an admin to run 'airisk keys trust --ca CA.pem --identity ID --role ROLE'");
        }
        String reason = "no trusted CA";
        for (Map.Entry<String, String> ca : cas.entrySet()) {
            if (onlyCa != null && !onlyCa.equals(ca.getKey())) {
                continue;
            }
            List<String> identities;
            try {
                identities = attestations.certifiedIdentities(chainPem, publicKeyPem, List.of(ca.getValue()), at);
            } catch (AiriskException e) {
                reason = e.getMessage();
                continue;
            }
            Map<String, Set<String>> grants = view.caGrants(ca.getKey());
            Set<String> roles = new TreeSet<>();
            identities.forEach(id -> roles.addAll(grants.getOrDefault(id, Set.of())));
            if (!roles.isEmpty()) {
                return new Grant(ca.getKey(), identities.stream().filter(grants::containsKey).toList(), roles);
            }
            reason = "the certificate is for " + (identities.isEmpty() ? "no identity" : String.join(", ", identities))
                    + ", which CA " + ca.getKey().substring(0, 12) + " is trusted for in no role";
        }
        throw new PolicyDenied("the key's certificate is not trusted by this registry: " + reason,
                "ask an admin to trust the CA for your identity with 'airisk keys trust --ca CA.pem --identity ID --role ROLE'");
    }
}
