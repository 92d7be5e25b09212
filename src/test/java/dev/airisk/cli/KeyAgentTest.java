package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airisk.adapters.agent.AgentPaths;
import dev.airisk.adapters.agent.KeyAgent;
import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.core.port.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key agent, in-process: signing commands use it when it holds the acting key (no passphrase, no
 * key derivation), every request is logged, and they fall back to the passphrase when it is locked,
 * expired, holds another key, or sits in a folder others could open. {@code agent start} itself starts a
 * process: see {@code dev.airisk.it.KeyAgentIT}.
 */
class KeyAgentTest {
    @TempDir Path tmp;
    private final List<KeyAgent> agents = new ArrayList<>();
    private final List<Thread> serving = new ArrayList<>();

    @AfterEach
    void stopAgents() throws InterruptedException {
        agents.forEach(KeyAgent::close);
        for (Thread t : serving) {
            t.join(5000);
        }
    }

    /** An agent serving this harness's home in the background, holding {@code names} unlocked. */
    private KeyAgent agent(Harness h, Duration ttl, String... names) {
        FileKeyring keys = new FileKeyring(h.home, Harness.KDF_ITERATIONS);
        List<Signer> held = Arrays.stream(names).map(n -> keys.unlock(n, Harness.PASS.toCharArray())).toList();
        KeyAgent agent = KeyAgent.open(AgentPaths.of(h.home, null), held, ttl, Clock.systemUTC());
        agents.add(agent);
        Thread t = new Thread(agent::serve, "agent-under-test");
        t.setDaemon(true);
        t.start();
        serving.add(t);
        return agent;
    }

    private static Map<String, String> withoutPassphrase(Harness h) {
        Map<String, String> env = new HashMap<>(h.env);
        env.remove(Context.PASSPHRASE);
        return env;
    }

    private static String log(Harness h) throws Exception {
        return Files.readString(h.home.resolve("agent/agent.log"));
    }

    @Test
    void signingCommands_withTheAgentHoldingTheKey_needNoPassphrase_andEveryRequestIsLogged() throws Exception {
        Harness h = Harness.initialised(tmp);
        agent(h, Duration.ofHours(1), "alice");
        Map<String, String> env = withoutPassphrase(h);
        Path model = h.model("m", "weights");
        Harness.Result reg = h.run(env, "register", model.toString(), "--model", "churn", "--version", "1.0.0",
                "--meta", h.releasableMeta().toString());
        assertEquals(0, reg.code(), reg.err());
        Harness.Result promote = h.run(env, "promote", "churn@1.0.0", "--to", "dev", "--format", "json");
        assertEquals(0, promote.code(), promote.err());
        assertTrue(promote.json().get("changed").asBoolean());
        h.ok("audit", "verify");

        String log = log(h);
        assertTrue(log.lines().anyMatch(l -> l.matches("\\S+Z start pid=\\d+ keys=alice expires=\\S+")), log);
        assertTrue(log.lines().anyMatch(l -> l.matches("\\S+Z sign key=alice key_id=[0-9a-f]{64} commit tree=[0-9a-f]{40} sha256=[0-9a-f]{64} bytes=\\d+")), log);
        assertTrue(log.lines().anyMatch(l -> l.matches("\\S+Z sign key=alice key_id=[0-9a-f]{64} dsse payload_type=application/vnd.in-toto\\+json"
                + " predicate=https://model_signing/signature/v1.0 sha256=[0-9a-f]{64} bytes=\\d+")), log);
        assertFalse(log.contains(Harness.PASS), "no secret in the log");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h.home.resolve("agent/agent.log"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h.home.resolve("agent/agent.sock"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h.home.resolve("agent"))));

        Harness.Result text = h.ok("agent", "status");
        TextWidthTest.fits(text);
        assertTrue(text.out().startsWith("Agent running (pid " + ProcessHandle.current().pid() + ") since "), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("holding 1 key until \\S+Z:")), text.out());
        JsonNode status = h.ok("agent", "status", "--format", "json").json();
        assertTrue(status.get("running").asBoolean());
        assertFalse(status.get("locked").asBoolean());
        assertEquals("alice", status.get("keys").get(0).get("name").asText());
        assertEquals(h.ok("keys", "list", "--format", "json").json().get(0).get("key_id").asText(),
                status.get("keys").get(0).get("key_id").asText());
        assertEquals(ProcessHandle.current().pid(), status.get("pid").asLong());
        assertEquals(log.lines().filter(l -> l.contains(" sign key=")).count(), status.get("signatures").asLong());
    }

    @Test
    void aLockedAgent_isNotUsed_andCommandsAskForThePassphraseAgain() throws Exception {
        Harness h = Harness.initialised(tmp);
        agent(h, Duration.ofHours(1), "alice");
        assertEquals("Agent locked (pid " + ProcessHandle.current().pid() + "): it forgot key alice",
                h.ok("agent", "lock").out().strip());
        JsonNode status = h.ok("agent", "status", "--format", "json").json();
        assertTrue(status.get("locked").asBoolean());
        assertEquals(0, status.get("keys").size());

        Map<String, String> env = withoutPassphrase(h);
        Map<String, String> before = h.state();
        Harness.Result r = h.run(env, "register", h.model("m", "w").toString(), "--model", "churn", "--version", "1.0.0",
                "--meta", h.releasableMeta().toString());
        assertEquals("airisk: error: no passphrase for key 'alice' and no terminal to ask on (set AIRISK_KEY_PASSPHRASE)", r.firstErrLine());
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals(before, h.state());
        // with the passphrase, the command unlocks the key itself
        assertEquals(0, h.register(h.model("m", "w"), "churn", "1.0.0").code());
        assertTrue(log(h).contains(" lock\n"));
    }

    @Test
    void anAgentHoldingAnotherKey_isNotUsedForTheActingKey() throws Exception {
        Harness h = Harness.initialised(tmp);
        h.ok("keys", "generate", "--name", "bob");
        agent(h, Duration.ofHours(1), "bob");
        Harness.Result r = h.run(withoutPassphrase(h), "register", h.model("m", "w").toString(), "--model", "churn",
                "--version", "1.0.0", "--meta", h.releasableMeta().toString(), "--key", "alice");
        assertEquals("airisk: error: no passphrase for key 'alice' and no terminal to ask on (set AIRISK_KEY_PASSPHRASE)", r.firstErrLine());
        assertFalse(log(h).contains(" sign "));
    }

    @Test
    void anAgentInAFolderOthersCanOpen_isNotUsed_withAWarning() throws Exception {
        Harness h = Harness.initialised(tmp);
        agent(h, Duration.ofHours(1), "alice");
        Files.setPosixFilePermissions(h.home.resolve("agent"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Harness.Result r = h.register(h.model("m", "w"), "churn", "1.0.0");
        assertEquals(0, r.code(), r.err());
        assertEquals("airisk: warning: the key agent is not used: the agent's socket is not private: " + h.home.resolve("agent")
                + " has mode rwxr-xr-x, not rwx------", r.firstErrLine());
        assertFalse(log(h).contains(" sign "));
        h.refused(ExitCodes.USAGE, "airisk: error: the agent's socket is not private: " + h.home.resolve("agent")
                + " has mode rwxr-xr-x, not rwx------ (run 'chmod 700 " + h.home.resolve("agent") + "' as its owner, or remove it)",
                "agent", "status");
    }

    @Test
    void theTimeToLive_endsTheAgent_andCommandsFallBack() throws Exception {
        Harness h = Harness.initialised(tmp);
        agent(h, Duration.ofMillis(300), "alice");
        serving.get(0).join(5000);
        assertFalse(serving.get(0).isAlive(), "the agent ended when its keys expired");
        assertFalse(Files.exists(h.home.resolve("agent/agent.sock")));
        assertTrue(log(h).contains(" expired\n"), log(h));
        assertEquals(false, h.ok("agent", "status", "--format", "json").json().get("running").asBoolean());
        assertEquals(0, h.register(h.model("m", "w"), "churn", "1.0.0").code());
    }

    @Test
    void stop_endsTheAgent_andRemovesItsSocket() throws Exception {
        Harness h = Harness.initialised(tmp);
        agent(h, Duration.ofHours(1), "alice");
        JsonNode stopped = h.ok("agent", "stop", "--format", "json").json();
        assertTrue(stopped.get("stopped").asBoolean());
        serving.get(0).join(5000);
        assertFalse(serving.get(0).isAlive());
        assertFalse(Files.exists(h.home.resolve("agent/agent.sock")));
        assertEquals("No key agent runs for " + h.home + " (start one with 'airisk agent start')", h.ok("agent", "status").out().strip());
        assertTrue(log(h).contains(" stop\n"));
    }

    @Test
    void p521Keys_signThroughTheAgent() throws Exception {
        Harness h = new Harness(tmp);
        h.ok("keys", "generate", "--name", "alice", "--type", "ecdsa-p521");
        agent(h, Duration.ofHours(1), "alice");
        Map<String, String> env = withoutPassphrase(h);
        Harness.Result init = h.run(env, "init");
        assertEquals(0, init.code(), init.err());
        Harness.Result reg = h.run(env, "register", h.model("m", "w").toString(), "--model", "churn", "--version", "1.0.0",
                "--meta", h.releasableMeta().toString());
        assertEquals(0, reg.code(), reg.err());
        h.ok("verify", "churn@1.0.0");
        h.ok("audit", "verify");
        long signed = log(h).lines().filter(l -> l.contains(" sign key=alice ")).count();
        assertTrue(signed >= 3, "init, the model signature and the register commit were signed by the agent: " + signed);
    }

    /**
     * The agent asks the kernel who connected (SO_PEERCRED) and refuses another user even when the folder
     * and socket modes would let it in. Switching users needs root: elsewhere the check cannot be shown.
     */
    @Test
    void aPeerOfAnotherUser_isRefused_andLogged() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "switching to another user needs root and setpriv");
        Harness h = Harness.initialised(tmp);
        agent(h, Duration.ofHours(1), "alice");
        Path socket = h.home.resolve("agent/agent.sock");
        for (Path p = h.home.resolve("agent"); p.startsWith(tmp); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        // a refused peer may find the connection closed already when it writes, or when it reads
        String client = "import socket,struct,sys\n"
                + "s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])\n"
                + "try:\n    s.sendall(struct.pack('>iB', 0x41524b31, 1))\n    print(len(s.recv(4096)))\n"
                + "except (ConnectionResetError, BrokenPipeError):\n    print(0)\n";
        assertEquals("0", python(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), client, socket),
                "another user gets no answer");
        assertTrue(Integer.parseInt(python(List.of(), client, socket)) > 0, "the agent's own user gets its status");
        assertTrue(log(h).lines().anyMatch(l -> l.matches("\\S+Z refused a connection of user (nobody|65534)")), log(h));
    }

    private static String python(List<String> as, String program, Path socket) throws Exception {
        List<String> cmd = new ArrayList<>(as);
        cmd.addAll(List.of("/usr/bin/python3", "-c", program, socket.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** A home whose socket path would be too long for a UNIX socket puts the socket under XDG_RUNTIME_DIR. */
    @Test
    void aLongHome_putsTheSocketUnderTheRuntimeFolder_orIsRefusedWithoutOne() throws Exception {
        Path home = tmp.resolve("h".repeat(60)).resolve("home-with-a-long-name-for-a-socket-path");
        Map<String, String> env = new HashMap<>(Map.of(Context.HOME, home.toString()));
        Harness h = new Harness(tmp);
        Harness.Result refused = h.run(env, "agent", "status");
        assertEquals("airisk: error: the agent's socket path " + home.resolve("agent/agent.sock") + " is longer than 100 bytes"
                + " (set AIRISK_HOME to a shorter path, or set XDG_RUNTIME_DIR)", refused.firstErrLine());
        assertEquals(ExitCodes.USAGE, refused.code());
        Path runtime = Files.createDirectories(tmp.resolve("run"));
        env.put(Context.RUNTIME_DIR, runtime.toString());
        JsonNode status = h.run(env, "agent", "status", "--format", "json").json();
        assertFalse(status.get("running").asBoolean());
        assertTrue(status.get("socket").asText().matches(runtime + "/airisk-[0-9a-f]{12}/agent.sock"), status.toString());
        assertEquals(home.resolve("agent/agent.log").toString(), status.get("log").asText());
    }

    @Test
    void badInput_isRefused_andNothingChanges() {
        Harness h = Harness.initialised(tmp);
        String noAgent = "airisk: error: no key agent runs for " + h.home + " (start one with 'airisk agent start')";
        h.refused(ExitCodes.NOT_FOUND, noAgent, "agent", "stop");
        h.refused(ExitCodes.NOT_FOUND, noAgent, "agent", "lock");
        h.refused(ExitCodes.USAGE, "airisk: error: --ttl 0s is not a time to live (give a positive duration, e.g. --ttl 8h)",
                "agent", "start", "--ttl", "0s");
        h.refused(ExitCodes.NOT_FOUND, "airisk: error: key 'nobody' is not in " + h.home.resolve("keys")
                + " (known keys: alice; or run 'airisk keys generate --name nobody')", "agent", "start", "--keys", "nobody");
        agent(h, Duration.ofHours(1), "alice");
        h.refused(ExitCodes.CONFLICT, "airisk: error: a key agent already runs for " + h.home + " (pid " + ProcessHandle.current().pid()
                + ", holding key alice) (stop it first with 'airisk agent stop')", "agent", "start");
    }
}
