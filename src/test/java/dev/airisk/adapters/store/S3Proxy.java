package dev.airisk.adapters.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: S3Proxy (its jar copied to target/s3proxy by the build) in its own
 * JVM, bound to 127.0.0.1 on a free port, with the filesystem backend in a folder under target/,
 * so a test can reach an object's bytes on disk (to damage one). One server per test JVM, started
 * on first use and stopped at exit; each test takes its own bucket from {@link #newBucket()}.
 */
public final class S3Proxy {
    public static final String ACCESS_KEY = "airisk-test-access";
    public static final String SECRET_KEY = "airisk-test-secret";
    public static final String REGION = "us-east-1";
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Proxy shared;

    private final Process process;
    private final URI endpoint;
    private final Path data;
    private final S3Client admin;

    private S3Proxy(Process process, URI endpoint, Path data) {
        this.process = process;
        this.endpoint = endpoint;
        this.data = data;
        this.admin = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    /** The server of this test JVM, started on first use. */
    public static synchronized S3Proxy shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return endpoint;
    }

    /** A client with full rights, for arranging and inspecting what a test needs. */
    public S3Client admin() {
        return admin;
    }

    /** A new empty bucket with a name no other test uses. */
    public String newBucket() {
        String name = "airisk-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        admin.createBucket(b -> b.bucket(name));
        return name;
    }

    /** The file holding an object's bytes on the server's disk. */
    public Path objectFile(String bucket, String key) {
        return data.resolve(bucket).resolve(key);
    }

    /** AWS_* variables that reach this server: credentials, region and the endpoint. */
    public Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", REGION);
    }

    /** A free port on 127.0.0.1 with nothing listening (for "unreachable endpoint" tests). */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static S3Proxy start() {
        Path jar = Path.of(System.getProperty("airisk.s3proxy.jar", "target/s3proxy/s3proxy.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run the tests through Maven, which copies S3Proxy there");
        }
        try {
            Path dir = Files.createTempDirectory(jar.getParent(), "run-");
            Path data = Files.createDirectories(dir.resolve("data"));
            int port = closedPort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path conf = dir.resolve("s3proxy.conf");
            Files.writeString(conf, String.join("\n",
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + data,
                    "jclouds.identity=unused",
                    "jclouds.credential=unused", ""));
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString(), "--properties", conf.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile());
            pb.environment().put("LOG_LEVEL", "warn");
            Process p = pb.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!listening(port)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("S3Proxy did not start; see " + dir.resolve("s3proxy.log"));
                }
                Thread.sleep(100);
            }
            return new S3Proxy(p, endpoint, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void stop() {
        admin.close();
        process.destroy();
    }
}
