package dev.airisk.adapters.archive;

import static dev.airisk.adapters.archive.TestArchives.Entry.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.port.ModelSource;
import dev.airisk.core.port.ModelSource.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model sources leave out what OpenSSF model_signing leaves out of a folder it signs (the git files,
 * a top-level model.sig) and say so, and say whether they are one file and whether they followed symlinks.
 */
class ModelSigningRulesTest {
    private final FileModelSources sources = new FileModelSources();
    @TempDir Path dir;

    private static final List<String> LEFT_OUT = List.of("model.sig", ".git", ".gitattributes", ".github", ".gitignore");

    @Test
    void folder_leavesOutGitFilesAndATopLevelModelSig_butNotNestedOnes() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model/.git/objects"));
        model = model.getParent().getParent();
        Files.writeString(model.resolve(".git/HEAD"), "ref");
        Files.createSymbolicLink(model.resolve(".git/broken"), Path.of("nowhere"));
        Files.createDirectories(model.resolve(".github/workflows"));
        Files.writeString(model.resolve(".github/workflows/ci.yml"), "on: push");
        Files.writeString(model.resolve(".gitattributes"), "*.bin lfs");
        Files.writeString(model.resolve(".gitignore"), "*.tmp");
        Files.writeString(model.resolve("model.sig"), "stale");
        Files.createDirectories(model.resolve("sub"));
        Files.writeString(model.resolve("sub/model.sig"), "kept");
        Files.writeString(model.resolve("sub/.gitattributes"), "kept");
        Files.writeString(model.resolve("weights.bin"), "w");

        try (ModelSource source = sources.open(model)) {
            assertEquals(List.of(new SourceFile("sub/.gitattributes", 4), new SourceFile("sub/model.sig", 4), new SourceFile("weights.bin", 1)),
                    source.files());
            assertEquals(LEFT_OUT, source.ignoredPaths());
            assertFalse(source.singleFile());
            assertFalse(source.followsSymlinks());
        }
    }

    @Test
    void archive_leavesOutTheSameEntries() throws IOException {
        Path tgz = TestArchives.tar(dir.resolve("m.tar.gz"), true, List.of(file(".git/HEAD", "ref"), file(".gitattributes", "x"),
                file("model.sig", "stale"), file("weights.bin", "w")));
        try (ModelSource source = sources.open(tgz)) {
            assertEquals(List.of(new SourceFile("weights.bin", 1)), source.files());
            assertEquals(LEFT_OUT, source.ignoredPaths());
        }
    }

    @Test
    void singleFile_isKeptWhateverItsName_andRecordsTheGitPathsAsModelSigningDoes() throws IOException {
        Path file = Files.writeString(dir.resolve("model.sig"), "a model file called model.sig");
        try (ModelSource source = sources.open(file)) {
            assertEquals(List.of(new SourceFile("model.sig", 29)), source.files());
            assertTrue(source.singleFile());
            assertEquals(List.of(".git", ".gitattributes", ".github", ".gitignore"), source.ignoredPaths());
        }
    }

    @Test
    void folder_withASymlinkToAFileInside_saysItFollowedIt() throws IOException {
        Path model = Files.createDirectories(dir.resolve("linked"));
        Files.writeString(model.resolve("weights.bin"), "w");
        Files.createSymbolicLink(model.resolve("latest.bin"), Path.of("weights.bin"));
        try (ModelSource source = sources.open(model)) {
            assertTrue(source.followsSymlinks());
        }
    }
}
