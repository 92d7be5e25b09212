package dev.airisk.adapters.crypto;

import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;

/** Real signers over freshly generated keys, without the keyring's passphrase cost. */
final class TestSigners {
    private TestSigners() {
    }

    static Signer generate(KeyType type, String name) {
        SecureRandom random = new SecureRandom();
        KeyPair pair = type.generate(random);
        return new KeySigner(name, pair.getPrivate(), pair.getPublic(), random);
    }

    /** Writes the signer's PEM public key to {@code dir/file} and returns its path. */
    static Path writePublicKey(Signer signer, Path dir, String file) throws IOException {
        return Files.writeString(dir.resolve(file), signer.publicKeyPem(), StandardCharsets.US_ASCII);
    }
}
