package dev.airisk.cli;

import java.security.KeyFactory;
import java.security.Signature;

/**
 * Initialises, on a background thread while the command line is parsed and the acting key looked up,
 * the libraries a command that opens the registry uses next: JGit's file storage (and its message
 * bundle), the JSON mapper (with the calendar data its date format loads), the YAML parser, the JDK's
 * and BouncyCastle's elliptic-curve classes. Their class initialisation and first use otherwise take
 * the main thread's time one after the other; with two or more cores it now overlaps. Nothing here
 * reads the registry, a key or a setting: the main thread does every step itself and, reaching a class
 * this thread is still initialising, waits for it. A failure here is ignored (the main thread meets
 * it again where it did before).
 */
final class Preload {
    /** In the order a command meets them. */
    private static final String[] CLASSES = {
        "org.eclipse.jgit.internal.storage.file.FileSnapshot",
        "org.eclipse.jgit.internal.storage.file.FileRepository",
        "org.eclipse.jgit.internal.storage.file.WindowCache",
        "org.eclipse.jgit.internal.storage.file.PackIndexV2",
        "org.eclipse.jgit.revwalk.RevWalk",
        "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
        "dev.airisk.adapters.yaml.YamlRegistryCodec",
        "dev.airisk.adapters.crypto.Json",
        "org.bouncycastle.asn1.ASN1Integer",
        "org.bouncycastle.crypto.ec.CustomNamedCurves",
        "org.eclipse.jgit.lib.TreeFormatter",
    };

    private Preload() {
    }

    /**
     * Starts the background initialisation (a daemon thread: it never keeps the process alive), doing
     * {@code first} (null: nothing) before it, and {@code beside} (null: nothing) on a thread of its own.
     */
    static void start(Runnable first, Runnable beside) {
        Thread t = new Thread(() -> {
            if (first != null) {
                first.run();
            }
            run();
        }, "airisk-preload");
        t.setDaemon(true);
        t.start();
        if (beside != null) {
            Thread b = new Thread(beside, "airisk-preload-key");
            b.setDaemon(true);
            b.start();
        }
    }

    private static void run() {
        ClassLoader loader = Preload.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
                if (name.endsWith(".FileSnapshot")) {
                    // JGit's messages, which it loads on its first use of them (from a resource bundle)
                    Class.forName("org.eclipse.jgit.internal.JGitText", true, loader).getMethod("get").invoke(null);
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException ignored) {
                // the main thread meets the same problem where it did before
            }
        }
        try {
            KeyFactory.getInstance("EC");
            Signature.getInstance("SHA256withECDSA");
        } catch (Exception ignored) {
            // as above
        }
    }
}
