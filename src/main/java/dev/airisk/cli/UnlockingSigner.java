package dev.airisk.cli;

import dev.airisk.core.port.Keyring;
import dev.airisk.core.port.Signer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The acting key, unlocked on a background thread: deriving the key-file encryption key
 * (PBKDF2, 600,000 rounds) takes about half a second, which this lets run while the model is hashed.
 * What the public key tells (id, name, type, PEM) is known at once; signing waits for the unlock and
 * {@link #ready()} reports a wrong passphrase before anything is published. A command that may have
 * nothing to sign (notify with nothing due) unlocks only when it first signs.
 */
final class UnlockingSigner implements Signer {
    private final Keyring.KeyInfo info;
    private final String publicKeyPem;
    private final List<String> certificateChain;
    private final CompletableFuture<Signer> unlocked;
    private final Runnable unlock;
    private final AtomicBoolean started = new AtomicBoolean();

    /** Starts unlocking; takes ownership of {@code passphrase} and clears it when done. */
    UnlockingSigner(Keyring keyring, String name, char[] passphrase) {
        this(keyring, name, passphrase, true);
    }

    /** Unlocks at once in the background ({@code now}), or only when the key is first needed to sign. */
    UnlockingSigner(Keyring keyring, String name, char[] passphrase, boolean now) {
        this.info = keyring.info(name);
        this.publicKeyPem = keyring.publicKeyPem(name);
        this.certificateChain = keyring.certificateChainPem(name);
        this.unlocked = new CompletableFuture<>();
        this.unlock = () -> {
            try {
                unlocked.complete(keyring.unlock(name, passphrase));
            } catch (RuntimeException | Error e) {
                unlocked.completeExceptionally(e);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        };
        if (now) {
            start();
        }
    }

    private void start() {
        if (started.compareAndSet(false, true)) {
            Thread t = new Thread(unlock, "airisk-unlock");
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

    @Override
    public void ready() {
        key();
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
        return key().sign(message);
    }

    @Override
    public String signCommit(byte[] commitPayload) {
        return key().signCommit(commitPayload);
    }
}
