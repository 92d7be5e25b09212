package dev.airisk.adapters.store;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Printable;
import dev.airisk.core.Redact;
import dev.airisk.core.model.Sha256;
import java.util.regex.Pattern;

/**
 * {@code s3://bucket/prefix}: a bucket (named by S3's rules) and an optional key prefix without
 * leading or trailing slashes. Blobs are at {@code <prefix>/sha256/<2 hex>/<62 hex>}.
 */
record S3Location(String bucket, String prefix) {
    static final String SCHEME = "s3://";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9!_.*'()-]+");
    private static final String FIX = "write s3://BUCKET or s3://BUCKET/PREFIX, e.g. s3://ml-artifacts/airisk";

    /** True when {@code location} names an S3 store. */
    static boolean isS3(String location) {
        return location != null && location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    static S3Location parse(String location) {
        String shown = Printable.oneLine(Redact.credentials(location));
        if (!isS3(location)) {
            throw new InvalidInput("'" + shown + "' is not an s3:// location", FIX);
        }
        String rest = location.substring(SCHEME.length());
        if (rest.contains("@")) {
            throw new InvalidInput("store location '" + shown + "' carries a user name or password",
                    "give S3 credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, never in the URL");
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (bucket.isEmpty()) {
            throw new InvalidInput("store location '" + shown + "' names no bucket", FIX);
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new InvalidInput("'" + Printable.oneLine(bucket) + "' in store location '" + shown + "' is not a valid S3 bucket name",
                    "a bucket name has 3 to 63 lower-case letters, digits, '.' or '-'; " + FIX);
        }
        if (!prefix.isEmpty()) {
            for (String segment : prefix.split("/", -1)) {
                if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                    throw new InvalidInput("the prefix '" + Printable.oneLine(prefix) + "' in store location '" + shown + "' is not valid",
                            "use letters, digits and !_.*'()- between single slashes; " + FIX);
                }
            }
        }
        return new S3Location(bucket, prefix);
    }

    /** The object key of a blob. */
    String key(Sha256 digest) {
        return prefix.isEmpty() ? digest.storeKey() : prefix + "/" + digest.storeKey();
    }

    /** The common start of every blob key: {@code <prefix>/sha256/}. */
    String blobPrefix() {
        return (prefix.isEmpty() ? "" : prefix + "/") + "sha256/";
    }

    /** {@code s3://bucket/key}, for messages. */
    String url(String key) {
        return SCHEME + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
