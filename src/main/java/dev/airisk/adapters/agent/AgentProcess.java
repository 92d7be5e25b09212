package dev.airisk.adapters.agent;

import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.adapters.crypto.KeyType;
import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.port.Signer;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent as a background process. {@link #start} runs this same program again ({@code java -cp
 * <this class path> <main>}, or the native executable) with the system property {@link #SERVE_PROPERTY},
 * in a session of its own ({@code setsid}, where there is one) so that closing the terminal does not end
 * it, hands it the key names and passphrases through a pipe to its stdin (never a file, an argument or an
 * environment variable), and waits until it has unlocked the keys and its socket answers. The process
 * answers on stdout with one line: {@code ready}, or {@code fail} and the error, then writes nothing more.
 */
public final class AgentProcess {
    /** The system property that makes the program serve as the agent ({@link #serve}). */
    public static final String SERVE_PROPERTY = "airisk.agent.serve";
    private static final int MAGIC = 0x41524b53; // "ARKS"
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final String READY = "ready";
    private static final String FAIL = "fail\t";
    /** At most this many throwaway signatures of each key type, for at most this long, before the agent is ready. */
    private static final int WARM_UP_SIGNATURES = 100;
    private static final Duration WARM_UP = Duration.ofMillis(300);

    private AgentProcess() {
    }

    /**
     * Starts an agent for {@code paths} holding the keys {@code names} (each unlocked with the passphrase
     * at the same index; the arrays are cleared) for {@code ttl}, and returns its status once it answers.
     * Conflict when one already answers; the agent's own error (a wrong passphrase, say) when it cannot
     * unlock a key.
     */
    public static AgentStatus start(AgentPaths paths, String runtimeDir, Duration ttl, List<String> names, List<char[]> passphrases,
            String mainClass, Map<String, String> environment) {
        try {
            AgentClient client = AgentClient.at(paths);
            if (client.status().isPresent()) {
                throw new Conflict("an agent already runs on " + paths.socket(), "stop it first with 'airisk agent stop'");
            }
            paths.createFolders();
            ProcessBuilder pb = new ProcessBuilder(command(mainClass)).redirectErrorStream(true).directory(paths.folder().toFile());
            pb.environment().clear();
            pb.environment().putAll(environment);
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new Unavailable("cannot start the agent: " + e.getMessage(), "check the Java runtime at " + pb.command().get(0), e);
            }
            try (DataOutputStream out = new DataOutputStream(process.getOutputStream())) {
                out.writeInt(MAGIC);
                out.writeUTF(paths.home().toString());
                out.writeUTF(runtimeDir == null ? "" : runtimeDir);
                out.writeLong(ttl.toMillis());
                out.writeInt(names.size());
                for (int i = 0; i < names.size(); i++) {
                    out.writeUTF(names.get(i));
                    char[] pass = passphrases.get(i);
                    out.writeInt(pass.length);
                    for (char c : pass) {
                        out.writeChar(c);
                    }
                }
            } catch (IOException e) {
                process.destroy();
                throw new Unavailable("the agent ended before it was given its keys: " + e.getMessage(), "run with --stacktrace", e);
            }
            String answer = firstAnswer(process);
            if (!answer.equals(READY)) {
                process.destroy();
                throw failure(answer);
            }
            closeQuietly(process.getInputStream());
            return client.status().orElseThrow(() -> new Unavailable("the agent started but does not answer on " + paths.socket(),
                    "look at " + paths.log(), null));
        } finally {
            passphrases.forEach(p -> Arrays.fill(p, '\0'));
        }
    }

    /** The agent's first line ({@code ready} or {@code fail ...}), or what it printed before it ended. */
    private static String firstAnswer(Process process) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder other = new StringBuilder();
            try {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.equals(READY) || l.startsWith(FAIL)) {
                        return l;
                    }
                    if (other.length() < 2000) {
                        other.append(other.length() == 0 ? "" : " ").append(l.strip());
                    }
                }
            } catch (IOException e) {
                other.append(e.getMessage());
            }
            return FAIL + "Unavailable\tthe agent ended before it was ready" + (other.length() == 0 ? "" : ": " + other)
                    + "\trun 'airisk agent start' again; check the Java runtime";
        });
        try {
            return line.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return FAIL + "Unavailable\tthe agent did not answer within " + START_LIMIT.toSeconds() + " s\trun 'airisk agent start' again";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAIL + "Unavailable\tinterrupted while the agent started\trun 'airisk agent start' again";
        } catch (ExecutionException e) {
            return FAIL + "Unavailable\t" + e.getCause() + "\trun 'airisk agent start' again";
        }
    }

    private static AiriskException failure(String line) {
        String[] f = line.split("\t", 4);
        String what = f.length > 2 ? f[2] : line;
        String fix = f.length > 3 ? f[3] : "run 'airisk agent start' again";
        return switch (f.length > 1 ? f[1] : "") {
            case "InvalidInput" -> new InvalidInput(what, fix);
            case "NotFound" -> new NotFound(what, fix);
            case "Conflict" -> new Conflict(what, fix);
            case "IntegrityFailure" -> new IntegrityFailure(what, fix);
            default -> new Unavailable(what, fix, null);
        };
    }

    /** The command that runs this program as the agent: the native executable, or Java with this class path. */
    private static List<String> command(String mainClass) {
        List<String> cmd = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            cmd.add(ProcessHandle.current().info().command().orElseThrow(() -> new Unavailable(
                    "cannot tell the path of this executable", "run airisk by its path", null)));
            cmd.add("-D" + SERVE_PROPERTY + "=true");
            return cmd;
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-Xmx128m", "-D" + SERVE_PROPERTY + "=true",
                "-cp", absoluteClassPath(), mainClass));
        return cmd;
    }

    /**
     * This JVM's class path with every entry made absolute: the agent starts in its own folder, and
     * {@code ./airisk agent start} (the launcher runs {@code java -jar ./airisk}) names the jar relative
     * to the folder the command was typed in.
     */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The agent process's main: reads its keys from {@code in}, unlocks them, opens the socket, says
     * {@code ready} on {@code out} and serves until stopped or expired. Returns the process's exit code.
     */
    public static int serve(InputStream in, PrintStream out) {
        List<char[]> passphrases = new ArrayList<>();
        KeyAgent agent;
        try {
            DataInputStream data = new DataInputStream(in);
            if (data.readInt() != MAGIC) {
                throw new InvalidInput("the agent was started without its keys", "start it with 'airisk agent start'");
            }
            Path home = Path.of(data.readUTF());
            String runtimeDir = data.readUTF();
            Duration ttl = Duration.ofMillis(data.readLong());
            int n = data.readInt();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add(data.readUTF());
                char[] pass = new char[data.readInt()];
                for (int j = 0; j < pass.length; j++) {
                    pass[j] = data.readChar();
                }
                passphrases.add(pass);
            }
            FileKeyring keyring = new FileKeyring(home);
            List<Signer> held = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                held.add(keyring.unlock(names.get(i), passphrases.get(i)));
                Arrays.fill(passphrases.get(i), '\0');
            }
            warmUp(held);
            agent = KeyAgent.open(AgentPaths.of(home, runtimeDir.isEmpty() ? null : runtimeDir), held, ttl, Clock.systemUTC());
        } catch (AiriskException e) {
            out.println(FAIL + e.getClass().getSimpleName() + "\t" + oneLine(e.getMessage()) + "\t" + oneLine(e.fix()));
            out.flush();
            return 1;
        } catch (IOException | RuntimeException e) {
            out.println(FAIL + "Unavailable\tthe agent could not start: " + oneLine(String.valueOf(e)) + "\trun 'airisk agent start' again");
            out.flush();
            return 1;
        } finally {
            passphrases.forEach(p -> Arrays.fill(p, '\0'));
        }
        out.println(READY);
        out.flush();
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);
        closeQuietly(in);
        agent.serve();
        return 0;
    }

    /**
     * Signs with a throwaway key of each type held, a hundred times, before the agent says it is
     * ready: the first commands after {@code agent start} then get their signatures from compiled code
     * rather than wait for this JVM to compile it (and share the cores with its compilers). The held
     * keys sign nothing here (a key in a token is not touched), and the throwaway keys are forgotten.
     */
    private static void warmUp(List<Signer> held) {
        SecureRandom random = new SecureRandom();
        byte[] message = new byte[600];
        for (String type : held.stream().map(Signer::keyType).distinct().toList()) {
            Signer throwaway = KeyType.parse(type).throwawaySigner(random);
            long until = System.nanoTime() + WARM_UP.toNanos();
            for (int i = 0; i < WARM_UP_SIGNATURES && System.nanoTime() < until; i++) {
                message[i % message.length]++;
                throwaway.sign(message);
                throwaway.signCommit(message);
            }
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\t\\r\\n]+", " ");
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
