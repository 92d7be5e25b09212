package dev.airisk.core.release;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.model.Roles;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.Signer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Who may write what: the acting key must be trusted and hold one of the roles an operation needs. */
final class Actors {
    static final String ADMIN = "admin";
    static final String PUBLISHER = "publisher";
    static final String RELEASER = "releaser";
    static final String APPROVER = "approver";
    static final String NOTIFIER = "notifier";
    /** Rolls back and works on incidents (unattended, e.g. from cron); may not promote or do anything else. */
    static final String RESPONDER = "responder";

    private Actors() {
    }

    /** Throws unless {@code signer} is trusted by {@code view} and holds at least one of the roles {@code op} needs. */
    static void require(RegistryView view, Signer signer, Operation op) {
        require(view, signer, op, null);
    }

    /**
     * As {@link #require(RegistryView, Signer, Operation)}; {@code detail} is what the operation's purpose
     * names: the role an approval is made in, or the version evidence is attached to.
     */
    static void require(RegistryView view, Signer signer, Operation op, String detail) {
        require(view, signer, op.purpose(detail), op.roles(view.policy(), detail));
    }

    private static void require(RegistryView view, Signer signer, String what, List<String> roles) {
        if (signer == null) {
            throw new InvalidInput(what + " needs an acting key", "create one with 'airisk keys generate --name NAME'");
        }
        String id = signer.keyId();
        if (!view.trustedKeys().containsKey(id)) {
            throw new PolicyDenied("key '" + signer.keyName() + "' (" + id.substring(0, 12) + ") is not trusted by this registry",
                    "ask an admin to run 'airisk keys trust KEY.pub.pem --role " + roles.get(0) + "'");
        }
        Roles held = view.roles();
        if (roles.stream().noneMatch(r -> held.has(id, r))) {
            throw new PolicyDenied("key '" + signer.keyName() + "' does not hold the " + String.join(" or ", roles)
                    + " role needed to " + what, "ask an admin to run 'airisk keys trust KEY.pub.pem --role " + roles.get(0) + "'");
        }
    }

    /** Roles that may sign approvals: the built-in approver role and every role the policy asks approvals of. */
    static Set<String> approverRoles(Policy policy) {
        Set<String> out = new TreeSet<>();
        out.add(APPROVER);
        policy.tiers().values().forEach(t -> t.approvals().values().forEach(m -> out.addAll(m.keySet())));
        return out;
    }

    /** Every role a key may be given: the built-in ones and the approver roles of the policy. */
    static Set<String> knownRoles(Policy policy) {
        Set<String> out = new TreeSet<>(Roles.BUILT_IN);
        out.addAll(approverRoles(policy));
        return out;
    }
}
