package dev.airisk.core.release;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Version;
import dev.airisk.core.port.History;
import dev.airisk.core.port.Registry;
import java.time.Instant;

/**
 * {@code airisk audit verify}: every commit from the first checked by the rules every command's reads
 * are verified by ({@link CommitRules}, through {@link HistoryVerifier}), and the release states
 * replayed from the history with the transitions the commands make ({@link Transition}).
 */
public final class Audit {
    private final Registry registry;
    private final HistoryVerifier verifier;

    Audit(Registry registry, HistoryVerifier verifier) {
        this.registry = registry;
        this.verifier = verifier;
    }

    /** The first offence, or none. */
    public record Report(int commits, Offence offence) {
        public boolean clean() {
            return offence == null;
        }
    }

    /** A commit that breaks the rules, and which rule. */
    public record Offence(String commit, Instant time, String subject, String problem) {
    }

    /**
     * Every commit from the first up to main checked by the rules of {@link CommitRules} and
     * {@link HistoryVerifier}; for a {@link VerifiedRegistry}, main is also checked against this host's
     * anchor, which a clean audit moves to main ({@code resetAnchor}: whatever it was before).
     */
    public Report verify(boolean resetAnchor) {
        if (registry instanceof VerifiedRegistry verified) {
            return verified.audit(resetAnchor);
        }
        return verifier.verify(registry.history(), null, registry.head().commitId());
    }

    /**
     * A model's release state as its history makes it: every release commit's trailers applied in
     * order from an empty state, with the transition its command applied. In a history that verifies,
     * this is the committed state.yaml but for times (a commit's time is its commit's, to the second).
     */
    ReleaseState replay(String model) {
        ReleaseState state = ReleaseState.EMPTY;
        for (History.Commit c : registry.history().commits()) {
            Operation op = Operation.of(c.trailer(Trailers.OP)).filter(Operation::changesState).orElse(null);
            if (op == null || !model.equals(c.trailer(Trailers.MODEL))) {
                continue;
            }
            String env = c.trailer(Trailers.ENV);
            ModelRef ref = new ModelRef(model, Version.parse(c.trailer(Trailers.VERSION)));
            state = state.with(env, CommitRules.transition(c, op, ref.version()).apply(state.env(env)));
        }
        return state;
    }
}
