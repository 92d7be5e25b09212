package dev.airisk.cli;

import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Keyring;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key files of a home folder, each key file unlocked at most once in this test JVM: thousands of
 * in-process commands would otherwise decrypt the same key and check it against its public half
 * (a signature made and verified) for every command. A signer is reused only while the key's files
 * (private, public, certificates) and the passphrase are exactly those it was unlocked from; a key
 * in a PKCS#11 token, a wrong passphrase or any other failure goes to the keyring every time.
 */
final class UnlockedKeys implements Keyring {
    private static final Map<String, Signer> UNLOCKED = new ConcurrentHashMap<>();

    private final Keyring keys;
    private final Path folder;

    /** {@code keys} reads its key files from {@code folder} ({@code AIRISK_HOME/keys}). */
    UnlockedKeys(Keyring keys, Path folder) {
        this.keys = keys;
        this.folder = folder;
    }

    @Override
    public Signer unlock(String name, char[] passphrase) {
        String state = state(name, passphrase);
        if (state == null) {
            return keys.unlock(name, passphrase);
        }
        Signer known = UNLOCKED.get(state);
        if (known != null) {
            return known;
        }
        Signer signer = keys.unlock(name, passphrase);
        UNLOCKED.put(state, signer);
        return signer;
    }

    /** What an unlock of {@code name} depends on, or null for a key that is not in files. */
    private String state(String name, char[] passphrase) {
        if (passphrase == null || !Files.isRegularFile(folder.resolve(name + ".key.pem"))) {
            return null;
        }
        StringBuilder state = new StringBuilder(folder.resolve(name).toString());
        for (String suffix : List.of(".key.pem", ".pub.pem", ".cert.pem")) {
            try {
                state.append(' ').append(Sha256.digest(Files.readAllBytes(folder.resolve(name + suffix))).hex());
            } catch (NoSuchFileException e) {
                state.append(" -");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return state.append(' ').append(Sha256.digest(new String(passphrase).getBytes(StandardCharsets.UTF_8)).hex()).toString();
    }

    @Override
    public KeyInfo generate(String name, String type, char[] passphrase) {
        return keys.generate(name, type, passphrase);
    }

    @Override
    public List<KeyInfo> list() {
        return keys.list();
    }

    @Override
    public KeyInfo info(String name) {
        return keys.info(name);
    }

    @Override
    public Optional<KeyInfo> defaultKey() {
        return keys.defaultKey();
    }

    @Override
    public void setDefault(String name) {
        keys.setDefault(name);
    }

    @Override
    public String publicKeyPem(String name) {
        return keys.publicKeyPem(name);
    }

    @Override
    public KeyInfo importPkcs11(String name, Pkcs11Key key, char[] pin) {
        return keys.importPkcs11(name, key, pin);
    }

    @Override
    public KeyInfo attachCertificate(String name, String certificatesPem) {
        return keys.attachCertificate(name, certificatesPem);
    }

    @Override
    public List<String> certificateChainPem(String name) {
        return keys.certificateChainPem(name);
    }
}
