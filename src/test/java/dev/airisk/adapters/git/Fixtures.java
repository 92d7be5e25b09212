package dev.airisk.adapters.git;

import dev.airisk.adapters.crypto.TestSigner;
import dev.airisk.core.Layout;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers shared by the Git adapter tests. */
final class Fixtures {
    static final String SETTINGS = "format_version: 1\nenvironments: [dev, staging, prod]\n";

    private Fixtures() {
    }

    static GitRegistry create(Path dir, TestSigner signer) {
        return new GitRegistryProvider().create(dir.toString(), signer,
                Map.of(Layout.SETTINGS, bytes(SETTINGS), Layout.POLICY, bytes("# policy\n")), init());
    }

    static CommitMessage init() {
        return CommitMessage.of("Create the registry", Map.of("Airisk-Op", "init"));
    }

    static CommitMessage message(String subject, String op) {
        return CommitMessage.of(subject, Map.of("Airisk-Op", op));
    }

    /** A change writing {@code path -> text} pairs (null text deletes). */
    static Change<String> writes(String subject, String... pathsAndTexts) {
        Map<String, byte[]> w = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            w.put(pathsAndTexts[i], pathsAndTexts[i + 1] == null ? null : bytes(pathsAndTexts[i + 1]));
        }
        return new Change<>(subject, w, message(subject, "test"));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
