package dev.airisk.core.policy;

import dev.airisk.core.model.ReleaseState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The signed approvals the tier requires for the environment: per role, so many distinct keys.
 *
 * <p>A statement counts only when it names this version, its root digest and this environment, has
 * not expired, was not signed by the key that registered the version (separation of duties) and its
 * key holds the role now. Per key and role only the newest statement counts. A role whose newest
 * statement is a rejection denies, whatever the counts, until a later approval of that role. Each key
 * fills at most one slot: keys are matched to role slots (a bipartite matching), so a key holding
 * two roles never satisfies both. When the version was rolled back out of the environment (and the
 * policy's {@code approvals.invalidate_on_rollback} holds, the default), a key whose newest statement is
 * an approval signed before that rollback fills no slot: the version needs fresh approvals to return.
 */
public final class ApprovalsGate implements Gate {
    static final String ID = "approvals";
    private static final int SHOWN_NOTES = 3;

    ApprovalsGate() {
    }

    /**
     * The approval by {@code keyId} in {@code role} that counts for this decision now, if its newest
     * usable statement is one (not expired, not invalidated by a rollback, and so on).
     */
    public static Optional<Approval> standing(GateInput in, String keyId, String role) {
        Approval newest = null;
        for (Approval a : usable(in, new ArrayList<>())) {
            if (a.keyId() != null && a.keyId().equalsIgnoreCase(keyId) && role.equals(a.role())) {
                newest = newest == null ? a : newer(newest, a);
            }
        }
        ReleaseState.RolledBack rollback = rollback(in);
        return newest == null || newest.decision() != Approval.Decision.APPROVED || invalidated(newest, rollback)
                ? Optional.empty() : Optional.of(newest);
    }

    /** By file, why the gate ignores the statements for this environment that it ignores (the reasons its message gives). */
    public static Map<String, String> ignored(GateInput in) {
        List<String> notes = new ArrayList<>();
        usable(in, notes);
        Map<String, String> out = new LinkedHashMap<>();
        for (Approval a : in.approvals()) {
            String prefix = GateText.oneLine(a.file()) + ": ";
            notes.stream().filter(n -> n.startsWith(prefix)).findFirst().ifPresent(n -> out.put(a.file(), n.substring(prefix.length())));
        }
        return out;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the roles the risk tier requires for the environment approved this version with distinct keys";
    }

    @Override
    public GateResult evaluate(GateInput in) {
        Map<String, Integer> needed = new TreeMap<>();
        Gates.tierRules(in).approvalsFor(in.env()).forEach((role, n) -> {
            if (n != null && n > 0) {
                needed.put(role, n);
            }
        });
        List<String> notes = new ArrayList<>();
        List<Approval> usable = usable(in, notes);
        in.unusable().forEach(u -> notes.add("unusable " + GateText.oneLine(u)));
        String ignored = notes.isEmpty() ? "" : "; ignored " + GateText.firstFew(notes, SHOWN_NOTES);

        if (needed.isEmpty()) {
            return GateResult.pass(ID, "no approvals required for tier " + GateText.tier(Gates.riskTier(in)) + " in " + in.env() + ignored);
        }

        // Per (role, key) the newest statement; of two at the same instant, a rejection.
        Map<String, Map<String, Approval>> newestByRole = new TreeMap<>();
        for (Approval a : usable) {
            if (!needed.containsKey(a.role())) {
                continue;
            }
            newestByRole.computeIfAbsent(a.role(), r -> new TreeMap<>()).merge(a.keyId(), a, ApprovalsGate::newer);
        }

        // Approvals signed before a rollback out of this environment fill no slot.
        ReleaseState.RolledBack rollback = rollback(in);
        List<String> invalidated = new ArrayList<>();
        Map<String, Map<String, Approval>> counting = new TreeMap<>();
        newestByRole.forEach((role, byKey) -> byKey.forEach((key, a) -> {
            if (invalidated(a, rollback)) {
                invalidated.add(role + " approval by key " + GateText.key(key));
            } else {
                counting.computeIfAbsent(role, r -> new TreeMap<>()).put(key, a);
            }
        }));
        String voided = invalidated.isEmpty() ? "" : "; invalidated by " + describe(in, rollback) + ": "
                + GateText.firstFew(invalidated, SHOWN_NOTES);

        Map<String, Integer> filled = match(needed, counting);
        String counts = String.join(", ", needed.entrySet().stream()
                .map(e -> e.getKey() + " " + filled.getOrDefault(e.getKey(), 0) + "/" + e.getValue()).toList()) + voided;

        for (String role : needed.keySet()) {
            Approval newest = null;
            for (Approval a : newestByRole.getOrDefault(role, Map.of()).values()) {
                newest = newest == null ? a : newer(newest, a);
            }
            if (newest != null && newest.decision() == Approval.Decision.REJECTED) {
                String comment = GateText.blank(newest.comment()) ? "(no comment)" : GateText.oneLine(newest.comment());
                return GateResult.fail(ID, "rejected by " + role + " key " + GateText.key(newest.keyId()) + ": " + comment
                                + "; " + counts + ignored,
                        "resolve the objection, then approve with " + approveCommand(in, role));
            }
        }

        List<String> unmet = needed.entrySet().stream()
                .filter(e -> filled.getOrDefault(e.getKey(), 0) < e.getValue()).map(Map.Entry::getKey).toList();
        if (unmet.isEmpty()) {
            return GateResult.pass(ID, "approved: " + counts + ignored);
        }
        return GateResult.fail(ID, "approvals missing: " + counts + ignored,
                "approve with " + String.join(" and ", unmet.stream().map(r -> approveCommand(in, r)).toList())
                        + " (distinct keys, not the registrant's" + (invalidated.isEmpty() ? ""
                        : "; approvals signed before the rollback at " + GateText.instant(rollback.at()) + " no longer count") + ")");
    }

    /** The newest rollback of this version out of this environment, when the policy invalidates approvals on rollback. */
    private static ReleaseState.RolledBack rollback(GateInput in) {
        if (!in.policy().approvalRules().invalidateOnRollback()) {
            return null;
        }
        return in.state().env(in.env()).rolledBack().stream().filter(r -> r.version().equals(in.ref().version()))
                .findFirst().orElse(null);
    }

    /** An approval signed before the rollback (a rejection stands whatever its time). */
    private static boolean invalidated(Approval a, ReleaseState.RolledBack rollback) {
        return rollback != null && a.decision() == Approval.Decision.APPROVED && a.at().isBefore(rollback.at());
    }

    private static String describe(GateInput in, ReleaseState.RolledBack rollback) {
        String reason = GateText.oneLine(rollback.reason());
        return "the rollback of " + in.ref() + " out of " + in.env() + " at " + GateText.instant(rollback.at())
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    /** The statements that may count for this decision; the others that concern it go to {@code notes} with the reason. */
    private static List<Approval> usable(GateInput in, List<String> notes) {
        List<Approval> out = new ArrayList<>();
        for (Approval a : in.approvals()) {
            if (!in.env().equals(a.env())) {
                continue;
            }
            String file = GateText.oneLine(a.file());
            String why = null;
            if (!in.ref().equals(a.ref())) {
                why = "signed for " + a.ref();
            } else if (!in.record().rootDigest().equals(a.root())) {
                why = "signed for other content of " + a.ref() + " (root " + (a.root() == null ? "none" : a.root().shortHex()) + ")";
            } else if (a.expiredAt(in.now())) {
                why = "expired " + GateText.instant(a.expires());
            } else if (a.keyId() != null && a.keyId().equalsIgnoreCase(in.record().registeredBy())) {
                why = "signed by the registrant's key " + GateText.key(a.keyId()) + " (separation of duties)";
            } else if (!in.roles().has(a.keyId(), a.role())) {
                why = "key " + GateText.key(a.keyId()) + " does not hold role " + a.role();
            }
            if (why == null) {
                out.add(a);
            } else {
                notes.add(file + ": " + why);
            }
        }
        return out;
    }

    /** The newer of two statements; at the same instant the rejection, so a tie never approves. */
    private static Approval newer(Approval a, Approval b) {
        int c = a.at().compareTo(b.at());
        if (c != 0) {
            return c > 0 ? a : b;
        }
        return b.decision() == Approval.Decision.REJECTED ? b : a;
    }

    /**
     * Fills the role slots with distinct keys (Kuhn's augmenting paths, keys and roles in sorted order
     * so the counts shown are stable) and returns how many slots of each role were filled.
     */
    static Map<String, Integer> match(Map<String, Integer> needed, Map<String, Map<String, Approval>> newestByRole) {
        List<String> slots = new ArrayList<>();
        needed.forEach((role, n) -> {
            for (int i = 0; i < n; i++) {
                slots.add(role);
            }
        });
        Map<String, List<Integer>> slotsOfKey = new LinkedHashMap<>();
        TreeSet<String> keys = new TreeSet<>();
        newestByRole.forEach((role, byKey) -> byKey.forEach((key, a) -> {
            if (a.decision() == Approval.Decision.APPROVED) {
                keys.add(key);
            }
        }));
        for (String key : keys) {
            List<Integer> mine = new ArrayList<>();
            for (int s = 0; s < slots.size(); s++) {
                Approval a = newestByRole.getOrDefault(slots.get(s), Map.of()).get(key);
                if (a != null && a.decision() == Approval.Decision.APPROVED) {
                    mine.add(s);
                }
            }
            slotsOfKey.put(key, mine);
        }
        String[] holder = new String[slots.size()];
        for (String key : slotsOfKey.keySet()) {
            augment(key, slotsOfKey, holder, new boolean[slots.size()]);
        }
        Map<String, Integer> filled = new HashMap<>();
        for (int s = 0; s < slots.size(); s++) {
            if (holder[s] != null) {
                filled.merge(slots.get(s), 1, Integer::sum);
            }
        }
        return filled;
    }

    private static boolean augment(String key, Map<String, List<Integer>> slotsOfKey, String[] holder, boolean[] seen) {
        for (int s : slotsOfKey.get(key)) {
            if (seen[s]) {
                continue;
            }
            seen[s] = true;
            if (holder[s] == null || augment(holder[s], slotsOfKey, holder, seen)) {
                holder[s] = key;
                return true;
            }
        }
        return false;
    }

    private static String approveCommand(GateInput in, String role) {
        return "'airisk approve " + in.ref() + " --for " + in.env() + " --role " + role + "'";
    }
}
