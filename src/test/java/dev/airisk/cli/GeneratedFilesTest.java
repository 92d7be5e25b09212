package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedFilesTest {
    private static final Path BASE = Path.of(System.getProperty("airisk.basedir", "."));
    private static final String FIX = " differs from the command tree; regenerate with 'mvn -q -Pgenerate process-classes' and commit it";

    @Test
    void committedCompletions_matchTheCommandTree() throws Exception {
        assertEquals(Generated.bash(), Files.readString(BASE.resolve("completions/airisk.bash")), "completions/airisk.bash" + FIX);
        assertEquals(Generated.zsh(), Files.readString(BASE.resolve("completions/_airisk")), "completions/_airisk" + FIX);
    }

    @Test
    void completionCommand_printsExactlyTheCommittedScripts(@TempDir Path dir) throws Exception {
        Harness h = new Harness(dir);
        Harness.Result bash = h.run("completion", "bash");
        assertEquals(0, bash.code(), bash.err());
        assertEquals(Files.readString(BASE.resolve("completions/airisk.bash")), bash.out());
        assertEquals("", bash.err());
        Harness.Result zsh = h.run("completion", "zsh");
        assertEquals(0, zsh.code(), zsh.err());
        assertEquals(Files.readString(BASE.resolve("completions/_airisk")), zsh.out());
        Harness.Result json = h.run("completion", "zsh", "--format", "json");
        assertEquals(0, json.code(), json.err());
        JsonNode doc = Json.mapper().readTree(json.out());
        assertEquals("zsh", doc.path("shell").asText());
        assertEquals(zsh.out(), doc.path("script").asText());
        assertEquals(1, json.out().strip().lines().count(), "one JSON document on one line");
    }

    @Test
    void completionCommand_forAnUnknownShell_isAUsageError(@TempDir Path dir) {
        new Harness(dir).refused(ExitCodes.USAGE, "airisk: error: Invalid value for positional parameter at index 0 (<shell>): "
                + "expected one of [bash, zsh] (case-insensitive) but was 'fish' (see 'airisk completion --help')", "completion", "fish");
    }

    @Test
    void committedNativeImageConfiguration_matchesWhatPicocliGenerates() throws Exception {
        for (String name : Generated.NATIVE_FILES) {
            try (var in = Generated.class.getResourceAsStream("/" + Generated.PICOCLI_GENERATED + name)) {
                assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        Files.readString(BASE.resolve(Generated.NATIVE_PICOCLI).resolve(name)), Generated.NATIVE_PICOCLI + "/" + name + FIX);
            }
        }
    }

    @Test
    void committedCommandReference_matchesTheCommandTree() throws Exception {
        assertEquals(Generated.commandReference(), Files.readString(BASE.resolve("docs/commands.md")), "docs/commands.md" + FIX);
    }
}
