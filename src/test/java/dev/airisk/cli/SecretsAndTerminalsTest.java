package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials never reach a message, odd URLs are one-line usage errors, and control characters are
 * refused at input (naming the field, changing nothing) and escaped on output.
 */
class SecretsAndTerminalsTest {
    private static final String PASSWORD = "hunter2secret";
    private static final String TRANSPORTS = "(use file://, git://, http(s)://, ssh:// or user@host:path)";

    @TempDir
    Path tmp;

    /** Runs a command that must fail with {@code code} and {@code firstLine}, mention no credential, and create nothing. */
    private static void refusedWithoutCredentials(Harness h, Map<String, String> env, int code, String firstLine, String... args) {
        Map<String, String> before = h.state();
        Harness.Result r = h.run(env, args);
        assertEquals(firstLine, r.firstErrLine(), () -> "airisk " + String.join(" ", args) + "\n" + r.err());
        assertEquals(code, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), r.out() + r.err());
        assertFalse(r.err().contains("token1234"), r.err());
        assertEquals(before, h.state(), "the registry or the store changed");
    }

    /** What plain {@code git interpret-trailers --parse} reads as the trailers of {@code message}. */
    private static String interpretTrailers(String message) {
        try {
            Process p = new ProcessBuilder("git", "interpret-trailers", "--parse").redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(message.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A registry where churn@1.0.0 and then churn@1.1.0 were promoted to dev. */
    private Harness promotedTwice() {
        Harness h = Harness.initialised(tmp);
        Path meta = h.releasableMeta();
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());
        h.ok("register", h.model("m2", "two").toString(), "--model", "churn", "--version", "1.1.0", "--meta", meta.toString());
        h.ok("promote", "churn@1.0.0", "--to", "dev");
        h.ok("promote", "churn@1.1.0", "--to", "dev");
        return h;
    }

    private Harness withKey() {
        Harness h = new Harness(tmp);
        h.ok("keys", "generate", "--name", "alice");
        return h;
    }

    @Test
    void ftpRegistryUrl_isAUsageErrorNamingTheTransports_withoutCredentials() {
        Harness h = withKey();
        String line = "airisk: error: 'ftp://host.example/x.git' uses the transport ftp://, which airisk does not support " + TRANSPORTS;
        refusedWithoutCredentials(h, h.env, 2, line, "list", "--registry", "ftp://alice:" + PASSWORD + "@host.example/x.git");
        Map<String, String> env = new HashMap<>(h.env);
        env.put(Context.REGISTRY, "ftp://alice:" + PASSWORD + "@host.example/x.git");
        refusedWithoutCredentials(h, env, 2, line, "status");
        refusedWithoutCredentials(h, h.env, 2, line, "clone", "ftp://alice:" + PASSWORD + "@host.example/x.git");
        refusedWithoutCredentials(h, h.env, 2, line, "init", "--remote", "ftp://alice:" + PASSWORD + "@host.example/x.git",
                "--store", "s3://bucket/models");
        assertFalse(Files.exists(h.home.resolve("cache")), "no local copy was made");
    }

    @Test
    void oddRegistryUrls_areOneLineUsageErrors_withoutCredentials() {
        Harness h = withKey();
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: 'svn://host.example/x' uses the transport svn://, which airisk "
                + "does not support " + TRANSPORTS, "list", "--registry", "svn://alice:" + PASSWORD + "@host.example/x");
        String fix = " (check the host name and port; use file://, git://, http(s)://, ssh:// or user@host:path followed by the repository's address)";
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: 'http://[' is not a valid Git URL" + fix, "list", "--registry", "http://[");
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: 'https://host.example:badport/x.git' is not a valid Git URL" + fix,
                "list", "--registry", "https://alice:" + PASSWORD + "@host.example:badport/x.git");
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: 'https://host.example:badport/x.git' is not a valid Git URL" + fix,
                "list", "--registry", "https://token1234@host.example:badport/x.git");
    }

    @Test
    void unreachableRegistryUrl_withCredentials_isUnavailable_andNamesItWithoutThem() throws IOException {
        Harness h = withKey();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Harness.Result r = h.run("clone", "http://alice:" + PASSWORD + "@127.0.0.1:" + port + "/x.git");
        assertEquals(7, r.code(), r.err());
        assertTrue(r.firstErrLine().startsWith("airisk: error: cannot reach the registry at http://127.0.0.1:" + port + "/x.git"), r.err());
        assertFalse(r.err().contains(PASSWORD) || r.err().contains("alice"), r.err());
    }

    @Test
    void oddStoresAndEndpoints_areOneLineUsageErrors_thatCreateNothing() {
        Harness h = withKey();
        String credentialsFix = "(give S3 credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, never in the URL)";
        String endpointFix = "give the server's base URL, e.g. http://127.0.0.1:9000 or https://s3.example.com";
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: store location 'ftp://host.example/x' uses ftp://, which airisk does not "
                + "support (give a folder path, a file: URI or s3://BUCKET/PREFIX)", "init", "--store", "ftp://alice:" + PASSWORD + "@host.example/x");
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: store location 's3://' names no bucket "
                + "(write s3://BUCKET or s3://BUCKET/PREFIX, e.g. s3://ml-artifacts/airisk)", "init", "--store", "s3://");
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: store location 's3://bucket/models' carries a user name or password "
                + credentialsFix, "init", "--store", "s3://alice:" + PASSWORD + "@bucket/models");
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: endpoint 'https://host.example:badport' is not a valid URL "
                + "(check the host name and port; " + endpointFix + ")",
                "init", "--store", "s3://bucket/models", "--s3-endpoint", "https://u:" + PASSWORD + "@host.example:badport");
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: endpoint 'ftp://host.example/' is not an http or https URL (" + endpointFix + ")",
                "init", "--store", "s3://bucket/models", "--s3-endpoint", "ftp://u:" + PASSWORD + "@host.example/");
        refusedWithoutCredentials(h, h.env, 2, "airisk: error: endpoint 'http://127.0.0.1:9000' carries a user name or password " + credentialsFix,
                "init", "--store", "s3://bucket/models", "--s3-endpoint", "http://u:" + PASSWORD + "@127.0.0.1:9000");
        Map<String, String> env = new HashMap<>(h.env);
        env.put("AWS_ENDPOINT_URL", "https://u:" + PASSWORD + "@host.example:badport");
        refusedWithoutCredentials(h, env, 2, "airisk: error: endpoint 'https://host.example:badport' is not a valid URL "
                + "(check the host name and port; " + endpointFix + ")", "init", "--store", "s3://bucket/models");
        assertFalse(Files.exists(h.registry), "no registry was created");
    }

    @Test
    void controlCharactersInOptions_areRefusedNamingTheOption_andNothingIsWritten() throws IOException {
        Harness h = promotedTwice();
        String main = GitTamper.git(h.registry, "rev-parse", "refs/heads/main");
        String fix = " (write it as one line of printable text)";

        h.refused(2, "airisk: error: --reason contains a line break U+000A at character 9" + fix,
                "rollback", "churn", "--env", "dev", "--reason", "INC-4411\nAirisk-Op: init", "--yes");
        h.refused(2, "airisk: error: --reason contains the control character U+001B at character 1" + fix,
                "deprecate", "churn@1.0.0", "--retire-on", "2099-01-01", "--reason", "\u001b[2J\u001b[31mpwned");
        h.refused(2, "airisk: error: --comment contains the control character U+0007 at character 3" + fix,
                "approve", "churn@1.1.0", "--for", "prod", "--role", "approver", "--comment", "ok\u0007");
        h.refused(2, "airisk: error: <name> contains the control character U+001B at character 4" + fix,
                "consumers", "add", "ops\u001b]0;title\u0007", "--model", "churn", "--events", "deprecated", "--email", "ops@example.com");
        h.refused(2, "airisk: error: --evidence contains a line break U+000D at character 4" + fix,
                "checklist", "churn@1.1.0", "--answer", "oversight=yes", "--evidence", "E-1\rforged");
        h.refused(2, "airisk: error: --reason contains the control character U+009B at character 2" + fix,
                "rollback", "churn", "--env", "dev", "--reason", "x\u009b31m", "--yes");
        assertEquals(main, GitTamper.git(h.registry, "rev-parse", "refs/heads/main"));
    }

    @Test
    void reasonThatLooksLikeATrailer_onOneLine_cannotAddOne_asPlainGitReadsIt() {
        Harness h = promotedTwice();
        h.ok("rollback", "churn", "--env", "dev", "--reason", "INC-1 Airisk-Op: init Airisk-Actor: mallory", "--yes");

        String body = GitTamper.git(h.registry, "log", "-1", "--format=%B", "refs/heads/main");
        String trailers = interpretTrailers(body);
        List<String> ops = trailers.lines().filter(l -> l.startsWith("Airisk-Op:")).toList();
        assertEquals(List.of("Airisk-Op: rollback"), ops, trailers);
        assertEquals(1, trailers.lines().filter(l -> l.startsWith("Airisk-Actor:")).count(), trailers);
        assertTrue(trailers.contains("Airisk-Reason: INC-1 Airisk-Op: init Airisk-Actor: mallory"), trailers);
    }

    @Test
    void metaYamlWithAControlCharacter_isRefusedNamingFileLineAndField_andNothingIsWritten() throws IOException {
        Harness h = Harness.initialised(tmp);
        Path model = h.model("m1", "one");
        String fix = " (write it as one line of printable text)";
        Path meta = Files.writeString(tmp.resolve("META.yaml"), "owner: team@example.com\nrisk_tier: limited\n"
                + "intended_use: \"churn\\e[2J scoring\"\n");
        h.refused(2, "airisk: error: META.yaml: line 3: intended_use contains the control character U+001B at character 6" + fix,
                "register", model.toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());
        Files.writeString(meta, "owner: \"team\\nAirisk-Op: init\"\nrisk_tier: limited\n");
        h.refused(2, "airisk: error: META.yaml: line 1: owner contains a line break U+000A at character 5" + fix,
                "register", model.toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());
        Files.writeString(meta, "owner: team@example.com\nrisk_tier: limited\n"
                + "datasets:\n  - {name: \"cust\\u0007omers\", version: '1', sha256: " + "0".repeat(64) + "}\n");
        h.refused(2, "airisk: error: META.yaml: line 4: datasets[0].name contains the control character U+0007 at character 5" + fix,
                "register", model.toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());
        Files.writeString(meta, "owner: team@example.com\nrisk_tier: limited\ndescription: \"two\\nlines\\e[31m\"\n");
        h.refused(2, "airisk: error: META.yaml: line 3: description contains the control character U+001B at character 10"
                        + " (use printable text; line breaks are the only control characters it may hold)",
                "register", model.toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());
    }

    @Test
    void multiLineDescription_isKept_butShownOnOneLine() throws IOException {
        Harness h = Harness.initialised(tmp);
        Path meta = Files.writeString(tmp.resolve("META.yaml"), "owner: team@example.com\nrisk_tier: limited\n"
                + "description: |\n  Scores churn.\n  owner:         mallory\n");
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.0.0", "--meta", meta.toString());

        String shown = h.ok("show", "churn@1.0.0").out();
        assertTrue(shown.contains("description:   Scores churn.\\nowner:         mallory\\n\n"), shown);
        assertEquals(1, shown.lines().filter(l -> l.startsWith("owner:")).count(), shown);
        assertEquals("Scores churn.\nowner:         mallory\n",
                h.ok("show", "churn@1.0.0", "--format", "json").json().get("metadata").get("description").asText());
    }
}
