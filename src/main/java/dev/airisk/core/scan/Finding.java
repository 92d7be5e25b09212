package dev.airisk.core.scan;

/**
 * One thing a scanner found.
 *
 * @param path     the file, relative to what was scanned; a member of a container is {@code outer!inner}
 *                 (e.g. {@code model.pt!archive/data.pkl})
 * @param rule     a stable rule id, e.g. {@code pickle/dangerous-import}, {@code secret/aws-access-key}
 * @param severity how bad it is
 * @param message  one line a person can act on; never contains a secret (secrets are redacted to their
 *                 first 4 characters and their length)
 * @param offset   the byte offset in the (innermost) file where it was found, or -1
 * @param count    how many occurrences this finding stands for: 1, or, for the summary that follows the
 *                 first findings of a rule kept in a file ({@link FindingCap}), how many more there were
 */
public record Finding(String path, String rule, Severity severity, String message, long offset, long count) {
    public Finding {
        if (count < 1) {
            throw new IllegalArgumentException("a finding stands for at least one occurrence");
        }
    }

    /** One occurrence. */
    public Finding(String path, String rule, Severity severity, String message, long offset) {
        this(path, rule, severity, message, offset, 1);
    }

    /** The same finding at another offset (a member's offset shifted by where its bytes start). */
    public Finding at(long newOffset) {
        return new Finding(path, rule, severity, message, newOffset, count);
    }
}
