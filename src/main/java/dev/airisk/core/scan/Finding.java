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
 */
public record Finding(String path, String rule, Severity severity, String message, long offset) {
}
