package dev.airisk.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** target/airisk-VERSION.tar: the executable, every man page the build wrote, and the completion scripts. */
class DistributionIT {
    private static final Path TAR = Path.of(System.getProperty("airisk.distribution", "target/airisk-0.1.0.tar"));
    private static final Path BASE = Path.of(System.getProperty("airisk.basedir", "."));

    @Test
    void distribution_holdsTheExecutable_itsManPages_andCompletions() throws Exception {
        Map<String, byte[]> entries = new TreeMap<>();
        Map<String, Integer> modes = new TreeMap<>();
        try (InputStream in = Files.newInputStream(TAR); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    entries.put(e.getName(), tar.readAllBytes());
                    modes.put(e.getName(), e.getMode() & 0777);
                }
            }
        }
        String top = TAR.getFileName().toString().replaceAll("\\.tar$", "") + "/";
        assertArrayEquals(Files.readAllBytes(ExecutableIT.AIRISK), entries.get(top + "bin/airisk"), "bin/airisk is target/airisk");
        assertEquals(0755, modes.get(top + "bin/airisk"));
        assertArrayEquals(Files.readAllBytes(BASE.resolve("completions/airisk.bash")), entries.get(top + "share/bash-completion/completions/airisk"));
        assertArrayEquals(Files.readAllBytes(BASE.resolve("completions/_airisk")), entries.get(top + "share/zsh/site-functions/_airisk"));
        int pages = 0;
        try (Stream<Path> man = Files.list(BASE.resolve("target/man/man1"))) {
            for (Path page : man.toList()) {
                assertArrayEquals(Files.readAllBytes(page), entries.get(top + "share/man/man1/" + page.getFileName()), page.toString());
                pages++;
            }
        }
        assertTrue(pages > 40, "man pages: " + pages);
        assertEquals(pages + 3, entries.size(), entries.keySet().toString());
    }
}
