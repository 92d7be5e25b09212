package dev.airisk.adapters.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The HTTP {@code Retry-After} header (RFC 9110, 10.2.3): a number of seconds, or an HTTP-date. */
final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * How long to wait, counted from {@code now}; zero for a date in the past; null when the header
     * is absent or is neither form.
     */
    static Duration parse(String header, Instant now) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.matches("[0-9]{1,18}")) {
            return Duration.ofSeconds(Long.parseLong(h));
        }
        try {
            // IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"; RFC 1123's parser also reads a day without
            // a leading zero. The obsolete RFC 850 and asctime forms are not read.
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
