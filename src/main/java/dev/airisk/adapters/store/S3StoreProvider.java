package dev.airisk.adapters.store;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.StoreSettings;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Progress;
import dev.airisk.core.port.StoreProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Opens {@link S3Store}s at {@code s3://bucket/prefix}, with the connection read from the
 * environment ({@link S3Connection}) and the endpoint, path style and retention of registry.yaml.
 * An endpoint in the environment ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}) wins over
 * registry.yaml's {@code s3_endpoint}, as a per-machine setting beats the shared one.
 *
 * <p>Opening checks the bucket (HEAD), so an unreachable endpoint, refused credentials or a missing
 * bucket fail at once with one clear line. Retries are few and timeouts short: an endpoint that
 * does not answer fails within seconds. Close the provider to release its connections.
 */
public final class S3StoreProvider implements StoreProvider, AutoCloseable {
    private static final String DEFAULT_REGION = "us-east-1";
    /** Lower-case letters and digits in dash-separated words: what a region (AWS's or a server's own) is called. */
    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final S3Connection connection;
    private final Progress progress;
    private final S3Store.Tuning tuning;
    private final Clock clock;
    private final List<S3Client> clients = new ArrayList<>();

    /** Stores whose object-lock retention counts from the time of {@code clock}. */
    public S3StoreProvider(S3Connection connection, Progress progress, Clock clock) {
        this(connection, progress, S3Store.Tuning.DEFAULT, clock);
    }

    public S3StoreProvider(S3Connection connection, Progress progress, S3Store.Tuning tuning, Clock clock) {
        this.connection = connection;
        this.progress = progress;
        this.tuning = tuning;
        this.clock = clock;
    }

    @Override
    public ArtifactStore open(String location, boolean create) {
        return open(location, Map.of(), create);
    }

    /** The bucket must exist: a store in S3 is never created by airisk ({@code create} is ignored). */
    @Override
    public S3Store open(String location, Map<String, String> settings, boolean create) {
        S3Location where = S3Location.parse(location);
        StoreSettings s = StoreSettings.of(settings);
        String endpoint = connection.endpointOverride() != null ? StoreSettings.endpoint(connection.endpointOverride()) : s.endpoint();
        S3Client client = client(endpoint, s.pathStyle());
        S3Errors errors = new S3Errors(where, endpoint != null ? endpoint : "S3 (" + region(endpoint).id() + ")");
        try {
            client.headBucket(b -> b.bucket(where.bucket()));
        } catch (SdkException e) {
            throw errors.map("open the store " + where, e);
        }
        return new S3Store(client, where, s.retention(), progress, tuning, errors, clock);
    }

    @Override
    public void probe(String location, Map<String, String> settings) {
        open(location, settings, false);
    }

    @Override
    public String canonical(String location) {
        return S3Location.parse(location).toString();
    }

    private synchronized S3Client client(String endpoint, boolean pathStyle) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(tuning.parallelism() + 4)
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(60))
                        .tcpKeepAlive(true))
                .credentialsProvider(credentials())
                .region(region(endpoint))
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(3))
                        .apiCallTimeout(Duration.ofHours(6)));
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        S3Client client = b.build();
        clients.add(client);
        return client;
    }

    private AwsCredentialsProvider credentials() {
        if (connection.hasStaticKey()) {
            return StaticCredentialsProvider.create(connection.sessionToken() != null
                    ? AwsSessionCredentials.create(connection.accessKeyId(), connection.secretAccessKey(), connection.sessionToken())
                    : AwsBasicCredentials.create(connection.accessKeyId(), connection.secretAccessKey()));
        }
        if (connection.accessKeyId() != null || connection.secretAccessKey() != null) {
            throw new InvalidInput("only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set",
                    "set both, or neither to use AWS_PROFILE or the default credential chain");
        }
        if (connection.profile() != null) {
            return ProfileCredentialsProvider.create(connection.profile());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * AWS_REGION, else the region of the profile in the AWS config file, else us-east-1 (what
     * S3-compatible servers expect). A region that is not a region name, an AWS region this SDK does
     * not know when the store is AWS itself (no {@code endpoint}), or a config file that does not parse,
     * is an error naming it, not a silent fall-back.
     */
    static Region region(S3Connection connection, String endpoint, Supplier<ProfileFile> profiles) {
        if (connection.region() != null) {
            return checked(connection.region(), "AWS_REGION", endpoint);
        }
        String profile = connection.profile() != null ? connection.profile() : "default";
        Optional<String> r;
        try {
            r = profiles.get().profile(profile).flatMap(p -> p.property("region"));
        } catch (IllegalArgumentException | IllegalStateException | SdkException e) {
            // the SDK's reader reports a malformed or unreadable config file so
            throw new InvalidInput("the AWS config file cannot be read: " + e.getMessage(),
                    "correct the file at AWS_CONFIG_FILE or ~/.aws/config, or set AWS_REGION", e);
        }
        return r.isPresent() ? checked(r.get().strip(), "the region of AWS profile '" + profile + "'", endpoint)
                : Region.of(DEFAULT_REGION);
    }

    private static Region checked(String region, String source, String endpoint) {
        if (!REGION_NAME.matcher(region).matches()) {
            throw new InvalidInput(source + " '" + region + "' is not a region name", "give one such as us-east-1");
        }
        Region r = Region.of(region);
        if (endpoint == null && !Region.regions().contains(r)) {
            throw new InvalidInput(source + " '" + region + "' is not an AWS region",
                    "give one such as eu-central-1, or, for an S3-compatible server, its endpoint in AWS_ENDPOINT_URL_S3 or s3_endpoint");
        }
        return r;
    }

    private Region region(String endpoint) {
        return region(connection, endpoint, ProfileFile::defaultProfileFile);
    }

    @Override
    public synchronized void close() {
        clients.forEach(S3Client::close);
        clients.clear();
    }
}
