package dev.airisk.core.scan;

import static dev.airisk.core.scan.Fixtures.rules;
import static dev.airisk.core.scan.Fixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private final FakePickles pickles = new FakePickles();

    private Finding only(String name, String text, String rule, Severity severity, String secret) {
        Scanner.FileScan scan = scan(pickles, name, Fixtures.utf8(text));
        assertEquals(List.of(rule), rules(scan), scan.findings().toString());
        Finding f = scan.findings().get(0);
        assertEquals(severity, f.severity());
        assertFalse(f.message().contains(secret), "the message shows the secret: " + f.message());
        if (secret.length() > 8) {
            assertFalse(f.message().contains(secret.substring(0, 6)), "the message shows more than 4 characters: " + f.message());
        }
        assertTrue(f.message().contains("(" + secret.length() + " chars)"), f.message());
        return f;
    }

    @Test
    void awsAccessKey_isCritical_andRedacted() {
        Finding f = only("creds.txt", "# creds\nfoo\nkey = AKIAIOSFODNN7EXAMPLE\n", "secret/aws-access-key", Severity.CRITICAL,
                "AKIAIOSFODNN7EXAMPLE");

        assertTrue(f.message().startsWith("AWS access key AKIA\u2026 (20 chars) on line 3"), f.message());
        assertEquals(12, f.offset(), "byte offset of the line");
    }

    @Test
    void awsSecretKey_nextToItsName_isCritical() {
        only("credentials", "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
                "secret/aws-secret-key", Severity.CRITICAL, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }

    @Test
    void privateKeyBlock_isCritical() {
        Scanner.FileScan scan = scan(pickles, "id_rsa", Fixtures.utf8(
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n"));

        assertEquals(List.of("secret/private-key"), rules(scan));
        assertEquals(Severity.CRITICAL, scan.findings().get(0).severity());
        assertFalse(scan.findings().get(0).message().contains("b3BlbnNz"));
        assertTrue(scan.findings().get(0).message().contains("on line 1"));
    }

    @Test
    void githubTokens_areCritical() {
        only("a.yaml", "auth: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n", "secret/github-token", Severity.CRITICAL,
                "ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        only("b.md", "use github_pat_11ABCDEFG0123456789_abcdefghijklmnop for CI\n", "secret/github-token", Severity.CRITICAL,
                "github_pat_11ABCDEFG0123456789_abcdefghijklmnop");
    }

    @Test
    void gitlabToken_isCritical() {
        only("ci.env", "GL=glpat-Abcdefghij_klmnopqrst12\n", "secret/gitlab-token", Severity.CRITICAL, "glpat-Abcdefghij_klmnopqrst12");
    }

    @Test
    void slackTokenAndWebhook_areHigh() {
        only("s.cfg", "bot xoxb-123456789012-abcdefghijkl\n", "secret/slack-token", Severity.HIGH, "xoxb-123456789012-abcdefghijkl");
        only("w.json", "{\"url\": \"https://hooks.slack.com/services/T000/B000/XXXXabcdef\"}\n", "secret/slack-webhook", Severity.HIGH,
                "https://hooks.slack.com/services/T000/B000/XXXXabcdef");
    }

    @Test
    void passwordAssignments_areHigh() {
        only("app.ini", "[db]\npassword = hunter2hunter2\n", "secret/assignment", Severity.HIGH, "hunter2hunter2");
        only("c.json", "{\"api_key\": \"sk-abcdef123456\"}", "secret/assignment", Severity.HIGH, "sk-abcdef123456");
        only("c.yaml", "db_password: 'opensesame'\n", "secret/assignment", Severity.HIGH, "opensesame");
        only("t.py", "TOKEN = \"tok_live_0000\"\n", "secret/assignment", Severity.HIGH, "tok_live_0000");
    }

    @Test
    void shortSecret_showsOnlyItsLength() {
        Finding f = only("a.env", "PWD=abc\n", "secret/assignment", Severity.HIGH, "abc");

        assertTrue(f.message().contains("\u2026 (3 chars)"), f.message());
    }

    @Test
    void placeholdersAndReferences_areNotSecrets() {
        String text = """
                password = ""
                password: <your password>
                password: ${DB_PASSWORD}
                api_key = xxx
                secret: "***"
                token: {{ vault.token }}
                pad_token: "[PAD]"
                eos_token: "</s>"
                max_tokens: 512
                password:
                """;
        Scanner.FileScan scan = scan(pickles, "config.yaml", Fixtures.utf8(text));

        assertEquals(List.of(), scan.findings());
        Scanner.FileScan code = scan(pickles, "train.py",
                Fixtures.utf8("password = os.environ['DB_PASSWORD']\ntoken = get_token()\nif password == 'x':\n"));
        assertEquals(List.of(), code.findings());
    }

    @Test
    void longLines_areScannedInPieces() {
        String text = "x".repeat(200_000) + " AKIAIOSFODNN7EXAMPLE\n";
        Scanner.FileScan scan = scan(pickles, "big.txt", Fixtures.utf8(text));

        assertEquals(List.of("secret/aws-access-key"), rules(scan));
    }

    @Test
    void redact_keepsFourCharactersAndTheLength() {
        assertEquals("AKIA\u2026 (20 chars)", Secrets.redact("AKIAIOSFODNN7EXAMPLE"));
        assertEquals("\u2026 (5 chars)", Secrets.redact("abcde"));
    }
}
