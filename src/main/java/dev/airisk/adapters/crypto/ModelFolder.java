package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.ModelPath;
import dev.airisk.core.port.ModelSigning.ModelFile;
import dev.airisk.core.port.ModelSigning.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A model on disk as model_signing serializes it: a single file, or every file below a folder, hidden
 * ones included. A symlink to a file stands for that file (and is marked, so the signing or verifying
 * side can refuse it unless symlinks are allowed); a symlink to a folder is not followed. A broken
 * link, a device, fifo or socket cannot be part of a model.
 */
final class ModelFolder implements ModelFiles {
    private final Path root;
    private final String name;
    private final boolean single;

    private ModelFolder(Path root, String name, boolean single) {
        this.root = root;
        this.name = name;
        this.single = single;
    }

    static ModelFolder of(Path path) {
        if (Files.isDirectory(path)) {
            try {
                return new ModelFolder(path.toRealPath(), nameOf(path), false);
            } catch (IOException e) {
                throw new InvalidInput("cannot read " + path + ": " + IoErrors.describe(e), "check that the model's folder is readable");
            }
        }
        if (Files.isRegularFile(path)) {
            return new ModelFolder(path, nameOf(path), true);
        }
        throw new InvalidInput(path + (Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? " is neither a file nor a folder" : " does not exist"),
                "give the model's folder or file");
    }

    /** The name model_signing gives a model: the path's last name, or the folder's own name for "." or "..". */
    private static String nameOf(Path path) {
        Path name = path.getFileName();
        if (name == null || name.toString().equals("..") || name.toString().equals(".")) {
            name = path.toAbsolutePath().normalize().getFileName();
        }
        return name == null ? "" : name.toString();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean singleFile() {
        return single;
    }

    @Override
    public List<ModelFile> list(List<String> ignorePaths) throws IOException {
        if (single) {
            return List.of(new ModelFile(root.getFileName().toString(), Files.size(root), null, Files.isSymbolicLink(root)));
        }
        List<ModelFile> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && ModelFiles.ignored(relative(dir), ignorePaths)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = relative(file);
                if (ModelFiles.ignored(name, ignorePaths)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isRegularFile()) {
                    out.add(new ModelFile(name, attrs.size(), null, false));
                } else if (attrs.isSymbolicLink()) {
                    if (Files.isRegularFile(file)) {
                        out.add(new ModelFile(name, Files.size(file), null, true));
                    } else if (!Files.isDirectory(file)) {
                        throw new InvalidInput("cannot use '" + name + "' in " + root + ": a broken symlink",
                                "remove the link, or ignore it with --ignore-paths");
                    }
                } else if (!attrs.isDirectory()) {
                    throw new InvalidInput("cannot use '" + name + "' in " + root + ": not a regular file (a device, fifo or socket)",
                            "remove it, or ignore it with --ignore-paths");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
        out.sort(Comparator.comparing(ModelFile::path, Manifest::comparePaths));
        return out;
    }

    private String relative(Path p) {
        return ModelPath.posix(root.relativize(p));
    }

    @Override
    public InputStream open(ModelFile file) throws IOException {
        return Files.newInputStream(single ? root : root.resolve(file.path()));
    }
}
