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
        S3Errors errors = new S3Errors(where, endpoint != null ? endpoint : "S3 (" + region().id() + ")");
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
                .region(region())
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

    /** AWS_REGION, else the profile's region, else us-east-1 (what S3-compatible servers expect). */
    private Region region() {
        if (connection.region() != null) {
            return Region.of(connection.region());
        }
        try {
            String profile = connection.profile() != null ? connection.profile() : "default";
            Optional<String> r = ProfileFile.defaultProfileFile().profile(profile).flatMap(p -> p.property("region"));
            return Region.of(r.orElse(DEFAULT_REGION));
        } catch (RuntimeException e) {
            return Region.of(DEFAULT_REGION);
        }
    }

    @Override
    public synchronized void close() {
        clients.forEach(S3Client::close);
        clients.clear();
    }
}
