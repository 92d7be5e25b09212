package dev.airisk.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Commit times along main: a small tolerance for clocks that differ, back- and forward-dating beyond it. */
class HistoryVerifierTimeTest {
    static final Instant PARENT = Instant.parse("2026-12-01T12:00:00Z");
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Instant LATEST = NOW.plus(HistoryVerifier.CLOCK_TOLERANCE);

    @Test
    void aCommitAfterItsParent_orBeforeItWithinTheTolerance_isOnTime() {
        assertNull(HistoryVerifier.time(PARENT.plusSeconds(1), PARENT, LATEST));
        assertNull(HistoryVerifier.time(PARENT.minus(Duration.ofMinutes(5)), PARENT, LATEST));
        assertNull(HistoryVerifier.time(NOW.plus(Duration.ofMinutes(5)), PARENT, LATEST));
        assertNull(HistoryVerifier.time(PARENT, null, LATEST), "the first commit has no parent");
    }

    @Test
    void aCommitDatedBeforeItsParentBeyondTheTolerance_isBackDated() {
        assertEquals("is dated 2026-12-01T11:54:59Z, before its parent (2026-12-01T12:00:00Z) by more than 5 minutes: it was back-dated",
                HistoryVerifier.time(PARENT.minus(Duration.ofMinutes(5)).minusSeconds(1), PARENT, LATEST));
    }

    @Test
    void aCommitDatedAfterThisHostsClockBeyondTheTolerance_isForwardDated() {
        assertEquals("is dated 2026-12-04T12:05:01Z, more than 5 minutes after this machine's clock: it was forward-dated, "
                + "or this machine's clock is wrong", HistoryVerifier.time(LATEST.plusSeconds(1), PARENT, LATEST));
    }
}
