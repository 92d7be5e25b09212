package dev.airisk.adapters.agent;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.port.Signer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The key agent: unlocked keys held in this process's memory only, signing for commands of the same
 * user over a UNIX domain socket. The socket's folder is mode 0700 and the socket 0600; where the
 * system tells a peer's user ({@code SO_PEERCRED}, Linux and macOS), a peer of another user is refused
 * and logged. Every request to sign is logged (time, key, what kind of document, the SHA-256 and size
 * of what was signed). The keys are forgotten on {@code lock}, and at the end of their time to live, when the agent
 * also ends.
 */
public final class KeyAgent implements AutoCloseable {
    /** How long one connection may take before the agent closes it. */
    private static final Duration CONNECTION_LIMIT = Duration.ofSeconds(30);

    private final AgentPaths paths;
    private final Clock clock;
    private final Instant started;
    private final Instant expires;
    private final Map<String, Signer> keys = new LinkedHashMap<>();
    private final AtomicLong signatures = new AtomicLong();
    private final ServerSocketChannel server;
    private final AgentLog log;
    private final UserPrincipal owner;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean locked;

    private KeyAgent(AgentPaths paths, List<Signer> held, Duration ttl, Clock clock) {
        this.paths = paths;
        this.clock = clock;
        this.started = clock.instant();
        this.expires = started.plus(ttl);
        held.forEach(s -> keys.put(s.keyName(), s));
        paths.createFolders();
        this.log = new AgentLog(paths.log(), clock);
        if (AgentClient.at(paths).status().isPresent()) {
            throw new Conflict("an agent already runs on " + paths.socket(), "stop it first with 'airisk agent stop'");
        }
        try {
            Files.deleteIfExists(paths.socket()); // a socket left by an agent that did not end cleanly
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(paths.socket()));
            try {
                Files.setPosixFilePermissions(paths.socket(), PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException noPosix) {
                // the folder's mode is what protects it
            }
            owner = Files.getOwner(paths.socket());
        } catch (IOException e) {
            throw new Unavailable("cannot open the agent's socket " + paths.socket() + ": " + e.getMessage(),
                    "check that the folder is writable", e);
        }
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "airisk-agent");
            t.setDaemon(true);
            return t;
        };
        workers = Executors.newFixedThreadPool(4, daemons);
        timers = Executors.newSingleThreadScheduledExecutor(daemons);
        timers.schedule(this::expire, Math.max(0, ttl.toMillis()), TimeUnit.MILLISECONDS);
        log.write("start pid=" + ProcessHandle.current().pid() + " keys=" + String.join(",", keys.keySet())
                + " expires=" + expires);
    }

    /**
     * Opens the agent's socket for {@code paths} holding {@code held} (unlocked keys) until {@code ttl}
     * has passed; {@link #serve()} then answers requests. Conflict when an agent already answers there.
     */
    public static KeyAgent open(AgentPaths paths, List<Signer> held, Duration ttl, Clock clock) {
        return new KeyAgent(paths, held, ttl, clock);
    }

    /** Answers requests until the agent is stopped or its keys expire. */
    public void serve() {
        try {
            while (server.isOpen()) {
                SocketChannel channel;
                try {
                    channel = server.accept();
                } catch (ClosedChannelException stopping) {
                    break;
                } catch (IOException e) {
                    log.write("error accepting a connection: " + e.getMessage());
                    continue;
                }
                ScheduledFuture<?> limit = timers.schedule(() -> closeQuietly(channel), CONNECTION_LIMIT.toMillis(),
                        TimeUnit.MILLISECONDS);
                workers.execute(() -> {
                    try {
                        handle(channel);
                    } finally {
                        limit.cancel(false);
                        closeQuietly(channel);
                    }
                });
            }
        } finally {
            stop();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(SocketChannel channel) {
        try {
            String peer = peer(channel);
            if (peer != null) {
                log.write("refused a connection of user " + peer);
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            AgentProtocol.expectMagic(in);
            byte op = in.readByte();
            if (!clock.instant().isBefore(expires)) {
                expire();
                return;
            }
            switch (op) {
                case AgentProtocol.STATUS -> status(out);
                case AgentProtocol.SIGN, AgentProtocol.SIGN_COMMIT -> sign(op, in, out);
                case AgentProtocol.LOCK -> {
                    lock("lock");
                    out.writeByte(AgentProtocol.OK);
                }
                case AgentProtocol.STOP -> {
                    log.write("stop");
                    Files.deleteIfExists(paths.socket());
                    out.writeByte(AgentProtocol.OK);
                    out.flush();
                    stop();
                }
                default -> throw new IOException("unknown request " + op);
            }
            out.flush();
        } catch (IOException e) {
            if (server.isOpen()) {
                log.write("dropped a connection: " + e.getMessage());
            }
        }
    }

    /** Null when the peer is this agent's user (or the system does not tell); else the peer's user. */
    private String peer(SocketChannel channel) {
        UnixDomainPrincipal principal;
        try {
            principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (UnsupportedOperationException | IOException unknown) {
            return null;
        }
        return principal == null || principal.user().equals(owner) ? null : principal.user().getName();
    }

    private void status(DataOutputStream out) throws IOException {
        List<Signer> held;
        boolean isLocked;
        synchronized (this) {
            held = new ArrayList<>(keys.values());
            isLocked = locked;
        }
        out.writeByte(AgentProtocol.OK);
        out.writeLong(ProcessHandle.current().pid());
        out.writeLong(started.toEpochMilli());
        out.writeLong(expires.toEpochMilli());
        out.writeBoolean(isLocked);
        out.writeInt(held.size());
        for (Signer s : held) {
            out.writeUTF(s.keyName());
            out.writeUTF(s.keyId());
            out.writeUTF(s.keyType());
        }
        out.writeLong(signatures.get());
    }

    private void sign(byte op, DataInputStream in, DataOutputStream out) throws IOException {
        String name = AgentProtocol.readText(in);
        String keyId = AgentProtocol.readText(in);
        byte[] message = AgentProtocol.readBytes(in, AgentProtocol.MAX_MESSAGE);
        String what = AgentLog.describe(op == AgentProtocol.SIGN_COMMIT, message);
        Signer signer;
        synchronized (this) {
            signer = locked ? null : keys.get(name);
        }
        if (signer == null || !signer.keyId().equals(keyId)) {
            log.write("not-held key=" + AgentLog.word(name) + " key_id=" + AgentLog.word(keyId) + " " + what);
            out.writeByte(AgentProtocol.NOT_HELD);
            return;
        }
        if (!log.write("sign key=" + name + " key_id=" + keyId + " " + what)) {
            out.writeByte(AgentProtocol.FAILED);
            out.writeUTF("the agent cannot write its log " + paths.log());
            return;
        }
        byte[] signed = op == AgentProtocol.SIGN_COMMIT ? signer.signCommit(message).getBytes(StandardCharsets.UTF_8)
                : signer.sign(message);
        signatures.incrementAndGet();
        out.writeByte(AgentProtocol.OK);
        AgentProtocol.writeBytes(out, signed);
    }

    private synchronized void lock(String why) {
        if (!locked) {
            keys.clear();
            locked = true;
        }
        log.write(why);
    }

    private void expire() {
        if (server.isOpen()) {
            lock("expired");
            stop();
        }
    }

    /**
     * Forgets the keys, removes the socket and ends {@link #serve()}. Whole under the lock: the expiry
     * timer and {@code serve()} woken by the closed socket both stop the agent, and neither may return
     * before the socket is gone.
     */
    private synchronized void stop() {
        keys.clear();
        locked = true;
        try {
            if (server.isOpen()) {
                server.close();
                Files.deleteIfExists(paths.socket());
            }
        } catch (IOException e) {
            log.write("error closing the socket: " + e.getMessage());
        }
        workers.shutdown();
        timers.shutdownNow();
        stopped.countDown();
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
