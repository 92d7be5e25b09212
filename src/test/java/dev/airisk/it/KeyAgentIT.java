package dev.airisk.it;

import static dev.airisk.it.ExecutableIT.AIRISK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airisk agent start} with the packaged executable: the agent is a background process that
 * outlives the command, was given its passphrase through a pipe (not in its environment or arguments),
 * signs for a later command that has no passphrase, and ends on {@code agent stop}.
 */
class KeyAgentIT {
    private static final String PASS = "agent integration passphrase";
    @TempDir Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        // run by a relative path from its own folder, as './airisk agent start' is typed: the agent,
        // started in a folder of its own, must still find the program
        cmd[0] = "./" + AIRISK.getFileName();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(AIRISK.toAbsolutePath().getParent().toFile());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Path err = Files.createTempFile(Path.of(env.get("AIRISK_HOME")).getParent(), "err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, Files.readString(err));
    }

    @Test
    void agentStart_runsInTheBackground_signsWithoutAPassphrase_andStops() throws Exception {
        Path home = tmp.resolve("home");
        Map<String, String> env = new HashMap<>(Map.of("AIRISK_HOME", home.toString(), "AIRISK_CDS", "0",
                "AIRISK_REGISTRY", tmp.resolve("registry.git").toString(), "AIRISK_KEY_PASSPHRASE", PASS));
        assertEquals(0, run(env, "keys", "generate", "--name", "alice").code());

        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("AIRISK_KEY_PASSPHRASE", "not it");
        Run refused = run(wrong, "agent", "start");
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().startsWith("airisk: error: wrong passphrase for key 'alice'"), refused.err());
        assertFalse(Files.exists(home.resolve("agent/agent.sock")), "no agent runs");

        Run started = run(env, "agent", "start", "--ttl", "10m", "--format", "json");
        assertEquals(0, started.code(), started.err());
        JsonNode status = new ObjectMapper().readTree(started.out());
        long pid = status.get("pid").asLong();
        ProcessHandle agent = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the agent outlives the command"));
        try {
            assertEquals("alice", status.get("keys").get(0).get("name").asText());
            byte[] environ = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            assertFalse(new String(environ, StandardCharsets.UTF_8).contains(PASS), "no passphrase in the agent's environment");
            assertFalse(new String(cmdline, StandardCharsets.UTF_8).contains(PASS), "no passphrase in the agent's arguments");

            Map<String, String> noPassphrase = new HashMap<>(env);
            noPassphrase.remove("AIRISK_KEY_PASSPHRASE");
            Run init = run(noPassphrase, "init");
            assertEquals(0, init.code(), init.err());
            JsonNode after = new ObjectMapper().readTree(run(env, "agent", "status", "--format", "json").out());
            assertTrue(after.get("signatures").asLong() >= 1, after.toString());

            Run stop = run(env, "agent", "stop");
            assertEquals(0, stop.code(), stop.err());
            assertEquals("Agent stopped (pid " + pid + ")", stop.out().strip());
            agent.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(agent.isAlive());
        } finally {
            agent.destroy();
        }
    }
}
