package dev.airisk.adapters.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void seconds_areTakenAsTheyAre() {
        assertEquals(Duration.ofSeconds(0), RetryAfter.parse("0", NOW));
        assertEquals(Duration.ofSeconds(3600), RetryAfter.parse(" 3600 ", NOW));
    }

    @Test
    void anHttpDate_isCountedFromNow_andOneInThePastIsZero() {
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Tue, 01 Dec 2026 12:01:30 GMT", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse("Mon, 30 Nov 2026 12:00:00 GMT", NOW));
    }

    @Test
    void absentNegativeOrUnreadable_isNull() {
        assertNull(RetryAfter.parse(null, NOW));
        assertNull(RetryAfter.parse("-5", NOW));
        assertNull(RetryAfter.parse("soon", NOW));
        assertNull(RetryAfter.parse("1.5", NOW));
        assertNull(RetryAfter.parse("99999999999999999999", NOW));
    }
}
