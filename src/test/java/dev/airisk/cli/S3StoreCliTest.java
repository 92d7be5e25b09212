package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.store.S3Proxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** init, register, verify and pull with an S3 store (S3Proxy on loopback), end to end through the command line. */
class S3StoreCliTest {
    @TempDir Path tmp;
    final S3Proxy server = S3Proxy.shared();
    Harness h;
    String bucket;
    String endpoint;

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
        h.env.putAll(server.env());
        h.ok("keys", "generate", "--name", "alice");
        bucket = server.newBucket();
        endpoint = server.endpoint().toString();
    }

    private Harness.Result init(String store, String... extra) {
        List<String> args = new ArrayList<>(List.of("init", "--store", store, "--s3-endpoint", endpoint, "--s3-path-style"));
        args.addAll(List.of(extra));
        return h.run(args.toArray(String[]::new));
    }

    /** Object key to size, for proving that nothing was written. */
    private Map<String, Long> objects() {
        Map<String, Long> out = new TreeMap<>();
        for (S3Object o : server.admin().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            out.put(o.key(), o.size());
        }
        return out;
    }

    private String keyOf(JsonNode registered, String path) {
        for (JsonNode f : registered.get("files")) {
            if (f.get("path").asText().equals(path)) {
                String hex = f.get("sha256").asText();
                return "models/sha256/" + hex.substring(0, 2) + "/" + hex.substring(2);
            }
        }
        throw new AssertionError(path);
    }

    @Test
    void init_register_verify_pull_withAnS3Store() throws IOException {
        Harness.Result created = init("s3://" + bucket + "/models/", "--format", "json");
        assertEquals(0, created.code(), created.err());
        assertEquals("s3://" + bucket + "/models", created.json().get("store").asText());
        String yaml = h.ok("policy", "show").out();
        assertFalse(yaml.isEmpty());
        Path model = h.model("model", "weights-v1");

        JsonNode registered = h.register(model, "churn", "1.4.0").json();

        assertEquals(4, objects().size(), objects().toString());
        assertTrue(objects().containsKey(keyOf(registered, "weights.bin")));
        assertTrue(h.ok("verify", "churn@1.4.0").out().startsWith("churn@1.4.0: OK (4 files, root sha256:"));
        Path out = tmp.resolve("out");
        h.ok("pull", "churn@1.4.0", "--to", out.toString());
        for (String p : List.of("config.json", "weights.bin", "tokenizer/vocab.txt", "requirements.txt")) {
            assertArrayEquals(Files.readAllBytes(model.resolve(p)), Files.readAllBytes(out.resolve(p)), p);
        }
        h.register(h.model("model2", "weights-v1"), "churn", "1.5.0");
        assertEquals(4, objects().size(), "the same bytes are stored once");
    }

    @Test
    void init_recordsEndpointAndPathStyleInRegistryYaml() throws Exception {
        assertEquals(0, init("s3://" + bucket + "/models").code());

        String yaml = GitTamper.git(h.registry, "show", "main:registry.yaml");

        assertTrue(yaml.contains("store: s3://" + bucket + "/models"), yaml);
        assertTrue(yaml.contains("s3_endpoint: " + endpoint), yaml);
        assertTrue(yaml.contains("s3_path_style: \"true\"") || yaml.contains("s3_path_style: 'true'") || yaml.contains("s3_path_style: true"), yaml);
    }

    @Test
    void endpointFromTheEnvironment_isHonoured_withoutSettings() {
        h.env.put("AWS_ENDPOINT_URL_S3", endpoint);
        Harness.Result r = h.run("init", "--store", "s3://" + bucket + "/models", "--s3-path-style");
        assertEquals(0, r.code(), r.err());

        assertEquals(0, h.register(h.model("model", "w"), "churn", "1.0.0").code());
        assertEquals(4, objects().size());
    }

    @Test
    void corruptedObjectOnTheServer_verifyAndPullExit4NamingTheObject() throws IOException {
        init("s3://" + bucket + "/models");
        JsonNode registered = h.register(h.model("model", "weights-v1"), "churn", "1.4.0").json();
        String key = keyOf(registered, "weights.bin");
        Files.writeString(server.objectFile(bucket, key), "weights-XX");

        Harness.Result v = h.run("verify", "churn@1.4.0");
        assertEquals(4, v.code(), v.err());
        assertTrue(v.out().contains("  corrupt: weights.bin"), v.out());
        assertTrue(v.out().contains("; object s3://" + bucket + "/" + key + ")"), v.out());
        JsonNode files = h.run("verify", "churn@1.4.0", "--format", "json").json().get("versions").get(0).get("files");
        for (JsonNode file : files) {
            boolean damaged = file.get("path").asText().equals("weights.bin");
            assertEquals(damaged ? "s3://" + bucket + "/" + key : null, file.hasNonNull("object") ? file.get("object").asText() : null);
        }
        assertEquals("airisk: error: churn@1.4.0 failed verification (the store or the registry was changed; do not use these versions)",
                v.firstErrLine());

        Path out = tmp.resolve("out");
        Harness.Result p = h.run("pull", "churn@1.4.0", "--to", out.toString());
        assertEquals(4, p.code(), p.err());
        assertTrue(p.firstErrLine().startsWith("airisk: error: the stored blob s3://" + bucket + "/" + key + " for "
                + out.resolve("weights.bin") + " is damaged: it hashes to "), p.firstErrLine());
        assertFalse(Files.exists(out.resolve("weights.bin")));
    }

    @Test
    void init_badS3Url_isAUsageError_andCreatesNothing() {
        Harness.Result r = init("s3://Bad_Bucket/models");

        assertEquals(2, r.code());
        assertEquals("airisk: error: 'Bad_Bucket' in store location 's3://Bad_Bucket/models' is not a valid S3 bucket name"
                + " (a bucket name has 3 to 63 lower-case letters, digits, '.' or '-'; write s3://BUCKET or s3://BUCKET/PREFIX,"
                + " e.g. s3://ml-artifacts/airisk)", r.firstErrLine());
        assertFalse(Files.exists(h.registry));
    }

    @Test
    void init_s3OptionsWithALocalStore_isAUsageError() {
        Harness.Result r = h.run("init", "--s3-path-style");

        assertEquals(2, r.code());
        assertEquals("airisk: error: --s3-endpoint, --s3-path-style and --s3-retention need an S3 store (pass --store s3://BUCKET/PREFIX as well)",
                r.firstErrLine());
        assertFalse(Files.exists(h.registry));
    }

    @Test
    void init_malformedRetentionOrEndpoint_isAUsageError_andCreatesNothing() {
        String store = "s3://" + bucket + "/models";
        Map<String[], String> bad = new LinkedHashMap<>();
        bad.put(new String[] {"--s3-retention", "abc"}, "airisk: error: duration 'abc' is malformed"
                + " (write a number and a unit s, m, h, d or w, e.g. 15m, 24h or 30d)");
        bad.put(new String[] {"--s3-retention", "0d"}, "airisk: error: retention 0s is not a positive duration"
                + " (write a number of days such as 365d, or leave s3_retention out)");
        bad.put(new String[] {"--s3-endpoint", "ftp://x"}, "airisk: error: endpoint 'ftp://x' is not an http or https URL"
                + " (give the server's base URL, e.g. http://127.0.0.1:9000 or https://s3.example.com)");
        for (Map.Entry<String[], String> e : bad.entrySet()) {
            List<String> args = new ArrayList<>(List.of("init", "--store", store));
            args.addAll(List.of(e.getKey()));
            Harness.Result r = h.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), r.err());
            assertEquals(e.getValue(), r.firstErrLine());
            assertFalse(Files.exists(h.registry));
        }
        assertEquals(Map.of(), objects(), "nothing stored");
    }

    @Test
    void init_unreachableEndpoint_exit7_andCreatesNothing() {
        String closed = "http://127.0.0.1:" + S3Proxy.closedPort();
        Harness.Result r = h.run("init", "--store", "s3://" + bucket + "/models", "--s3-endpoint", closed, "--s3-path-style");

        assertEquals(7, r.code());
        assertEquals("airisk: error: cannot open the store s3://" + bucket + "/models: cannot connect to the S3 endpoint " + closed
                + " (check that the server is running and that s3_endpoint in registry.yaml or AWS_ENDPOINT_URL_S3 is right)", r.firstErrLine());
        assertFalse(Files.exists(h.registry));
    }

    @Test
    void init_badCredentials_exit7_andCreatesNothing() {
        h.env.put("AWS_SECRET_ACCESS_KEY", "wrong-secret-value");
        Harness.Result r = init("s3://" + bucket + "/models");

        assertEquals(7, r.code());
        assertEquals("airisk: error: cannot open the store s3://" + bucket + "/models: access to bucket '" + bucket + "' at " + endpoint
                + " is denied (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, and that they may use this bucket)",
                r.firstErrLine());
        assertFalse(r.err().contains("wrong-secret-value"));
        assertFalse(Files.exists(h.registry));
    }

    @Test
    void init_missingBucket_exit7_andCreatesNothing() {
        Harness.Result r = init("s3://airisk-no-such-bucket/models");

        assertEquals(7, r.code());
        assertEquals("airisk: error: cannot open the store s3://airisk-no-such-bucket/models: bucket 'airisk-no-such-bucket' does not exist at "
                + endpoint + " (create the bucket, or fix the s3:// store in registry.yaml)", r.firstErrLine());
        assertFalse(Files.exists(h.registry));
    }

    @Test
    void register_whenCredentialsAreRefused_exit7_andLeavesRegistryAndBucketUnchanged() {
        init("s3://" + bucket + "/models");
        Map<String, String> registryBefore = h.state();
        h.env.put("AWS_SECRET_ACCESS_KEY", "wrong-secret-value");

        Harness.Result r = h.register(h.model("model", "w"), "churn", "1.0.0");

        assertEquals(7, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: error: cannot open the store s3://" + bucket + "/models: access to bucket"), r.err());
        assertEquals(registryBefore, h.state());
        assertEquals(Map.of(), objects());
    }

    @Test
    void register_whenTheBucketIsGone_exit7_andLeavesTheRegistryUnchanged() {
        init("s3://" + bucket + "/models");
        Map<String, String> registryBefore = h.state();
        server.admin().deleteBucket(b -> b.bucket(bucket));

        Harness.Result r = h.register(h.model("model", "w"), "churn", "1.0.0");

        assertEquals(7, r.code(), r.err());
        assertEquals("airisk: error: cannot open the store s3://" + bucket + "/models: bucket '" + bucket + "' does not exist at "
                + endpoint + " (create the bucket, or fix the s3:// store in registry.yaml)", r.firstErrLine());
        assertEquals(registryBefore, h.state());
    }

    @Test
    void register_whenAnUploadFails_exit7_leavesNoRecordAndNoObject() {
        // S3Proxy has no Object Lock: with a retention period set, every upload is refused (NotImplemented).
        assertEquals(0, init("s3://" + bucket + "/models", "--s3-retention", "365d").code());
        Map<String, String> registryBefore = h.state();

        Harness.Result r = h.register(h.model("model", "w"), "churn", "1.0.0");

        assertEquals(7, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("does not implement what the request needs (NotImplemented)"), r.err());
        assertEquals(registryBefore, h.state());
        assertEquals(Map.of(), objects());
        assertEquals(5, h.run("show", "churn@1.0.0").code());
    }
}
