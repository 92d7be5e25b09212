package dev.airisk.adapters.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Remembers what a creation is about to make so a failure can take exactly that away: the topmost
 * folder that did not exist yet, or, when the target was an existing empty folder, its contents.
 */
final class CreatedPath {
    private final Path target;
    private final Path firstMissing;

    private CreatedPath(Path target, Path firstMissing) {
        this.target = target;
        this.firstMissing = firstMissing;
    }

    /** Records the state before anything is created at {@code target} (an absolute path). */
    static CreatedPath before(Path target) {
        Path missing = null;
        for (Path p = target; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return new CreatedPath(target, missing);
    }

    /** Deletes what was created since {@link #before}; what cannot be deleted is added to {@code failure}. */
    void remove(Exception failure) {
        try {
            if (firstMissing != null) {
                deleteTree(firstMissing, true);
            } else if (Files.isDirectory(target)) {
                deleteTree(target, false);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Deletes {@code root}'s contents, and {@code root} itself when {@code includingRoot}. */
    static void deleteTree(Path root, boolean includingRoot) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (includingRoot || !p.equals(root)) {
                    Files.delete(p);
                }
            }
        }
    }
}
