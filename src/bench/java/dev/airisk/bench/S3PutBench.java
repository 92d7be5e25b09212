package dev.airisk.bench;

import dev.airisk.adapters.store.S3Connection;
import dev.airisk.adapters.store.S3Store;
import dev.airisk.adapters.store.S3StoreProvider;
import dev.airisk.core.io.HashingCopier;
import dev.airisk.core.model.StoreSettings;
import dev.airisk.core.port.Content;
import dev.airisk.core.port.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Times {@code S3Store.put} of one file into a fresh bucket per run, for tuning part size and
 * parallelism (the end-to-end comparison with {@code aws s3 cp} is {@code cli-bench.sh s3}).
 * Also times the local hashing pass alone. Credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
 * <pre>java -cp ... dev.airisk.bench.S3PutBench ENDPOINT FILE PART_MIB PARALLELISM RUNS</pre>
 */
public final class S3PutBench {
    private S3PutBench() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        Path file = Path.of(args[1]);
        long part = Long.parseLong(args[2]) << 20;
        int parallelism = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        Map<String, String> env = System.getenv();
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long t0 = System.nanoTime();
            new HashingCopier().hash(ch);
            System.out.printf("hash only: %.3f s%n", (System.nanoTime() - t0) / 1e9);
        }
        Content content = new Content() {
            @Override
            public String path() {
                return file.getFileName().toString();
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
        try (S3Client admin = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")))).build();
             S3StoreProvider provider = new S3StoreProvider(S3Connection.from(env), Progress.NONE,
                     new S3Store.Tuning(part, parallelism), Clock.systemUTC())) {
            for (int i = 0; i < runs; i++) {
                String bucket = "put-bench-" + ProcessHandle.current().pid() + "-" + i;
                admin.createBucket(b -> b.bucket(bucket));
                S3Store store = provider.open("s3://" + bucket + "/b", new StoreSettings(endpoint, true, null).toMap(), false);
                long t0 = System.nanoTime();
                store.put(content, null);
                System.out.printf("put %d MiB parts x %d: %.3f s%n", part >> 20, parallelism, (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
