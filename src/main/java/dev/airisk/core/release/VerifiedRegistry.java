package dev.airisk.core.release;

import static dev.airisk.core.model.HexIds.shortId;

import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.port.Anchors;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.History;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Snapshot;
import java.util.Optional;
import java.util.function.Function;

/**
 * A registry whose every read is verified: before a command sees a head, the commits from the last
 * one this host verified (its anchor, see {@link Anchors}) up to that head are checked with the rules
 * of {@code audit verify}, and a head that no longer contains the anchor (history rewound or
 * rewritten) is refused. A write verifies the head it applies its operation to before the operation
 * runs, so nothing is ever signed or pushed on top of an unverified or rewound history. After each
 * verified head (and after each write) the anchor moves forward, so a command on an unchanged
 * registry checks nothing again and one new commit costs one commit's check.
 *
 * <p>{@code pinned} is an anchor given for this run ({@code --trust-anchor}, AIRISK_TRUST_ANCHOR): the
 * main branch must contain it, and verification starts there when this host has no later anchor.
 */
public final class VerifiedRegistry implements Registry {
    private final Registry inner;
    private final HistoryVerifier verifier;
    private final Anchors anchors;
    private final String key;
    private final String pinned;
    private String verified;
    /** A commit this process checked (or derived) to contain {@code pinned}; null when none. */
    private String pinnedIn;

    /**
     * @param key the registry's name among this host's anchors (a canonical path, or a URL without
     *            credentials)
     */
    public VerifiedRegistry(Registry inner, HistoryVerifier verifier, Anchors anchors, String key, String pinned) {
        this.inner = inner;
        this.verifier = verifier;
        this.anchors = anchors;
        this.key = key;
        this.pinned = pinned == null || pinned.isBlank() ? null : pinned.strip();
    }

    @Override
    public String location() {
        return inner.location();
    }

    @Override
    public String folder() {
        return inner.folder();
    }

    @Override
    public synchronized Snapshot head() {
        Snapshot head = inner.head();
        verify(head.commitId());
        return head;
    }

    @Override
    public <T> Committed<T> update(Function<Snapshot, Change<T>> op) {
        String[] base = new String[1];
        Committed<T> done = inner.update(head -> {
            verify(head.commitId());
            base[0] = head.commitId();
            return op.apply(head);
        });
        if (done.commitId() != null) {
            synchronized (this) {
                History history = inner.history();
                // the new commit contains the head it was made on; that head contains the pinned anchor if it was checked to
                boolean pinnedHolds = pinned != null && base[0] != null && base[0].equals(pinnedIn)
                        && history.contains(done.commitId(), base[0]);
                verified = done.commitId();
                pinnedIn = pinnedHolds ? verified : null;
                anchors.advance(key, verified, recorded -> contains(history, verified, recorded));
                rememberPinned();
            }
        }
        return done;
    }

    /** The history of the main branch, once its head is verified. */
    @Override
    public History history() {
        head();
        return inner.history();
    }

    @Override
    public void close() {
        inner.close();
    }

    /**
     * {@code audit verify}: the whole history checked from the first commit (not from the anchor),
     * and main checked against this host's anchor. With {@code reset}, a clean history replaces the
     * anchor whatever it was: the deliberate way to accept a history that was rewound or rewritten.
     */
    public synchronized Audit.Report audit(boolean reset) {
        String head = inner.head().commitId();
        History history = inner.history();
        if (!reset) {
            requireContained(history, head);
        }
        Audit.Report report = verifier.verify(history, null, head);
        if (report.clean()) {
            verified = head;
            if (reset) {
                anchors.reset(key, head);
            } else {
                anchors.advance(key, head, recorded -> contains(history, head, recorded));
            }
        }
        return report;
    }

    /** The commit this host last verified for the registry, if any. */
    public Optional<String> anchor() {
        return anchors.read(key);
    }

    private synchronized void verify(String head) {
        if (head.equals(verified)) {
            return;
        }
        History history = inner.history();
        if (verified != null && !contains(history, head, verified)) {
            if (overtaken(history, head, verified)) {
                return;
            }
            throw rewound(head, verified, "this command read before");
        }
        String since;
        if (verified != null) {
            since = verified;
            // head contains verified: whatever verified contains, head does too
            pinnedIn = verified.equals(pinnedIn) ? head : null;
        } else {
            since = requireContained(history, head);
        }
        Audit.Report report = verifier.verify(history, since, head);
        if (!report.clean()) {
            Audit.Offence o = report.offence();
            throw new IntegrityFailure("the registry at " + location() + " holds a commit that breaks its rules, so nothing was read or written: commit "
                    + shortId(o.commit()) + " ('" + o.subject() + "') " + o.problem(),
                    "run 'airisk audit verify' and restore the registry from a trusted copy; the commits before it were verified");
        }
        verified = head;
        anchors.advance(key, head, recorded -> contains(history, head, recorded));
        rememberPinned();
    }

    /** Records with the anchors that the verified head contains the pinned anchor, when this process knows it does. */
    private void rememberPinned() {
        if (pinned != null && verified != null && verified.equals(pinnedIn)) {
            anchors.rememberContains(key, verified, pinned);
        }
    }

    /**
     * Checks that {@code head} contains this host's anchor and the pinned one, and returns where
     * verification starts: the later of the two, or null (the first commit) when there is neither,
     * or {@code head} itself when it is older than the anchor but main has moved on past the anchor
     * (see {@link #overtaken}). That {@code head} contains the pinned anchor is known without a walk
     * when it contains this host's anchor and this host recorded that its anchor contains the pinned one.
     */
    private String requireContained(History history, String head) {
        String recorded = anchors.read(key).orElse(null);
        if (pinned != null && !known(history, pinned)) {
            throw new AiriskException.InvalidInput("the trust anchor '" + pinned + "' is not a commit of the registry at " + location(),
                    "give the full id of a commit of its main branch ('airisk log' shows them)");
        }
        if (recorded != null && !contains(history, head, recorded)) {
            if (overtaken(history, head, recorded)) {
                return head;
            }
            throw rewound(head, recorded, "this machine verified before");
        }
        if (pinned == null) {
            return recorded;
        }
        // here head contains the recorded anchor (when there is one)
        boolean viaAnchor = recorded != null && anchors.knownToContain(key, recorded, pinned);
        if (!viaAnchor && !contains(history, head, pinned)) {
            throw rewound(head, pinned, "the trust anchor given names");
        }
        pinnedIn = head;
        if (recorded == null) {
            return pinned;
        }
        // the recorded anchor contains the pinned one, so the pinned one is no later
        return !viaAnchor && contains(history, pinned, recorded) ? pinned : recorded;
    }

    /**
     * True when {@code head} is an older commit than {@code anchor} only because it was read before
     * another process (or thread) verified a later main and moved the anchor there: the anchor
     * descends from the head, and main, read again now, still contains the anchor. Such a head needs
     * no check (everything up to the anchor was checked). A main that no longer contains the anchor
     * was rewound.
     */
    private boolean overtaken(History history, String head, String anchor) {
        return contains(history, anchor, head) && contains(history, inner.head().commitId(), anchor);
    }

    private IntegrityFailure rewound(String head, String anchor, String whose) {
        return new IntegrityFailure("the main branch of the registry at " + location() + " was rewound or rewritten: it is at "
                + shortId(head) + ", which does not contain commit " + shortId(anchor) + " that " + whose
                + "; nothing was read or written",
                "find out who moved it and why; if it was deliberate, accept the history now there with 'airisk audit verify --reset-anchor'");
    }

    private static boolean known(History history, String commit) {
        try {
            history.commit(commit);
            return true;
        } catch (AiriskException.NotFound e) {
            return false;
        }
    }

    /** True when {@code head} contains {@code anchor}; false also when the anchor is not in the repository at all. */
    private static boolean contains(History history, String head, String anchor) {
        return known(history, anchor) && history.contains(head, anchor);
    }

}
