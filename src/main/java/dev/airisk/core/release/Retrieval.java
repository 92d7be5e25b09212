package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.AiriskException;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.io.Parallel;
import dev.airisk.core.io.StagedFolder;
import dev.airisk.core.io.VerifyingInputStream;
import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.port.ArchiveWriter;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gets a version's files out of the store, verified: {@code pull} into a folder, {@code export} into a
 * deterministic tar.gz. The signatures (record.sig, then model.sig) are checked first; every byte is checked against the record
 * before a file or the archive is moved into place, so a mismatch leaves nothing partial behind.
 */
public final class Retrieval {
    private final Supplier<RegistryView> view;
    private final Supplier<ArtifactStore> store;
    private final ModelSignatures signatures;
    private final RecordSignatures records;
    private final ArchiveWriter archives;
    private final int parallelism;

    Retrieval(Supplier<RegistryView> view, Supplier<ArtifactStore> store, Attestations attestations,
              ArchiveWriter archives, int parallelism, Clock clock, Progress progress) {
        this.clock = clock;
        this.progress = progress;
        this.view = view;
        this.store = store;
        this.signatures = new ModelSignatures(attestations);
        this.records = new RecordSignatures(attestations);
        this.archives = archives;
        this.parallelism = parallelism;
    }

    private final Clock clock;
    private final Progress progress;

    /**
     * Writes every file of {@code ref} under {@code dir}, which must be empty or not exist. The files
     * are written and verified in a staging folder and moved into place only when all are; a failure
     * leaves {@code dir} as it was (absent, or empty).
     */
    public Pulled pull(ModelRef ref, Path dir) {
        VersionRecord record = verifiedRecord(ref);
        requireEmptyDir(dir);
        ArtifactStore blobs = store.get();
        Path root = dir.toAbsolutePath().normalize();
        try (StagedFolder staged = StagedFolder.create(root);
             Progress.Task task = progress.start("pulling " + ref, record.manifest().totalSize())) {
            Path stage = staged.path();
            Parallel.map(record.manifest().files(), parallelism, f -> {
                Path target = stage.resolve(f.path()).normalize();
                if (!target.startsWith(stage) || target.equals(stage)) {
                    throw new InvalidInput("record of " + ref + " lists '" + f.path() + "' outside the model", "the registry was edited; run 'airisk verify " + ref + "'");
                }
                try {
                    Files.createDirectories(target.getParent());
                } catch (IOException e) {
                    throw new Unavailable("could not create " + root.resolve(f.path()).normalize().getParent() + ": " + IoErrors.describe(e),
                            "check permissions and free space", e);
                }
                try {
                    blobs.copyTo(f.sha256(), f.size(), target, task::advance);
                } catch (NotFound e) {
                    throw missing(ref, f, e);
                } catch (IntegrityFailure | Unavailable e) {
                    throw shownAt(e, stage, root);
                }
                return target;
            });
            staged.publish();
        } catch (IOException e) {
            throw new Unavailable("could not write " + root + ": " + IoErrors.describe(e), "check permissions and free space", e);
        }
        return new Pulled(ref, root, record.manifest().files().size(), record.manifest().totalSize());
    }

    /** The store's failure with the staging folder in its message replaced by the folder the person named. */
    private static RuntimeException shownAt(AiriskException e, Path stage, Path root) {
        String message = e.getMessage().replace(stage.toString(), root.toString());
        return e instanceof IntegrityFailure ? new IntegrityFailure(message, e.fix(), e)
                : new Unavailable(message, e.fix(), e);
    }

    /** Writes a deterministic .tar.gz of {@code ref}; refuses to overwrite {@code file}. */
    public Exported export(ModelRef ref, Path file) {
        VersionRecord record = verifiedRecord(ref);
        Path target = file.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new Conflict(target + " already exists", "remove it or choose another file name");
        }
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidInput("folder " + parent + " does not exist", "create it first or choose another path");
        }
        ArtifactStore blobs = store.get();
        Path temp = parent.resolve("." + target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch);
                 Progress.Task task = progress.start("exporting " + ref, record.manifest().totalSize())) {
                List<FileDigest> files = record.manifest().files();
                archives.writeTarGz(files, f -> new VerifyingInputStream(task.counting(openBlob(blobs, ref, f)), f.sha256(), f.size(),
                        ref + ": " + f.path()), out);
                out.flush();
                ch.force(true);
            }
            publishWithoutReplacing(temp, target);
            return new Exported(ref, target, Files.size(target), record.rootDigest().hex());
        } catch (FileAlreadyExistsException e) {
            throw new Conflict(target + " already exists", "remove it or choose another file name");
        } catch (IOException e) {
            throw new Unavailable("could not write " + target + ": " + IoErrors.describe(e), "check permissions and free space", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the partial file has a hidden name and is never the target
            }
        }
    }

    /** Makes {@code temp} visible as {@code target}; fails rather than replace a file that appeared meanwhile. */
    private static void publishWithoutReplacing(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (UnsupportedOperationException e) {
            Files.move(temp, target);   // a file system without hard links: move refuses an existing target
        }
    }

    private static InputStream openBlob(ArtifactStore blobs, ModelRef ref, FileDigest f) {
        try {
            return blobs.open(f.sha256());
        } catch (NotFound e) {
            throw missing(ref, f, e);
        }
    }

    /** A blob the record lists but the store lacks: the store lost data, an integrity failure. */
    private static IntegrityFailure missing(ModelRef ref, FileDigest f, NotFound cause) {
        return new IntegrityFailure(ref + ": " + f.path() + " (sha256:" + f.sha256().shortHex() + ") is missing from the store",
                "restore the store from a backup or re-register the model from its source", cause);
    }

    private VersionRecord verifiedRecord(ModelRef ref) {
        RegistryView v = view.get();
        VersionRecord record = v.requireRecord(ref);
        Retention.requireNotCollected(v, ref);
        Deprecations.requireNotRetired(v, ref, clock.instant());
        records.require(v, record);
        signatures.require(v, record);
        return record;
    }

    private static void requireEmptyDir(Path dir) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new InvalidInput(dir + " is not a folder", "give a new or empty folder with --to");
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                if (s.iterator().hasNext()) {
                    throw new Conflict(dir + " is not empty", "give a new or empty folder with --to");
                }
            } catch (IOException e) {
                throw new Unavailable("could not read " + dir + ": " + IoErrors.describe(e), "check permissions", e);
            }
        }
    }

    /** What pull wrote. */
    public record Pulled(ModelRef ref, Path dir, int files, long totalBytes) {
    }

    /** What export wrote. */
    public record Exported(ModelRef ref, Path file, long bytes, String rootDigest) {
    }
}
