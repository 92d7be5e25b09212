package dev.airisk.adapters.git;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code git daemon} on 127.0.0.1 serving the bare repositories under one folder, with pushes
 * enabled; started by a test and stopped after it (with every connection process it forked).
 */
public final class GitDaemon implements AutoCloseable {
    private final Path base;
    private final int port;
    private final Process process;

    private GitDaemon(Path base, int port, Process process) {
        this.base = base;
        this.port = port;
        this.process = process;
    }

    /** Starts a daemon serving {@code base} on a free loopback port. */
    public static GitDaemon start(Path base) throws IOException, InterruptedException {
        Files.createDirectories(base);
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Process p = new ProcessBuilder("git", "daemon", "--reuseaddr", "--base-path=" + base, "--export-all",
                    "--enable=receive-pack", "--informative-errors", "--listen=127.0.0.1", "--port=" + port, base.toString())
                    .redirectErrorStream(true).redirectOutput(base.resolve(".daemon-" + port + ".log").toFile()).start();
            if (awaitListening(p, port)) {
                return new GitDaemon(base, port, p);
            }
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            last = new IOException("git daemon did not start on port " + port + ": "
                    + Files.readString(base.resolve(".daemon-" + port + ".log")));
        }
        throw last;
    }

    /** A new empty bare repository {@code name} (HEAD on main) under the base folder. */
    public Path bare(String name) throws IOException, InterruptedException {
        Path dir = base.resolve(name);
        git(base, "init", "-q", "--bare", "-b", "main", dir.toString());
        return dir;
    }

    /** The git:// URL of repository {@code name}. */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    public int port() {
        return port;
    }

    /** Installs an executable hook script in a bare repository. */
    public static void hook(Path bare, String name, String script) throws IOException {
        Path hook = bare.resolve("hooks").resolve(name);
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, script);
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs git in {@code dir}; its stdout, or an exception with its output when it fails. */
    public static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@example.com"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static boolean awaitListening(Process p, int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!p.isAlive()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    /**
     * A daemon for one test class: {@code @RegisterExtension static final GitDaemon.PerClass served = new GitDaemon.PerClass();}
     * starts it before the first test, serving a temporary folder, and stops it and removes the folder after the last.
     */
    public static final class PerClass implements BeforeAllCallback,
            AfterAllCallback {
        private Path base;
        private GitDaemon daemon;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            base = Files.createTempDirectory("airisk-git-daemon-");
            daemon = start(base);
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (daemon != null) {
                daemon.close();
            }
            if (base != null) {
                CreatedPath.deleteTree(base, true);
            }
        }

        public GitDaemon daemon() {
            return daemon;
        }

        /** The folder the daemon serves. */
        public Path served() {
            return base;
        }
    }
}
