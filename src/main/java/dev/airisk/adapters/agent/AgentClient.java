package dev.airisk.adapters.agent;

import dev.airisk.adapters.crypto.PublicKeys;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.Unavailable;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Talks to the key agent of one AIRISK_HOME. Every call is one connection; "no agent" (no socket, or a
 * socket nobody answers on) is an empty answer, never an error. A socket in a folder that is not this
 * user's alone (mode 0700) is not used: InvalidInput says what is wrong.
 */
public final class AgentClient {
    private final AgentPaths paths;

    private AgentClient(AgentPaths paths) {
        this.paths = paths;
    }

    public static AgentClient at(AgentPaths paths) {
        return new AgentClient(paths);
    }

    public AgentPaths paths() {
        return paths;
    }

    /** The running agent's status; empty when none answers. */
    public Optional<AgentStatus> status() {
        return call(AgentProtocol.STATUS, out -> { }, in -> {
            long pid = in.readLong();
            Instant started = Instant.ofEpochMilli(in.readLong());
            Instant expires = Instant.ofEpochMilli(in.readLong());
            boolean locked = in.readBoolean();
            int n = in.readInt();
            if (n < 0 || n > 1000) {
                throw new IOException("the agent listed " + n + " keys");
            }
            List<AgentStatus.HeldKey> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add(new AgentStatus.HeldKey(AgentProtocol.readText(in), AgentProtocol.readText(in), AgentProtocol.readText(in)));
            }
            return new AgentStatus(pid, started, expires, locked, keys, in.readLong());
        });
    }

    /**
     * Signs {@code message} with the held key {@code name} whose id is {@code keyId}, and checks the
     * signature against {@code publicKeyPem} (IntegrityFailure when it does not verify); empty when no
     * agent answers or it does not hold that key unlocked.
     */
    public Optional<byte[]> sign(String name, String keyId, String publicKeyPem, byte[] message) {
        Optional<byte[]> signature = signing(AgentProtocol.SIGN, name, keyId, message);
        signature.ifPresent(s -> {
            if (!PublicKeys.verify(PublicKeys.fromPem(publicKeyPem), message, s)) {
                throw new IntegrityFailure("the agent at " + paths.socket() + " answered with a signature key '" + name
                        + "' did not make", "stop that agent ('airisk agent stop') and start it again");
            }
        });
        return signature;
    }

    /** The armored SSH signature of a Git commit payload by the held key; empty as for {@link #sign}. */
    public Optional<String> signCommit(String name, String keyId, byte[] commitPayload) {
        return signing(AgentProtocol.SIGN_COMMIT, name, keyId, commitPayload).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Makes the agent forget its keys; false when none answers. */
    public boolean lock() {
        return call(AgentProtocol.LOCK, out -> { }, in -> true).isPresent();
    }

    /** Ends the agent; false when none answers. */
    public boolean stop() {
        return call(AgentProtocol.STOP, out -> { }, in -> true).isPresent();
    }

    private Optional<byte[]> signing(byte op, String name, String keyId, byte[] message) {
        if (message.length > AgentProtocol.MAX_MESSAGE) {
            return Optional.empty();
        }
        return call(op, out -> {
            out.writeUTF(name);
            out.writeUTF(keyId);
            AgentProtocol.writeBytes(out, message);
        }, in -> AgentProtocol.readBytes(in, AgentProtocol.MAX_MESSAGE));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private <T> Optional<T> call(byte op, Writer request, Reader<T> answer) {
        if (!Files.exists(paths.socket())) {
            return Optional.empty();
        }
        String problem = paths.socketFolderProblem();
        if (problem != null) {
            throw new InvalidInput("the agent's socket is not private: " + problem,
                    "run 'chmod 700 " + paths.socket().getParent() + "' as its owner, or remove it");
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            return Optional.empty();
        }
        try (channel) {
            try {
                channel.connect(UnixDomainSocketAddress.of(paths.socket()));
            } catch (IOException nobodyListens) {
                return Optional.empty();
            }
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            out.writeInt(AgentProtocol.MAGIC);
            out.writeByte(op);
            request.write(out);
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            byte result = in.readByte();
            if (result == AgentProtocol.NOT_HELD) {
                return Optional.empty();
            }
            if (result == AgentProtocol.FAILED) {
                throw new Unavailable(in.readUTF(), "look at " + paths.log() + ", or stop the agent ('airisk agent stop')", null);
            }
            if (result != AgentProtocol.OK) {
                throw new IOException("unexpected answer " + result);
            }
            return Optional.of(answer.read(in));
        } catch (IOException e) {
            // an agent that went away meanwhile (stopped, expired) is no agent
            return Optional.empty();
        }
    }
}
