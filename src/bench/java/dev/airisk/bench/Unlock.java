package dev.airisk.bench;

import dev.airisk.adapters.crypto.FileKeyring;
import java.nio.file.Path;

/**
 * Unlocks one key and exits: how much of a signing command's time is the passphrase's key derivation.
 * Usage: Unlock AIRISK_HOME KEY (passphrase from AIRISK_KEY_PASSPHRASE).
 */
public final class Unlock {
    private Unlock() {
    }

    public static void main(String[] args) {
        new FileKeyring(Path.of(args[0])).unlock(args[1], System.getenv("AIRISK_KEY_PASSPHRASE").toCharArray());
    }
}
