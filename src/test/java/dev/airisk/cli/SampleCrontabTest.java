package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Every airisk command line of samples/crontab (commented-out ones too) parses as the command it names. */
class SampleCrontabTest {

    @Test
    void everyCommandOfTheSampleCrontab_parses() throws IOException {
        List<String> commands = Files.readAllLines(Path.of("samples/crontab")).stream()
                .filter(l -> l.contains("set +a; airisk "))
                .map(l -> l.substring(l.indexOf("set +a; ") + "set +a; ".length())).toList();
        assertTrue(commands.size() >= 4, commands.toString());
        assertTrue(commands.stream().anyMatch(c -> c.startsWith("airisk monitor evaluate ")), commands.toString());
        for (String command : commands) {
            List<String> words = HelpExamplesTest.words(command);
            assertEquals("airisk", words.get(0), command);
            ParseResult parsed = Generated.tree().parseArgs(words.subList(1, words.size()).toArray(String[]::new));
            CommandLine ran = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
            assertEquals(words.get(1), ran.getCommandSpec().qualifiedName().split(" ")[1], command);
            assertFalse(parsed.isUsageHelpRequested(), command);
        }
    }
}
