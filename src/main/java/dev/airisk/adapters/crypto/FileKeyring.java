package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.port.Keyring;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keys in {@code <AIRISK_HOME>/keys}: {@code NAME.key.pem} (encrypted PKCS#8, mode 0600),
 * {@code NAME.pub.pem} (SubjectPublicKeyInfo PEM) and a {@code default} file naming the default key.
 * The folder is created with mode 0700. A key exists when its {@code NAME.key.pem} does.
 *
 * <p>Passphrase arrays are used in place, never copied, kept or logged; the caller owns them and
 * should zero them after the call.
 */
public final class FileKeyring implements Keyring {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String PRIVATE_SUFFIX = ".key.pem";
    private static final String PUBLIC_SUFFIX = ".pub.pem";
    private static final String DEFAULT_FILE = "default";

    private final Path dir;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    /** A keyring in {@code airiskHome/keys}; nothing is created until a key is generated. */
    public FileKeyring(Path airiskHome) {
        this(airiskHome, EncryptedKeys.ITERATIONS);
    }

    /**
     * A keyring whose new keys are encrypted with {@code iterations} rounds of PBKDF2 instead of
     * 600,000: for tests of everything but the key derivation, which would otherwise spend most of
     * their time unlocking keys. Keys are read with the rounds their file states, whatever this is.
     */
    public FileKeyring(Path airiskHome, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration");
        }
        this.dir = airiskHome.resolve("keys");
        this.iterations = iterations;
    }

    /** The folder holding the keys. */
    public Path directory() {
        return dir;
    }

    @Override
    public KeyInfo generate(String name, String type, char[] passphrase) {
        requireName(name);
        KeyType keyType = KeyType.parse(type);
        if (passphrase == null || passphrase.length == 0) {
            throw new InvalidInput("an empty passphrase is refused for key '" + name + "'",
                    "set AIRISK_KEY_PASSPHRASE or type a passphrase at the prompt");
        }
        if (Files.exists(privateFile(name))) {
            throw conflict(name);
        }
        KeyPair pair = keyType.generate(random);
        String encrypted = EncryptedKeys.encrypt(pair, passphrase, random, iterations);
        try {
            SecureFiles.createPrivateDirectory(dir);
            SecureFiles.createNew(privateFile(name), encrypted.getBytes(StandardCharsets.US_ASCII), "rw-------");
        } catch (FileAlreadyExistsException e) {
            throw conflict(name);
        } catch (IOException e) {
            throw unwritable(privateFile(name), e);
        }
        try {
            SecureFiles.replace(publicFile(name), PublicKeys.toPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII),
                    "rw-r--r--");
        } catch (IOException e) {
            throw unwritable(publicFile(name), e);
        }
        return info(name);
    }

    @Override
    public List<KeyInfo> list() {
        String effectiveDefault = effectiveDefault(names()).orElse(null);
        List<KeyInfo> out = new ArrayList<>();
        for (String name : names()) {
            out.add(describe(name, name.equals(effectiveDefault)));
        }
        return out;
    }

    @Override
    public KeyInfo info(String name) {
        requireExisting(name);
        return describe(name, effectiveDefault(names()).map(name::equals).orElse(false));
    }

    /**
     * The key marked in the {@code default} file if it still exists, else the only key, else empty.
     * {@link KeyInfo#isDefault()} is true for exactly this key in {@link #list()} and {@link #info}.
     */
    @Override
    public Optional<KeyInfo> defaultKey() {
        return effectiveDefault(names()).map(name -> describe(name, true));
    }

    @Override
    public void setDefault(String name) {
        requireExisting(name);
        try {
            SecureFiles.replace(dir.resolve(DEFAULT_FILE), (name + "\n").getBytes(StandardCharsets.US_ASCII), "rw-------");
        } catch (IOException e) {
            throw unwritable(dir.resolve(DEFAULT_FILE), e);
        }
    }

    @Override
    public Signer unlock(String name, char[] passphrase) {
        requireExisting(name);
        if (passphrase == null || passphrase.length == 0) {
            throw new InvalidInput("no passphrase given for key '" + name + "'",
                    "set AIRISK_KEY_PASSPHRASE or type the passphrase at the prompt");
        }
        PrivateKey privateKey = EncryptedKeys.decrypt(read(privateFile(name)), passphrase, name);
        KeySigner signer = new KeySigner(name, privateKey, publicKey(name), random);
        if (!signer.isPair()) {
            throw new IntegrityFailure(name + PUBLIC_SUFFIX + " is not the public half of " + name + PRIVATE_SUFFIX,
                    "restore " + publicFile(name) + " from a good copy, or generate a new key");
        }
        return signer;
    }

    @Override
    public String publicKeyPem(String name) {
        requireExisting(name);
        return PublicKeys.toPem(publicKey(name));
    }

    private KeyInfo describe(String name, boolean isDefault) {
        PublicKey key = publicKey(name);
        return new KeyInfo(name, PublicKeys.keyId(key), KeyType.of(key).id(), isDefault);
    }

    private PublicKey publicKey(String name) {
        try {
            return PublicKeys.fromPem(read(publicFile(name)));
        } catch (InvalidInput e) {
            throw new IntegrityFailure(publicFile(name) + " cannot be read: " + e.getMessage(),
                    "restore it from a good copy, or generate a new key", e);
        }
    }

    private Optional<String> effectiveDefault(List<String> names) {
        Path marker = dir.resolve(DEFAULT_FILE);
        if (Files.isRegularFile(marker)) {
            String marked = read(marker).strip();
            if (names.contains(marked)) {
                return Optional.of(marked);
            }
        }
        return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
    }

    /** Names of all keys, sorted. */
    private List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(PRIVATE_SUFFIX))
                    .map(f -> f.substring(0, f.length() - PRIVATE_SUFFIX.length()))
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new Unavailable("cannot list " + dir + ": " + e.getMessage(), "check that the folder is readable", e);
        }
    }

    private void requireExisting(String name) {
        requireName(name);
        if (!Files.isRegularFile(privateFile(name))) {
            List<String> known = names();
            String create = "run 'airisk keys generate --name " + name + "'";
            throw new NotFound("key '" + name + "' is not in " + dir,
                    known.isEmpty() ? create : "known keys: " + String.join(", ", known) + "; or " + create);
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInput("key name '" + name + "' is not valid",
                    "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    private Conflict conflict(String name) {
        return new Conflict("key '" + name + "' already exists in " + dir,
                "choose another name, or use the existing key");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IntegrityFailure(file + " is missing", "restore it from a good copy, or generate a new key");
        } catch (IOException e) {
            throw new Unavailable("cannot read " + file + ": " + e.getMessage(), "check the file's permissions", e);
        }
    }

    private static Unavailable unwritable(Path file, IOException e) {
        return new Unavailable("cannot write " + file + ": " + e.getMessage(), "check that the folder is writable", e);
    }

    private Path privateFile(String name) {
        return dir.resolve(name + PRIVATE_SUFFIX);
    }

    private Path publicFile(String name) {
        return dir.resolve(name + PUBLIC_SUFFIX);
    }
}
