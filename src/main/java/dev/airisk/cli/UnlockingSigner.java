package dev.airisk.cli;

import dev.airisk.adapters.agent.AgentClient;
import dev.airisk.core.port.Keyring;
import dev.airisk.core.port.Signer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The acting key. When the key agent holds it unlocked ({@code airisk agent start}), the agent signs and
 * no passphrase is asked for. Otherwise the key is unlocked here, on a background thread: deriving the
 * key-file encryption key (PBKDF2, 600,000 rounds) takes about half a second, which this lets run while
 * the model is hashed. What the public key tells (id, name, type, PEM) is known at once; signing waits
 * for the unlock and {@link #ready()} reports a wrong passphrase before anything is published. A command
 * that may have nothing to sign (notify with nothing due) unlocks only when it first signs. An agent that
 * stops holding the key meanwhile (locked, expired, stopped) is left for the passphrase.
 */
final class UnlockingSigner implements Signer {
    private final Keyring.KeyInfo info;
    private final String publicKeyPem;
    private final List<String> certificateChain;
    private final Keyring keyring;
    private final Supplier<char[]> passphrase;
    private final CompletableFuture<Signer> unlocked = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile AgentClient agent;
    private char[] given;

    /**
     * Signs through {@code agent} (null: none holds the key), else unlocks with the passphrase
     * {@code passphrase} gives (asked for at once when there is no agent, else only if the agent stops
     * holding the key), at once in the background ({@code now}) or when the key is first needed.
     */
    UnlockingSigner(Keyring keyring, String name, AgentClient agent, Supplier<char[]> passphrase, boolean now) {
        this.keyring = keyring;
        this.info = keyring.info(name);
        this.publicKeyPem = keyring.publicKeyPem(name);
        this.certificateChain = keyring.certificateChainPem(name);
        this.passphrase = passphrase;
        this.agent = agent;
        if (agent == null) {
            given = passphrase.get();
            if (now) {
                start();
            }
        }
    }

    private void start() {
        if (started.compareAndSet(false, true)) {
            char[] pass;
            synchronized (this) {
                pass = given != null ? given : passphrase.get();
                given = null;
            }
            Thread t = new Thread(() -> {
                try {
                    unlocked.complete(keyring.unlock(info.name(), pass));
                } catch (RuntimeException | Error e) {
                    unlocked.completeExceptionally(e);
                } finally {
                    Arrays.fill(pass, '\0');
                }
            }, "airisk-unlock");
            t.setDaemon(true);
            t.start();
        }
    }

    private Signer key() {
        start();
        try {
            return unlocked.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** The agent's answer, or empty (and no agent from now on) when it no longer holds the key. */
    private <T> Optional<T> byAgent(Function<AgentClient, Optional<T>> request) {
        AgentClient a = agent;
        if (a == null) {
            return Optional.empty();
        }
        Optional<T> answer = request.apply(a);
        if (answer.isEmpty()) {
            agent = null;
        }
        return answer;
    }

    @Override
    public void ready() {
        if (agent == null) {
            key();
        }
    }

    @Override
    public String keyId() {
        return info.keyId();
    }

    @Override
    public String keyName() {
        return info.name();
    }

    @Override
    public String keyType() {
        return info.type();
    }

    @Override
    public String publicKeyPem() {
        return publicKeyPem;
    }

    @Override
    public List<String> certificateChainPem() {
        return certificateChain;
    }

    @Override
    public byte[] sign(byte[] message) {
        return byAgent(a -> a.sign(info.name(), info.keyId(), publicKeyPem, message)).orElseGet(() -> key().sign(message));
    }

    @Override
    public String signCommit(byte[] commitPayload) {
        return byAgent(a -> a.signCommit(info.name(), info.keyId(), commitPayload)).orElseGet(() -> key().signCommit(commitPayload));
    }
}
