package dev.airisk.core.policy;

import static dev.airisk.core.policy.TestInput.NOW;
import static dev.airisk.core.policy.TestInput.REGISTRANT;
import static dev.airisk.core.policy.TestInput.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ApprovalsGateTest {
    static final String A = key("aa11");
    static final String B = key("bb22");
    static final String C = key("cc33");
    static final Instant T1 = NOW.minus(Duration.ofHours(3));
    static final Instant T2 = NOW.minus(Duration.ofHours(2));
    static final Instant T3 = NOW.minus(Duration.ofHours(1));
    static final String MISSING_FIX_SUFFIX = " (distinct keys, not the registrant's)";

    /** prod needs one risk-committee and one peer-review key; A sits on the committee, B and C are peers. */
    private static TestInput needingTwoRoles() {
        TestInput t = new TestInput().tierRules(new Policy.TierRules(null, null, null, false,
                Map.of("prod", Map.of("risk-committee", 1, "peer-review", 1), "staging", Map.of("peer-review", 1)), null));
        return t.role("risk-committee", A).role("peer-review", B, C);
    }

    private static GateResult run(TestInput t) {
        return t.run(new ApprovalsGate());
    }

    private static String approve(String role) {
        return "'airisk approve churn@1.4.0 --for prod --role " + role + "'";
    }

    @Test
    void approvals_noneRequired_passes() {
        assertEquals(GateResult.pass("approvals", "no approvals required for tier high in prod"), run(new TestInput()));
    }

    @Test
    void approvals_noneRequired_stillMentionsUnusableStatements() {
        TestInput t = new TestInput();
        t.unusable.add("approvals/x.json: signature does not verify under a trusted key");
        assertEquals(GateResult.pass("approvals", "no approvals required for tier high in prod;"
                + " ignored unusable approvals/x.json: signature does not verify under a trusted key"), run(t));
    }

    @Test
    void approvals_everyRoleMet_passes() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1).approve(B, "peer-review", T2);
        assertEquals(GateResult.pass("approvals", "approved: peer-review 1/1, risk-committee 1/1"), run(t));
    }

    @Test
    void approvals_missingRole_failsWithTheCommandToApprove() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1);
        assertEquals(GateResult.fail("approvals", "approvals missing: peer-review 0/1, risk-committee 1/1",
                "approve with " + approve("peer-review") + MISSING_FIX_SUFFIX), run(t));
    }

    @Test
    void approvals_keyWithTwoRoles_countsOnce() {
        TestInput t = needingTwoRoles().role("peer-review", A).approve(A, "risk-committee", T1).approve(A, "peer-review", T2);
        GateResult r = run(t);
        assertEquals(GateResult.Result.FAIL, r.result());
        assertEquals("approvals missing: peer-review 1/1, risk-committee 0/1", r.message());
        assertEquals("approve with " + approve("risk-committee") + MISSING_FIX_SUFFIX, r.fix());
    }

    @Test
    void approvals_keyWithTwoRoles_isMovedToTheRoleOnlyItCanFill() {
        // A (both roles) would take the first slot, peer-review; the matching moves it to risk-committee so B fits.
        TestInput t = needingTwoRoles().role("peer-review", A)
                .approve(A, "peer-review", T1).approve(A, "risk-committee", T1).approve(B, "peer-review", T2);
        assertEquals(GateResult.pass("approvals", "approved: peer-review 1/1, risk-committee 1/1"), run(t));
    }

    @Test
    void approvals_sameKeyTwice_countsOnce() {
        TestInput t = new TestInput().tierRules(new Policy.TierRules(null, null, null, false,
                Map.of("prod", Map.of("peer-review", 2)), null)).role("peer-review", B, C);
        t.approve(B, "peer-review", T1).approve(B, "peer-review", T2);
        assertEquals("approvals missing: peer-review 1/2", run(t).message());
        t.approve(C, "peer-review", T3);
        assertEquals("approved: peer-review 2/2", run(t).message());
    }

    @Test
    void approvals_newestStatementOfARoleIsARejection_failsWhateverTheCounts() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1).approve(B, "peer-review", T1)
                .reject(C, "peer-review", T2, "fairness gap\non age too large");
        assertEquals(GateResult.fail("approvals", "rejected by peer-review key cc3300000000: fairness gap on age too large;"
                        + " peer-review 1/1, risk-committee 1/1",
                "resolve the objection, then approve with " + approve("peer-review")), run(t));
    }

    @Test
    void approvals_rejectionThenLaterApprovalByAnotherKeyOfTheRole_passes() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1).reject(C, "peer-review", T1, null)
                .approve(B, "peer-review", T2);
        assertEquals(GateResult.pass("approvals", "approved: peer-review 1/1, risk-committee 1/1"), run(t));
    }

    @Test
    void approvals_rejectionThenLaterApprovalBySameKey_passes() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1).reject(B, "peer-review", T1, null)
                .approve(B, "peer-review", T2);
        assertEquals("approved: peer-review 1/1, risk-committee 1/1", run(t).message());
    }

    @Test
    void approvals_approvalThenLaterRejectionBySameKey_failsWithoutComment() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1).approve(B, "peer-review", T1)
                .reject(B, "peer-review", T2, null);
        assertEquals("rejected by peer-review key bb2200000000: (no comment); peer-review 0/1, risk-committee 1/1", run(t).message());
    }

    @Test
    void approvals_expired_isIgnored() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1);
        Approval a = t.approval("approvals/b-old.json", B, "peer-review", Approval.Decision.APPROVED, T1);
        t.approvals.add(new Approval(a.file(), a.keyId(), a.ref(), a.root(), a.env(), a.role(), a.decision(), a.at(),
                Instant.parse("2026-11-01T00:00:00Z"), null));
        assertEquals("approvals missing: peer-review 0/1, risk-committee 1/1;"
                + " ignored approvals/b-old.json: expired 2026-11-01T00:00:00Z", run(t).message());
    }

    @Test
    void approvals_replayFromAnotherVersion_isIgnoredWithTheReason() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1);
        Approval a = t.approval("approvals/b-replay.json", B, "peer-review", Approval.Decision.APPROVED, T2);
        t.approvals.add(new Approval(a.file(), a.keyId(), ModelRef.parse("churn@1.3.0"), a.root(), a.env(), a.role(), a.decision(), a.at(), null, null));
        Sha256 other = Sha256.digest(TestInput.bytes("other"));
        t.approvals.add(new Approval("approvals/b-rebuilt.json", B, t.ref, other, "prod", "peer-review", Approval.Decision.APPROVED, T2, null, null));
        assertEquals("approvals missing: peer-review 0/1, risk-committee 1/1; ignored approvals/b-replay.json: signed for churn@1.3.0,"
                + " approvals/b-rebuilt.json: signed for other content of churn@1.4.0 (root " + other.shortHex() + ")", run(t).message());
    }

    @Test
    void approvals_forAnotherEnvironment_neitherCountNorClutterTheMessage() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1);
        Approval a = t.approval("approvals/b-staging.json", B, "peer-review", Approval.Decision.APPROVED, T2);
        t.approvals.add(new Approval(a.file(), a.keyId(), a.ref(), a.root(), "staging", a.role(), a.decision(), a.at(), null, null));
        assertEquals("approvals missing: peer-review 0/1, risk-committee 1/1", run(t).message());
    }

    @Test
    void approvals_registrantsOwnApproval_isIgnored() {
        TestInput t = needingTwoRoles().role("peer-review", REGISTRANT).approve(A, "risk-committee", T1)
                .approve(REGISTRANT, "peer-review", T2);
        assertEquals("approvals missing: peer-review 0/1, risk-committee 1/1; ignored approvals/9900-peer-review-"
                + T2.getEpochSecond() + ".json: signed by the registrant's key 990000000000 (separation of duties)", run(t).message());
    }

    @Test
    void approvals_keyThatDoesNotHoldTheRoleNow_isIgnored() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1).approve(A, "peer-review", T2);
        assertEquals("approvals missing: peer-review 0/1, risk-committee 1/1; ignored approvals/aa11-peer-review-"
                + T2.getEpochSecond() + ".json: key aa1100000000 does not hold role peer-review", run(t).message());
    }

    @Test
    void approvals_unusableStatements_areListedAndManyAreShortened() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1);
        for (int i = 1; i <= 5; i++) {
            t.unusable.add("approvals/bad" + i + ".json: signature does not verify");
        }
        assertEquals("approvals missing: peer-review 0/1, risk-committee 1/1; ignored unusable approvals/bad1.json: signature does"
                + " not verify, unusable approvals/bad2.json: signature does not verify, unusable approvals/bad3.json: signature"
                + " does not verify and 2 more", run(t).message());
    }

    @Test
    void approvals_rolesAreCountedPerEnvironment() {
        TestInput t = needingTwoRoles().approve(A, "risk-committee", T1);
        t.env = "staging";
        t.approve(B, "peer-review", T2);
        assertEquals(GateResult.pass("approvals", "approved: peer-review 1/1"), run(t));
    }

    @Test
    void matching_fillsAsManySlotsAsDistinctKeysAllow() {
        // Three slots (r1 x2, r2 x1); keys k1{r1,r2}, k2{r1}, k3{r1}: k1 must take r2.
        Map<String, Map<String, Approval>> byRole = Map.of(
                "r1", Map.of("k1", stub("k1", "r1"), "k2", stub("k2", "r1"), "k3", stub("k3", "r1")),
                "r2", Map.of("k1", stub("k1", "r2")));
        assertEquals(Map.of("r1", 2, "r2", 1), ApprovalsGate.match(new TreeMap<>(Map.of("r1", 2, "r2", 1)), byRole));
        assertEquals(Map.of("r1", 1), ApprovalsGate.match(new TreeMap<>(Map.of("r1", 1, "r2", 1)),
                Map.of("r1", Map.of("k2", stub("k2", "r1")))));
    }

    private static Approval stub(String key, String role) {
        TestInput t = new TestInput();
        return t.approval("approvals/" + key + ".json", key, role, Approval.Decision.APPROVED, T1);
    }


    /** churn@1.4.0 was rolled back out of prod at T2 for INC-7001. */
    private static TestInput rolledBackAtT2(TestInput t) {
        t.state = t.state.with("prod", new ReleaseState.Env(
                new ReleaseState.Stable(TestInput.v("1.3.0"), T2, null, key("77")), null,
                List.of(new ReleaseState.RolledBack(t.ref.version(), T2, key("77"), "INC-7001")), null));
        return t;
    }

    @Test
    void approvals_signedBeforeARollbackOutOfTheEnvironment_noLongerCount() {
        TestInput t = rolledBackAtT2(needingTwoRoles().approve(A, "risk-committee", T1).approve(B, "peer-review", T1));
        GateResult r = run(t);
        assertEquals(GateResult.fail("approvals", "approvals missing: peer-review 0/1, risk-committee 0/1; invalidated by the rollback "
                        + "of churn@1.4.0 out of prod at " + T2.truncatedTo(ChronoUnit.SECONDS)
                        + " (INC-7001): peer-review approval by key " + B.substring(0, 12) + ", risk-committee approval by key " + A.substring(0, 12),
                "approve with " + approve("peer-review") + " and " + approve("risk-committee") + " (distinct keys, not the registrant's; "
                        + "approvals signed before the rollback at " + T2.truncatedTo(ChronoUnit.SECONDS) + " no longer count)"), r);
        assertEquals(Optional.empty(), ApprovalsGate.standing(t.build(), A, "risk-committee"));
    }

    @Test
    void approvals_signedAfterTheRollback_count() {
        TestInput t = rolledBackAtT2(needingTwoRoles().approve(A, "risk-committee", T1).approve(A, "risk-committee", T3)
                .approve(C, "peer-review", T3));
        assertEquals(GateResult.Result.PASS, run(t).result());
        assertEquals(T3, ApprovalsGate.standing(t.build(), A, "risk-committee").orElseThrow().at());
    }

    @Test
    void approvals_aRejectionWithdrawnBeforeTheRollback_doesNotComeBack() {
        // B rejected, C approved later (which the role's newest statement is), then the rollback: fresh approvals needed, no rejection
        TestInput t = rolledBackAtT2(needingTwoRoles().approve(A, "risk-committee", T3).reject(B, "peer-review", T1.minusSeconds(60), "no")
                .approve(C, "peer-review", T1));
        GateResult r = run(t);
        assertEquals(GateResult.Result.FAIL, r.result());
        assertEquals(true, r.message().startsWith("approvals missing: peer-review 0/1, risk-committee 1/1; invalidated by"), r.message());
    }
}
