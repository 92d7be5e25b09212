package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GeneratedFilesTest {
    private static final Path BASE = Path.of(System.getProperty("airisk.basedir", "."));
    private static final String FIX = " differs from the command tree; regenerate with 'mvn -q -Pgenerate process-classes' and commit it";

    @Test
    void committedCompletions_matchTheCommandTree() throws Exception {
        assertEquals(Generated.bash(), Files.readString(BASE.resolve("completions/airisk.bash")), "completions/airisk.bash" + FIX);
        assertEquals(Generated.zsh(), Files.readString(BASE.resolve("completions/_airisk")), "completions/_airisk" + FIX);
    }

    @Test
    void committedNativeImageConfiguration_matchesWhatPicocliGenerates() throws Exception {
        for (String name : Generated.NATIVE_FILES) {
            try (var in = Generated.class.getResourceAsStream("/" + Generated.PICOCLI_GENERATED + name)) {
                assertEquals(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                        Files.readString(BASE.resolve(Generated.NATIVE_PICOCLI).resolve(name)), Generated.NATIVE_PICOCLI + "/" + name + FIX);
            }
        }
    }

    @Test
    void committedCommandReference_matchesTheCommandTree() throws Exception {
        assertEquals(Generated.commandReference(), Files.readString(BASE.resolve("docs/commands.md")), "docs/commands.md" + FIX);
    }
}
