package dev.airisk.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Changes a registry the way someone with write access but without airisk would: a clone with the
 * git command line, files edited by hand, an ordinary (unsigned) commit pushed to main.
 */
final class GitTamper {
    private final Path registry;
    private final Path work;

    GitTamper(Path registry, Path work) {
        this.registry = registry;
        this.work = work;
        git(work.getParent(), "clone", "-q", registry.toString(), work.toString());
        git(work, "config", "user.name", "Mallory");
        git(work, "config", "user.email", "mallory@example.com");
        git(work, "config", "commit.gpgsign", "false");
    }

    List<String> list(String dir) {
        try (Stream<Path> s = Files.list(work.resolve(dir))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String path) {
        try {
            return Files.readString(work.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(String path, String text) {
        try {
            Files.createDirectories(work.resolve(path).getParent());
            Files.writeString(work.resolve(path), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void copy(String from, String to) {
        write(to, read(from));
    }

    void commitAndPush(String message) {
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", message);
        git(work, "push", "-q", "origin", "HEAD:main");
    }

    static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
