package dev.airisk.core.release;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.Layout;
import dev.airisk.core.Limits;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.Approval;
import dev.airisk.core.policy.ApprovalsGate;
import dev.airisk.core.policy.GateInput;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Approvals and rejections: DSSE-signed in-toto statements bound to a version's root digest, an
 * environment and a role, one file each under the version's {@code approvals/}. The signer must hold
 * the role and must not be the key that registered the version (separation of duties).
 */
public final class Approvals {

    private final Registry registry;
    private final RegistryCodec codec;
    private final Attestations attestations;
    private final Signer signer;
    private final Clock clock;
    private final boolean dryRun;

    Approvals(Registry registry, RegistryCodec codec, Attestations attestations, Signer signer, Clock clock) {
        this(registry, codec, attestations, signer, clock, false);
    }

    private Approvals(Registry registry, RegistryCodec codec, Attestations attestations, Signer signer, Clock clock, boolean dryRun) {
        this.dryRun = dryRun;
        this.registry = registry;
        this.codec = codec;
        this.attestations = attestations;
        this.signer = signer;
        this.clock = clock;
    }

    /** The same decisions as dry runs: every check of the real run, the key unlocked, nothing written. */
    public Approvals dryRun() {
        return new Approvals(registry, codec, attestations, signer, clock, true);
    }

    /**
     * What was signed and where it is kept; with {@code changed} false, the approval that already stood
     * (nothing was signed); with {@code dryRun}, what would be signed.
     */
    public record Signed(ModelRef ref, String env, String role, Approval.Decision decision, String keyId, Instant at,
                         Instant expires, String file, String commit, boolean changed, boolean dryRun) {
    }

    public Signed decide(ModelRef ref, String env, String role, Approval.Decision decision, String comment, Duration expiresIn) {
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
            throw new InvalidInput("--expires must be a positive duration", "give e.g. 30d, 72h or 90m");
        }
        if (comment != null) {
            Limits.COMMENT.check("the comment", comment.length());
        }
        check(new RegistryView(registry.head(), codec), ref, env, role);
        signer.ready();
        Registry.Committed<Signed> done = Writes.update(registry, signer, dryRun, head -> {
            RegistryView view = new RegistryView(head, codec);
            VersionRecord record = check(view, ref, env, role);
            Instant at = clock.instant();
            Instant expires = expiresIn == null ? null : at.plus(expiresIn);
            if (decision == Approval.Decision.APPROVED) {
                Approval standing = standing(view, record, env, role, at);
                if (standing != null && lastsAtLeast(standing.expires(), expires)) {
                    return Change.none(new Signed(ref, env, role, decision, signer.keyId(), standing.at(), standing.expires(),
                            standing.file(), null, false, dryRun));
                }
            }
            Operation op = decision == Approval.Decision.APPROVED ? Operation.APPROVE : Operation.REJECT;
            String file = Layout.approvals(ref) + "/" + env + "-" + role + "-" + signer.keyId().substring(0, 12) + "-"
                    + Statements.STAMP.format(at) + "-" + op.id() + ".json";
            byte[] envelope = attestations.signStatement(
                    Statements.approval(record, env, role, decision, at, expires, comment), signer);
            String verb = decision == Approval.Decision.APPROVED ? "Approve " : "Reject ";
            CommitMessage message = new CommitMessage(verb + ref + " for " + env + " as " + role, comment,
                    Trailers.op(op).ref(ref).put(Trailers.ENV, env).put(Trailers.ROLE, role).by(signer.keyId()));
            return new Change<>(new Signed(ref, env, role, decision, signer.keyId(), at, expires, file, null, true, dryRun),
                    Map.of(file, envelope), message);
        });
        Signed s = done.result();
        return new Signed(s.ref(), s.env(), s.role(), s.decision(), s.keyId(), s.at(), s.expires(), s.file(), done.commitId(),
                s.changed(), s.dryRun());
    }

    /** This key's approval in this role that counts now for the version entering {@code env}, or null. */
    private Approval standing(RegistryView view, VersionRecord record, String env, String role, Instant now) {
        GateInput in = new GateInputs(attestations).approvalsOnly(view, record, env, now);
        return ApprovalsGate.standing(in, signer.keyId(), role).orElse(null);
    }

    /** True when an approval expiring at {@code standing} (null: never) lasts at least until {@code wanted}. */
    private static boolean lastsAtLeast(Instant standing, Instant wanted) {
        return standing == null || (wanted != null && !standing.isBefore(wanted));
    }

    private VersionRecord check(RegistryView view, ModelRef ref, String env, String role) {
        view.requireEnvironment(env);
        Set<String> approverRoles = Actors.approverRoles(view.policy());
        if (!approverRoles.contains(role)) {
            throw new InvalidInput("role '" + role + "' is not an approver role of this registry's policy",
                    "use one of " + String.join(", ", approverRoles));
        }
        VersionRecord record = view.requireRecord(ref);
        Actors.require(view, signer, Operation.APPROVE, role);
        if (signer.keyId().equals(record.registeredBy())) {
            throw new PolicyDenied("key '" + signer.keyName() + "' registered " + ref + " and cannot approve or reject it",
                    "separation of duties: ask another holder of the " + role + " role");
        }
        return record;
    }
}
