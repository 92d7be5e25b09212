package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysAndInitTest {
    @TempDir Path tmp;

    @Test
    void keysGenerate_writesAnEncryptedPrivateKeyWithMode0600_andPrintsTheKeyId() throws Exception {
        Harness h = new Harness(tmp);
        JsonNode k = h.ok("keys", "generate", "--name", "alice", "--format", "json").json();
        Path priv = h.home.resolve("keys/alice.key.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        assertTrue(Files.readString(priv).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertEquals("ecdsa-p256", k.get("type").asText());
        assertTrue(k.get("key_id").asText().matches("[0-9a-f]{64}"));

        String pem = h.ok("keys", "export-public").out();
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----"), pem);
        JsonNode list = h.ok("keys", "list", "--format", "json").json();
        assertEquals(1, list.size());
        assertEquals(k.get("key_id").asText(), list.get(0).get("key_id").asText());
    }

    @Test
    void keysGenerate_ed25519_andDefaultSelection() {
        Harness h = new Harness(tmp);
        h.ok("keys", "generate", "--name", "alice");
        h.ok("keys", "generate", "--name", "bob", "--type", "ed25519");
        Harness.Result noDefault = h.run("init");
        assertEquals(2, noDefault.code());
        assertEquals("airisk: error: several keys and none is the default (pass --key NAME, set AIRISK_KEY, or run 'airisk keys set-default NAME')",
                noDefault.firstErrLine());
        h.ok("keys", "set-default", "bob");
        JsonNode init = h.ok("init", "--format", "json").json();
        assertEquals(h.ok("keys", "list", "--format", "json").json().get(1).get("key_id").asText(), init.get("key_id").asText());
    }

    @Test
    void keysGenerate_existingName_isAConflict() {
        Harness h = new Harness(tmp);
        h.ok("keys", "generate", "--name", "alice");
        Harness.Result r = h.run("keys", "generate", "--name", "alice");
        assertEquals(6, r.code());
        assertTrue(r.firstErrLine().startsWith("airisk: error: key 'alice' already exists"), r.err());
    }

    @Test
    void keysGenerate_unknownType_isRefused() {
        Harness h = new Harness(tmp);
        Harness.Result r = h.run("keys", "generate", "--name", "alice", "--type", "rsa");
        assertEquals(2, r.code());
        assertEquals("airisk: error: key type 'rsa' is not supported (use one of ecdsa-p256, ecdsa-p384, ecdsa-p521, ed25519)", r.firstErrLine());
        assertTrue(!Files.exists(h.home.resolve("keys/alice.key.pem")));
    }

    @Test
    void init_createsRegistryStoreAndTrust() throws Exception {
        Harness h = Harness.initialised(tmp);
        assertTrue(Files.isDirectory(h.registry.resolve("objects")));
        assertTrue(Files.isDirectory(h.store));
        Process git = new ProcessBuilder("git", "--git-dir=" + h.registry, "ls-tree", "-r", "--name-only", "main")
                .redirectErrorStream(true).start();
        String tree = new String(git.getInputStream().readAllBytes());
        assertEquals(0, git.waitFor(), tree);
        String keyId = h.ok("keys", "list", "--format", "json").json().get(0).get("key_id").asText();
        assertEquals("policy.yaml\nregistry.yaml\ntrust/keys/" + keyId + ".pub.pem\ntrust/roles.yaml\n", tree);
    }

    @Test
    void init_onAnExistingRegistry_isAConflictAndChangesNothing() {
        Harness h = Harness.initialised(tmp);
        Map<String, String> before = h.state();
        Harness.Result r = h.run("init");
        assertEquals(6, r.code(), r.err());
        assertEquals("airisk: error: " + h.registry + " already exists (choose another path or remove it)", r.firstErrLine());
        assertEquals(before, h.state());
    }

    @Test
    void commands_withoutRegistry_sayHowToGiveOne() {
        Harness h = new Harness(tmp);
        h.env.remove(Context.REGISTRY);
        Harness.Result r = h.run("list");
        assertEquals(2, r.code());
        assertEquals("airisk: error: no registry given (pass --registry PATH or URL, or set AIRISK_REGISTRY)", r.firstErrLine());
    }

    @Test
    void unknownOption_isAUsageError() {
        Harness h = new Harness(tmp);
        Harness.Result r = h.run("list", "--frobnicate");
        assertEquals(2, r.code());
        assertEquals("airisk: error: Unknown option: '--frobnicate' (see 'airisk list --help')", r.firstErrLine());
    }
}
