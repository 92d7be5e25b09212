package dev.airisk.adapters.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds hostile and ordinary archives entry by entry, as an attacker's tool would. */
final class TestArchives {
    private TestArchives() {
    }

    /** One tar entry: a file with content, or a link, device or folder without. */
    record Entry(String name, byte linkFlag, String linkTarget, byte[] content) {
        static Entry file(String name, String content) {
            return new Entry(name, TarConstants.LF_NORMAL, null, content.getBytes(StandardCharsets.UTF_8));
        }

        static Entry file(String name, byte[] content) {
            return new Entry(name, TarConstants.LF_NORMAL, null, content);
        }

        static Entry symlink(String name, String target) {
            return new Entry(name, TarConstants.LF_SYMLINK, target, new byte[0]);
        }

        static Entry hardlink(String name, String target) {
            return new Entry(name, TarConstants.LF_LINK, target, new byte[0]);
        }

        static Entry special(String name, byte flag) {
            return new Entry(name, flag, null, new byte[0]);
        }
    }

    static Path tar(Path file, boolean gzip, List<Entry> entries) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GzipCompressorOutputStream(raw) : raw;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry te = new TarArchiveEntry(e.name(), e.linkFlag(), true);
                if (e.linkTarget() != null) {
                    te.setLinkName(e.linkTarget());
                }
                te.setSize(e.linkFlag() == TarConstants.LF_NORMAL ? e.content().length : 0);
                tar.putArchiveEntry(te);
                tar.write(e.content());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** A zip of (name, content) pairs, in order; names are written as given, duplicates included. */
    static Path zip(Path file, String... namesAndContents) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putArchiveEntry(new ZipArchiveEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    /** A zip holding one deflated entry. */
    static Path zip(Path file, String name, byte[] content) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.putArchiveEntry(new ZipArchiveEntry(name));
            zip.write(content);
            zip.closeArchiveEntry();
        }
        return file;
    }

    /** Runs a system tool and fails with its output when it fails. */
    static String run(Path workDir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
