package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.port.Keyring;
import dev.airisk.core.port.Keyring.Pkcs11Key;
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
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keys in {@code <AIRISK_HOME>/keys}: {@code NAME.key.pem} (encrypted PKCS#8, mode 0600) or, for a key
 * that stays in a PKCS#11 token, {@code NAME.pkcs11.json} (module, slot and label of the key); {@code
 * NAME.pub.pem} (SubjectPublicKeyInfo PEM); {@code NAME.cert.pem}, the key's X.509 certificate and its
 * intermediates when it has them; and a {@code default} file naming the default key. The folder is
 * created with mode 0700. A key exists when its {@code NAME.key.pem} or {@code NAME.pkcs11.json} does.
 *
 * <p>Passphrase arrays are used in place, never copied, kept or logged; the caller owns them and
 * should zero them after the call.
 */
public final class FileKeyring implements Keyring {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String PRIVATE_SUFFIX = ".key.pem";
    private static final String PKCS11_SUFFIX = ".pkcs11.json";
    private static final String PUBLIC_SUFFIX = ".pub.pem";
    private static final String CERTIFICATE_SUFFIX = ".cert.pem";
    private static final String DEFAULT_FILE = "default";

    private final Path dir;
    private final int iterations;
    /** Made when a key is generated or unlocked: setting up a SecureRandom takes a command that only names its key (the agent signs) milliseconds. */
    private SecureRandom random;

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

    private synchronized SecureRandom random() {
        if (random == null) {
            random = new SecureRandom();
        }
        return random;
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
        if (exists(name)) {
            throw conflict(name);
        }
        KeyPair pair = keyType.generate(random());
        String encrypted = EncryptedKeys.encrypt(pair, passphrase, random(), iterations);
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
        KeySigner signer;
        String privateName;
        if (Files.isRegularFile(pkcs11File(name))) {
            Pkcs11Keys.Opened opened = Pkcs11Keys.open(name, Pkcs11Keys.validate(pkcs11Key(name)), passphrase);
            signer = new KeySigner(name, opened.privateKey(), publicKey(name), random(), opened.provider(), certificateChainPem(name));
            privateName = "the key in its PKCS#11 token";
        } else {
            PrivateKey privateKey = EncryptedKeys.decrypt(read(privateFile(name)), passphrase, name);
            signer = new KeySigner(name, privateKey, publicKey(name), random(), null, certificateChainPem(name));
            privateName = name + PRIVATE_SUFFIX;
        }
        if (!signer.isPair()) {
            throw new IntegrityFailure(name + PUBLIC_SUFFIX + " is not the public half of " + privateName,
                    "restore " + publicFile(name) + " from a good copy, or generate a new key");
        }
        return signer;
    }

    @Override
    public KeyInfo importPkcs11(String name, Pkcs11Key key, char[] pin) {
        requireName(name);
        Pkcs11Keys.validate(key);
        if (pin == null || pin.length == 0) {
            throw new InvalidInput("an empty PIN is refused for key '" + name + "'",
                    "set AIRISK_KEY_PASSPHRASE to the token's user PIN or type it at the prompt");
        }
        if (exists(name)) {
            throw conflict(name);
        }
        Pkcs11Keys.Opened opened = Pkcs11Keys.open(name, key, pin);
        KeySigner signer = new KeySigner(name, opened.privateKey(), opened.publicKey(), random(), opened.provider(), List.of());
        if (!signer.isPair()) {
            throw new IntegrityFailure("the certificate beside key '" + key.keyLabel() + "' in the PKCS#11 token is not of that key",
                    "put the key's own certificate beside it in the token");
        }
        try {
            SecureFiles.createPrivateDirectory(dir);
            SecureFiles.replace(publicFile(name), PublicKeys.toPem(opened.publicKey()).getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
            SecureFiles.createNew(pkcs11File(name), Json.write(Json.MAPPER.valueToTree(Pkcs11Keys.toJson(key))), "rw-------");
        } catch (FileAlreadyExistsException e) {
            throw conflict(name);
        } catch (IOException e) {
            throw unwritable(pkcs11File(name), e);
        }
        return info(name);
    }

    @Override
    public KeyInfo attachCertificate(String name, String certificatesPem) {
        requireExisting(name);
        List<X509Certificate> chain = X509Chains.fromPem(certificatesPem, "the certificate file");
        PublicKey key = publicKey(name);
        String certified = PublicKeys.keyId(chain.get(0).getPublicKey());
        if (!certified.equals(PublicKeys.keyId(key))) {
            throw new InvalidInput("the certificate is for key " + Text.shortId(certified) + ", not for key '" + name + "' ("
                    + Text.shortId(PublicKeys.keyId(key)) + ")", "give the certificate the CA issued for this key first, then its intermediates");
        }
        X509Chains.requireOrdered(chain);
        StringBuilder pem = new StringBuilder();
        chain.forEach(c -> pem.append(X509Chains.toPem(c)));
        try {
            SecureFiles.replace(certificateFile(name), pem.toString().getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
        } catch (IOException e) {
            throw unwritable(certificateFile(name), e);
        }
        return info(name);
    }

    @Override
    public List<String> certificateChainPem(String name) {
        requireExisting(name);
        if (!Files.isRegularFile(certificateFile(name))) {
            return List.of();
        }
        try {
            return X509Chains.fromPem(read(certificateFile(name)), certificateFile(name).toString()).stream().map(X509Chains::toPem).toList();
        } catch (InvalidInput e) {
            throw new IntegrityFailure(certificateFile(name) + " cannot be read: " + e.getMessage(),
                    "attach the certificate again with 'airisk keys import " + name + " --certificate CERT.pem'", e);
        }
    }

    private Pkcs11Key pkcs11Key(String name) {
        try {
            var json = Json.parseObject(read(pkcs11File(name)).getBytes(StandardCharsets.UTF_8), pkcs11File(name).toString());
            Long slot = json.hasNonNull("slot") ? json.get("slot").asLong() : null;
            return new Pkcs11Key(json.path("module").asText(null), slot, json.path("slot_index").asInt(0), json.path("key_label").asText(null));
        } catch (RuntimeException e) {
            throw new IntegrityFailure(pkcs11File(name) + " cannot be read: " + e.getMessage(),
                    "import the key again with 'airisk keys import " + name + " --pkcs11 MODULE --key-label LABEL'", e);
        }
    }

    private boolean exists(String name) {
        return Files.exists(privateFile(name)) || Files.exists(pkcs11File(name));
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
                    .filter(f -> f.endsWith(PRIVATE_SUFFIX) || f.endsWith(PKCS11_SUFFIX))
                    .map(f -> f.substring(0, f.length() - (f.endsWith(PRIVATE_SUFFIX) ? PRIVATE_SUFFIX : PKCS11_SUFFIX).length()))
                    .filter(n -> NAME.matcher(n).matches())
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new Unavailable("cannot list " + dir + ": " + e.getMessage(), "check that the folder is readable", e);
        }
    }

    private void requireExisting(String name) {
        requireName(name);
        if (!Files.isRegularFile(privateFile(name)) && !Files.isRegularFile(pkcs11File(name))) {
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

    private Path pkcs11File(String name) {
        return dir.resolve(name + PKCS11_SUFFIX);
    }

    private Path certificateFile(String name) {
        return dir.resolve(name + CERTIFICATE_SUFFIX);
    }

    private Path publicFile(String name) {
        return dir.resolve(name + PUBLIC_SUFFIX);
    }
}
