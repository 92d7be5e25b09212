package dev.airisk.adapters.git;

import static dev.airisk.adapters.git.Fixtures.SETTINGS;
import static dev.airisk.adapters.git.Fixtures.bytes;
import static dev.airisk.adapters.git.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.crypto.TestSigner;
import dev.airisk.core.AiriskException;
import dev.airisk.core.Layout;
import dev.airisk.core.port.History.Commit;
import dev.airisk.core.port.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRegistryProviderTest {
    private static final TestSigner SIGNER = TestSigner.ecdsa("alice");

    @TempDir
    Path tmp;

    private final GitRegistryProvider provider = new GitRegistryProvider();

    @Test
    void create_thenOpen_showsTheFilesOfTheFirstCommit() {
        Path dir = tmp.resolve("reg");
        String created;
        try (GitRegistry registry = Fixtures.create(dir, SIGNER)) {
            created = registry.head().commitId();
        }
        try (GitRegistry registry = provider.open(dir.toString(), null)) {
            Snapshot head = registry.head();
            assertEquals(created, head.commitId());
            assertEquals(SETTINGS, text(head.read(Layout.SETTINGS).orElseThrow()));
            assertEquals(List.of("policy.yaml", "registry.yaml"), head.children(""));
            assertEquals(dir.toString(), registry.location());
            Commit first = registry.history().commits().get(0);
            assertEquals(List.of(), first.parents());
            assertEquals("Create the registry", first.subject());
            assertEquals(Map.of("Airisk-Op", "init", "Airisk-Actor", SIGNER.keyId()), first.trailers());
            assertTrue(SIGNER.signedCommit(first.signature(), first.signedPayload()));
        }
    }

    @Test
    void createAndOpen_forceObjectsAndRefsToDisk_withoutChangingTheConfigFile() throws Exception {
        Path dir = tmp.resolve("durable");
        try (GitRegistry created = Fixtures.create(dir, TestSigner.ecdsa("alice"))) {
            assertForced(created);
        }
        String config = Files.readString(dir.resolve("config"));
        try (GitRegistry opened = provider.open(dir.toString(), TestSigner.ecdsa("alice"))) {
            assertForced(opened);
        }
        assertFalse(config.contains("fsync"), config);
        assertEquals(config, Files.readString(dir.resolve("config")));
    }

    private static void assertForced(GitRegistry registry) {
        Config c = registry.repository().getConfig();
        assertTrue(c.getBoolean("core", "fsyncObjectFiles", false), "objects forced before main moves onto them");
        assertTrue(c.getBoolean("core", "fsyncRefFiles", false), "main forced before a write reports success");
    }

    @Test
    void create_inAnExistingEmptyDirectory_createsTheRegistryThere() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        Fixtures.create(dir, SIGNER).close();
        assertTrue(Files.isRegularFile(dir.resolve("HEAD")));
        provider.open(dir.toString(), null).close();
    }

    @Test
    void create_whereSomethingExists_isConflict_andLeavesItAlone() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("taken"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        AiriskException.Conflict e = assertThrows(AiriskException.Conflict.class, () -> Fixtures.create(dir, SIGNER));
        assertEquals(dir + " already exists (choose another path or remove it)", e.oneLine());
        assertEquals(List.of(dir.resolve("notes.txt")), list(dir));
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void create_onAFile_isConflict() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(AiriskException.Conflict.class, () -> Fixtures.create(file, SIGNER));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void create_withoutAnActingKey_isInvalidInput_andCreatesNothing() {
        Path dir = tmp.resolve("reg");
        AiriskException.InvalidInput e = assertThrows(AiriskException.InvalidInput.class,
                () -> provider.create(dir.toString(), null, Map.of(Layout.SETTINGS, bytes(SETTINGS)), Fixtures.init()));
        assertEquals("no acting key", e.getMessage());
        assertFalse(Files.exists(dir));
    }

    @Test
    void create_whenSigningFails_removesTheFoldersItCreated() {
        Path dir = tmp.resolve("a/b/reg");
        assertThrows(IllegalStateException.class, () -> provider.create(dir.toString(), SIGNER.locked(),
                Map.of(Layout.SETTINGS, bytes(SETTINGS)), Fixtures.init()));
        assertFalse(Files.exists(tmp.resolve("a")));
    }

    @Test
    void create_whenSigningFailsInAnExistingEmptyDirectory_leavesItEmpty() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        assertThrows(IllegalStateException.class, () -> provider.create(dir.toString(), SIGNER.locked(),
                Map.of(Layout.SETTINGS, bytes(SETTINGS)), Fixtures.init()));
        assertTrue(Files.isDirectory(dir));
        assertEquals(List.of(), list(dir));
    }

    @Test
    void open_aMissingPath_isNotFound() {
        String missing = tmp.resolve("nope").toString();
        AiriskException.NotFound e = assertThrows(AiriskException.NotFound.class, () -> provider.open(missing, null));
        assertEquals("there is no registry at " + missing + ": the path does not exist (check the path given with --registry or AIRISK_REGISTRY)",
                e.oneLine());
    }

    @Test
    void anEmptyLocation_isNotARegistry_andCannotBeCreated() {
        assertThrows(AiriskException.NotFound.class, () -> provider.open("", null));
        assertThrows(AiriskException.InvalidInput.class, () -> Fixtures.create(Path.of(""), SIGNER));
    }

    @Test
    void open_aPlainDirectoryOrFile_isNotFound() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("plain"));
        Files.writeString(dir.resolve("registry.yaml"), SETTINGS);
        assertThrows(AiriskException.NotFound.class, () -> provider.open(dir.toString(), null));
        assertThrows(AiriskException.NotFound.class, () -> provider.open(dir.resolve("registry.yaml").toString(), null));
    }

    @Test
    void open_aRepositoryWithAWorkTree_isNotFound() throws Exception {
        Path dir = tmp.resolve("work");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("registry.yaml"), SETTINGS);
            git.add().addFilepattern("registry.yaml").call();
            git.commit().setMessage("settings").setSign(false).setAuthor("t", "t@t").setCommitter("t", "t@t").call();
        }
        assertThrows(AiriskException.NotFound.class, () -> provider.open(dir.toString(), null));
        assertThrows(AiriskException.NotFound.class, () -> provider.open(dir.resolve(".git").toString(), null));
    }

    @Test
    void open_aBareRepositoryWithoutRegistryYamlOnMain_isNotFound() throws Exception {
        Path empty = tmp.resolve("empty.git");
        Git.init().setBare(true).setDirectory(empty.toFile()).setInitialBranch("main").call().close();
        assertThrows(AiriskException.NotFound.class, () -> provider.open(empty.toString(), null));

        Path other = tmp.resolve("other.git");
        try (GitRegistry registry = Fixtures.create(other, SIGNER)) {
            registry.update(s -> Fixtures.writes("drop settings", Layout.SETTINGS, null));
        }
        AiriskException.NotFound e = assertThrows(AiriskException.NotFound.class, () -> provider.open(other.toString(), null));
        assertEquals(other + " is not an airisk registry", e.getMessage());
    }

    @Test
    void open_readOnly_cannotWrite() {
        Path dir = tmp.resolve("reg");
        Fixtures.create(dir, SIGNER).close();
        try (GitRegistry registry = provider.open(dir.toString(), null)) {
            AiriskException.InvalidInput e = assertThrows(AiriskException.InvalidInput.class,
                    () -> registry.update(s -> { throw new AssertionError("the op must not run"); }));
            assertEquals("no acting key (the registry at " + dir + " was opened read-only; writing needs a signing key)",
                    e.oneLine());
            assertEquals(1, registry.history().commits().size());
        }
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

}
