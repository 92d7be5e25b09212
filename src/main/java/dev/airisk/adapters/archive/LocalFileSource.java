package dev.airisk.adapters.archive;

import dev.airisk.adapters.archive.SourceValidator.Listed;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.model.ModelPath;
import dev.airisk.core.port.Content;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * A single model file, or a folder walked for its regular files (hidden ones included; the git files
 * and a top-level model.sig left out, see {@link SourceValidator#IGNORED}). In a folder,
 * a symlink counts only when it resolves to a regular file inside the folder, and then stands for
 * that file; links to folders are not followed. Contents are the files themselves, so a store can
 * read them through file channels.
 */
final class LocalFileSource extends ListedSource<Path> {

    private LocalFileSource(String description, List<Listed<Path>> listing, boolean single, boolean symlinks) {
        super(description, listing, single, symlinks);
    }

    /** One regular file; its model path is its file name. */
    static LocalFileSource ofFile(Path file, SourceLimits limits) throws IOException {
        SourceValidator<Path> v = new SourceValidator<>(file.toString(), false, limits);
        v.single(file.getFileName().toString(), Files.size(file), file.toAbsolutePath());
        return new LocalFileSource(file.toString(), v.finish(), true, false);
    }

    /** Every regular file below {@code dir}. */
    static LocalFileSource ofDirectory(Path dir, SourceLimits limits) throws IOException {
        Path root = dir.toRealPath();
        SourceValidator<Path> v = new SourceValidator<>(dir.toString(), false, limits);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (d.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = relative(root, d);
                if (SourceValidator.ignored(name)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                v.directory(name);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = relative(root, file);
                if (attrs.isRegularFile()) {
                    v.file(name, attrs.size(), file);
                } else if (attrs.isSymbolicLink()) {
                    symlink(v, root, file, name);
                } else if (attrs.isOther()) {
                    v.special(name, "not a regular file (a device, fifo or socket)");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
        return new LocalFileSource(dir.toString(), v.finish(), false, v.followedSymlinks());
    }

    private static void symlink(SourceValidator<Path> v, Path root, Path link, String name) throws IOException {
        Path target;
        try {
            target = link.toRealPath();
        } catch (NoSuchFileException e) {
            String text = Files.readSymbolicLink(link).toString();
            v.symlink(name, SourceValidator.resolveLink(name, text), null, 0);
            return;
        }
        if (!target.startsWith(root)) {
            v.symlink(name, target.toString(), null, 0);
            return;
        }
        boolean regular = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
        v.symlink(name, relative(root, target), regular ? target : null, regular ? Files.size(target) : 0);
    }

    private static String relative(Path root, Path p) {
        return ModelPath.posix(root.relativize(p));
    }

    /** Hands files out on up to {@code parallelism} threads. */
    @Override
    public <R> Map<String, R> read(int parallelism, ContentFunction<R> fn) throws IOException {
        return ParallelReader.run(parallelism, listing, f -> fn.apply(content(f)));
    }

    private static Content content(Listed<Path> file) {
        return new ListedContent(file, () -> Files.newInputStream(file.handle()), file.handle());
    }

    @Override
    public void close() {
        // nothing is held open between reads
    }

    /** A folder or file that could not be listed, as a one-line InvalidInput. */
    static InvalidInput unreadable(Path path, IOException e) {
        return new InvalidInput("cannot read " + path + ": " + IoErrors.describe(e),
                "check that the model files are readable");
    }
}
