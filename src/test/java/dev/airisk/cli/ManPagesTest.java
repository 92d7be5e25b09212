package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/** The man pages the build writes (see {@link ManPages}): one per command, each rendered by groff without a warning. */
class ManPagesTest {
    private static final Path MAN1 = Path.of(System.getProperty("airisk.man.dir",
            Path.of(System.getProperty("airisk.basedir", ".")).resolve("target/man/man1").toString()));
    private static final String FIX = " (the build writes them in process-test-classes: run 'mvn -q process-test-classes')";

    @Test
    void everyCommandInTheTree_hasAPage_andNoPageIsLeftOver() throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        pages(ManPages.tree("any"), expected);
        TreeSet<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(MAN1)) {
            files.forEach(p -> found.add(p.getFileName().toString()));
        }
        assertEquals(expected, found, "the man pages in " + MAN1 + FIX);
        assertTrue(expected.containsAll(List.of("airisk.1", "airisk-keys-generate.1", "airisk-completion.1")), expected.toString());
    }

    @Test
    void everyPage_rendersWithoutWarnings_andShowsItsCommandsExamples() throws Exception {
        List<String> command = new ArrayList<>(List.of("groff", "-man", "-Tutf8", "-ww", "-z"));
        try (Stream<Path> files = Files.list(MAN1)) {
            files.sorted().forEach(p -> command.add(p.toString()));
        }
        assertTrue(command.size() > 40, "pages in " + MAN1 + FIX);
        Process groff = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String warnings = new String(groff.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, groff.waitFor(), warnings);
        assertEquals("", warnings, "groff's warnings on the man pages");

        String promote = Files.readString(MAN1.resolve("airisk-promote.1"));
        assertTrue(promote.contains(".TH \"AIRISK\\-PROMOTE\" \"1\""), promote);
        assertTrue(promote.contains(".SH \"EXAMPLES\""), promote);
        assertTrue(promote.contains("airisk promote churn@1.4.0 \\-\\-to staging"), promote);
    }

    private static void pages(CommandSpec spec, TreeSet<String> names) {
        names.add(spec.qualifiedName("-") + ".1");
        for (var sub : spec.subcommands().values()) {
            pages(sub.getCommandSpec(), names);
        }
    }
}
