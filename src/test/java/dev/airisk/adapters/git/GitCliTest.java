package dev.airisk.adapters.git;

import static dev.airisk.adapters.git.Fixtures.text;
import static dev.airisk.adapters.git.Fixtures.writes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airisk.adapters.crypto.TestSigner;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.History.Commit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the system {@code git} sees in a registry this adapter wrote. */
class GitCliTest {
    private static final TestSigner SIGNER = TestSigner.ecdsa("alice");

    @TempDir
    Path tmp;

    private Path dir;
    private GitRegistry registry;

    @BeforeAll
    static void gitIsInstalled() {
        boolean found;
        try {
            found = new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            found = false;
        }
        assumeTrue(found, "the git command is not installed");
    }

    @BeforeEach
    void createRegistry() {
        dir = tmp.resolve("registry.git");
        registry = Fixtures.create(dir, SIGNER);
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Airisk-Op", "register");
        trailers.put("Airisk-Model", "churn");
        trailers.put("Airisk-Version", "1.4.0");
        registry.update(s -> new Change<>(null,
                Map.of("models/churn/model.yaml", Fixtures.bytes("name: churn\n"),
                        "models/churn/versions/1.4.0/record.yaml", Fixtures.bytes("model: churn\n")),
                new CommitMessage("Register churn@1.4.0", null, trailers)));
        registry.update(s -> writes("Add a consumer", "consumers.yaml", "consumers: []\n"));
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void fsck_findsAValidBareRepository_withHeadOnMain() throws Exception {
        assertEquals("", git("fsck", "--strict", "--no-dangling"));
        assertEquals("true\n", git("rev-parse", "--is-bare-repository"));
        assertEquals("refs/heads/main\n", git("symbolic-ref", "HEAD"));
        assertEquals(registry.head().commitId() + "\n", git("rev-parse", "main"));
    }

    @Test
    void log_showsEveryCommitWithItsTrailers() throws Exception {
        String log = git("log", "--format=%s%n%(trailers)--");
        String actor = "Airisk-Actor: " + SIGNER.keyId() + "\n";
        assertEquals("Add a consumer\nAirisk-Op: test\n" + actor + "--\n"
                + "Register churn@1.4.0\nAirisk-Op: register\nAirisk-Model: churn\nAirisk-Version: 1.4.0\n" + actor + "--\n"
                + "Create the registry\nAirisk-Op: init\n" + actor + "--\n", log);
        assertEquals("churn", git("log", "-1", "--skip=1", "--format=%(trailers:key=Airisk-Model,valueonly)").strip());
    }

    @Test
    void catFile_readsTheFilesAndTheTree() throws Exception {
        assertEquals("name: churn\n", git("cat-file", "blob", "main:models/churn/model.yaml"));
        assertEquals(Fixtures.SETTINGS, git("show", "main:registry.yaml"));
        assertEquals(List.of("consumers.yaml", "models/churn/model.yaml", "models/churn/versions/1.4.0/record.yaml",
                "policy.yaml", "registry.yaml"), List.of(git("ls-tree", "-r", "--name-only", "main").split("\n")));
        assertEquals("name: churn\n", text(registry.head().read("models/churn/model.yaml").orElseThrow()));
    }

    @Test
    void everyCommit_carriesAGpgsigHeader_overThePayloadGitWouldVerify() throws Exception {
        for (Commit entry : registry.history().commits()) {
            String raw = git("cat-file", "commit", entry.id());
            assertTrue(raw.contains("\ngpgsig -----BEGIN SSH SIGNATURE-----\n "), raw);
            assertArrayEquals(Fixtures.bytes(withoutSignatureHeader(raw)), entry.signedPayload());
            assertTrue(SIGNER.signedCommit(entry.signature(), entry.signedPayload()));
        }
    }

    /** What git's own parse_signed_commit does: drop the gpgsig header and its continuation lines. */
    private static String withoutSignatureHeader(String raw) {
        StringBuilder out = new StringBuilder();
        boolean inHeader = true;
        boolean skipping = false;
        for (String line : raw.split("(?<=\n)")) {
            if (inHeader && line.equals("\n")) {
                inHeader = false;
            }
            if (inHeader && !line.startsWith(" ")) {
                skipping = line.startsWith("gpgsig ");
            }
            if (!inHeader || !skipping) {
                out.append(line);
            }
        }
        return out.toString();
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "--git-dir=" + dir));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", tmp.toString());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + text);
        return text;
    }
}
