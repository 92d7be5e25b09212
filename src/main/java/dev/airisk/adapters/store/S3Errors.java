package dev.airisk.adapters.store;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.AiriskException;
import dev.airisk.core.Redact;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the AWS SDK's failures into one line a person can act on: an endpoint that cannot be
 * reached, credentials S3 refuses, a bucket that does not exist (all {@link Unavailable}, exit 7).
 * Messages name the endpoint and bucket, never a secret.
 */
final class S3Errors {
    private static final String CREDENTIALS_FIX = "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE";

    private final S3Location location;
    private final String endpoint;

    S3Errors(S3Location location, String endpoint) {
        this.location = location;
        this.endpoint = endpoint;
    }

    /** The service error code ({@code NoSuchBucket}, {@code PreconditionFailed} ...), or "". */
    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    /** {@code doing} is what failed, as in "cannot <doing>": "store 'weights.bin'", "read s3://b/k". */
    AiriskException map(String doing, SdkException e) {
        if (e instanceof AwsServiceException s) {
            String code = code(s);
            int status = s.statusCode();
            if (code.equals("NoSuchBucket") || (status == 404 && code.isEmpty())) {
                return new Unavailable("cannot " + doing + ": bucket '" + location.bucket() + "' does not exist at " + endpoint,
                        "create the bucket, or fix the s3:// store in registry.yaml", e);
            }
            if (code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch") || code.equals("InvalidToken")
                    || code.equals("ExpiredToken") || code.equals("InvalidClientTokenId")) {
                return new Unavailable("cannot " + doing + ": " + endpoint + " refused the credentials (" + code + ")",
                        CREDENTIALS_FIX, e);
            }
            if (status == 403) {
                return new Unavailable("cannot " + doing + ": access to bucket '" + location.bucket() + "' at " + endpoint
                        + " is denied" + (code.isEmpty() ? "" : " (" + code + ")"),
                        CREDENTIALS_FIX + ", and that they may use this bucket", e);
            }
            if (code.equals("InvalidRequest") && String.valueOf(s.getMessage()).toLowerCase(Locale.ROOT).contains("object lock")) {
                return new InvalidInput("cannot " + doing + ": bucket '" + location.bucket() + "' has no Object Lock configuration",
                        "enable Object Lock on the bucket, or remove s3_retention from registry.yaml", e);
            }
            if (code.equals("NotImplemented")) {
                return new Unavailable("cannot " + doing + ": " + endpoint + " does not implement what the request needs (NotImplemented)",
                        "if s3_retention is set in registry.yaml, the server may lack Object Lock: remove the setting or use a server that has it", e);
            }
            return new Unavailable("cannot " + doing + ": " + endpoint + " answered " + status
                    + (code.isEmpty() ? "" : " " + code), "retry; if it persists, check the S3 server", e);
        }
        Throwable root = rootCause(e);
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return new Unavailable("cannot " + doing + ": cannot connect to the S3 endpoint " + endpoint,
                    "check that the server is running and that s3_endpoint in registry.yaml or AWS_ENDPOINT_URL_S3 is right", e);
        }
        if (root instanceof UnknownHostException) {
            return new Unavailable("cannot " + doing + ": unknown host in the S3 endpoint " + endpoint,
                    "check the endpoint and the bucket name, and that DNS works", e);
        }
        if (root instanceof SocketTimeoutException) {
            return new Unavailable("cannot " + doing + ": the S3 endpoint " + endpoint + " timed out",
                    "retry; check the network and the server", e);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return new Unavailable("cannot " + doing + ": no AWS credentials were found", "set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", e);
        }
        String what = Redact.failure(e);
        return new Unavailable("cannot " + doing + " at " + endpoint + ": " + what, "retry; check the network and the S3 server", e);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
