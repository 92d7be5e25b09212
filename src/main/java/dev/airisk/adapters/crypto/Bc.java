package dev.airisk.adapters.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one BouncyCastle provider instance this package uses; never installed globally. */
final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
