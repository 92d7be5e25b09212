package dev.airisk.adapters.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance this package uses; never installed globally. Creating it
 * costs a fresh JVM about 150 ms, so it is only touched, and so only created, for keys the JDK's own
 * providers cannot read the way airisk always has (see {@link PublicKeys#fromDer} and {@link EncryptedKeys}).
 */
final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
