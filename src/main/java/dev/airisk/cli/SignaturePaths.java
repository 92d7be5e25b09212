package dev.airisk.cli;

import dev.airisk.core.model.ModelPath;
import dev.airisk.core.port.ModelSigning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths given on the command line to leave out of a model signature, as model_signing's command line
 * takes them ({@code _cli.py}, {@code _resolve_ignore_paths}): each is resolved against the working
 * directory (following symlinks), and kept, relative to the model, only when it lies inside the model;
 * the others are dropped. A single-file model contains nothing but itself.
 */
final class SignaturePaths {
    private SignaturePaths() {
    }

    /**
     * What to leave out of the model at {@code path}: the {@code --ignore-paths} and the signature file
     * that lie inside it, model-relative; nothing for a single-file model.
     */
    static List<String> ignored(ModelSigning.ModelFiles model, Path path, List<Path> ignorePaths, Path signature) {
        if (model.singleFile()) {
            return List.of();
        }
        List<Path> all = new ArrayList<>(ignorePaths);
        all.add(signature);
        return inside(path, all);
    }

    /** The model-relative POSIX forms of those of {@code paths} inside {@code model}, in order, each once. */
    static List<String> inside(Path model, List<Path> paths) {
        Path root = real(model);
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            Path full = real(p);
            if (!full.startsWith(root)) {
                continue;
            }
            String relative = ModelPath.posix(root.relativize(full));
            String name = relative.isEmpty() ? "." : relative;
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** The path made absolute with its symlinks resolved as far as it exists (Python's {@code Path.resolve()}). */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
