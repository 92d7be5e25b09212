package dev.airisk.adapters.archive;

import dev.airisk.core.port.ModelSigning;
import java.util.stream.Stream;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Manifest;
import dev.airisk.core.model.ModelPath;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one set of rules every model source passes through before anything is read or stored: a
 * single file, a folder and an archive report their entries here, and anything unsafe is refused
 * with a one-line message naming the entry.
 *
 * <p>Names are normalized with {@link ModelPath#normalizeArchiveName} and must pass
 * {@link ModelPath#problem}. A path may appear once and may not be both a file and a folder.
 * Devices, fifos and sockets are refused. A link whose target leaves the model root is refused. In
 * a folder, a symlink to a regular file inside the folder stands for that file; in an archive every
 * link is refused, because a link's bytes live elsewhere in the stream and a tar is read only once.
 * Archives are also held to the {@link SourceLimits}: unpacked size, expansion ratio, file count.
 *
 * @param <H> how the source finds a file's bytes again (a path, a zip entry, a tar entry number)
 */
final class SourceValidator<H> {
    private static final String PATH_FIX = "model files must stay inside the model root";
    /**
     * What a model folder or archive leaves out, as model_signing leaves it out of a folder it signs:
     * the git files, and a signature {@code model.sig} at the top (a stale or a supplier's signature).
     */
    static final List<String> IGNORED = Stream.concat(Stream.of("model.sig"), ModelSigning.GIT_PATHS.stream()).toList();

    private final String description;
    private final boolean archive;
    private final SourceLimits limits;
    private final Map<String, Listed<H>> files = new HashMap<>();
    private final Set<String> folders = new HashSet<>();
    private long unpacked;
    private boolean symlinks;

    /** A file that passed: its model path, size and where its bytes are. */
    record Listed<H>(String path, long size, H handle) {
    }

    /**
     * @param description the source as the user named it, used in messages about archive entries
     * @param archive     whether the entries come from an archive (links refused, size limits apply)
     */
    SourceValidator(String description, boolean archive, SourceLimits limits) {
        this.description = description;
        this.archive = archive;
        this.limits = limits;
    }

    /** Whether {@code name} is left out of the model (see {@link #IGNORED}); a folder's whole subtree is. */
    static boolean ignored(String name) {
        return ModelSigning.ModelFiles.ignored(ModelPath.normalizeArchiveName(name), IGNORED);
    }

    /** Whether a symlink stood for a file. */
    boolean followedSymlinks() {
        return symlinks;
    }

    /** The one regular file of a single-file model: nothing is left out. */
    void single(String name, long size, H handle) {
        add(new Listed<>(require("entry", name), size, handle), name);
    }

    /** A regular file of {@code size} bytes; nothing when it is {@link #ignored}. */
    void file(String name, long size, H handle) {
        if (ignored(name)) {
            return;
        }
        String path = require("entry", name);
        if (size < 0) {
            throw refuse("entry", name, "does not state its size", "re-create the archive with a standard tool");
        }
        add(new Listed<>(path, size, handle), name);
    }

    /** A folder entry: its name is checked, the folder itself is not part of the model. */
    void directory(String name) {
        String n = ModelPath.normalizeArchiveName(name);
        if (n.isEmpty() || n.equals(".") || ignored(name)) {
            return;
        }
        String path = require("folder", name);
        if (files.containsKey(path)) {
            throw clash(name);
        }
        folders.add(path);
    }

    /**
     * A symbolic link. {@code targetFromRoot} is where it points, relative to the model root (see
     * {@link #resolveLink}); {@code resolved} is the regular file it leads to, or null when it leads
     * to no regular file inside the root.
     */
    void symlink(String name, String targetFromRoot, H resolved, long size) {
        if (ignored(name)) {
            return;
        }
        require("symlink", name);
        if (ModelPath.problem(targetFromRoot) != null) {
            throw refuse("symlink", name, "points outside the model folder", archive
                    ? "re-create the archive with 'tar --dereference' so it holds the file itself"
                    : "copy the file into the folder instead of linking to it");
        }
        if (archive) {
            throw linkInArchive("symlink", name);
        }
        if (resolved == null) {
            throw refuse("symlink", name, "does not point to a regular file",
                    "link only to files inside the model folder, or remove the link");
        }
        add(new Listed<>(ModelPath.normalizeArchiveName(name), size, resolved), name);
        symlinks = true;
    }

    /** A hard link entry of an archive; {@code target} names another entry, relative to the root. Always refused. */
    void hardlink(String name, String target) {
        require("hard link", name);
        if (ModelPath.problem(resolveLink("", target)) != null) {
            throw refuse("hard link", name, "points outside the model folder",
                    "re-create the archive with 'tar --hard-dereference' so it holds the file itself");
        }
        throw linkInArchive("hard link", name);
    }

    /** Anything that is not a file, folder or link: a device, a fifo, a socket. */
    void special(String name, String kind) {
        throw refuse("entry", name, "is " + kind, archive
                ? "a model holds only regular files; re-create the archive without it"
                : "a model holds only regular files; remove it from the folder");
    }

    /** An entry this source cannot read (encryption, an unknown format); always refused. */
    void unsupported(String name, String problem, String fix) {
        throw refuse("entry", name, problem, fix);
    }

    /**
     * Checks how far {@code compressed} bytes expanded into {@code uncompressed}: for one entry when
     * {@code name} is given, else for the whole archive.
     */
    void expanded(String name, long uncompressed, long compressed) {
        if (uncompressed < SourceLimits.RATIO_FLOOR || uncompressed <= limits.maxRatio() * Math.max(compressed, 1)) {
            return;
        }
        String what = name == null ? description : "entry '" + printable(name) + "' in " + description;
        throw new InvalidInput(what + " expands more than " + limits.maxRatio() + " times",
                "this looks like a zip bomb; if the archive is genuine, unpack it and register the folder");
    }

    /** The files, sorted by path; InvalidInput when there are none or a file is also a folder. */
    List<Listed<H>> finish() {
        if (files.isEmpty()) {
            throw new InvalidInput(description + " has no files", "give a model file, folder or archive with at least one file");
        }
        for (String path : files.keySet()) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                if (files.containsKey(path.substring(0, slash))) {
                    throw clash(path.substring(0, slash));
                }
            }
        }
        List<Listed<H>> sorted = new ArrayList<>(files.values());
        sorted.sort(Comparator.comparing(Listed::path, Manifest::comparePaths));
        return sorted;
    }

    /**
     * Where a link stored at {@code linkPath} with the text {@code target} points, relative to the
     * model root, resolved lexically. An absolute target stays absolute; a target that climbs above
     * the root starts with {@code ..}; either fails {@link ModelPath#problem}.
     */
    static String resolveLink(String linkPath, String target) {
        if (target == null || target.isEmpty() || target.startsWith("/")) {
            return target == null ? "" : target;
        }
        Deque<String> segments = new ArrayDeque<>();
        String parent = linkPath.contains("/") ? linkPath.substring(0, linkPath.lastIndexOf('/')) : "";
        for (String seg : (parent + "/" + target).split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (!seg.equals("..")) {
                segments.addLast(seg);
            } else if (segments.pollLast() == null) {
                return "../" + target;
            }
        }
        return String.join("/", segments);
    }

    private void add(Listed<H> file, String rawName) {
        if (files.containsKey(file.path())) {
            throw refuse("entry", rawName, "appears twice", "re-create the archive with each file once");
        }
        if (folders.contains(file.path())) {
            throw clash(rawName);
        }
        if (files.size() >= limits.maxFiles()) {
            throw new InvalidInput(description + " has more than " + limits.maxFiles() + " files",
                    "a model of that many files is not supported; pack small files together");
        }
        if (archive) {
            unpacked += file.size();
            if (file.size() > limits.maxUnpackedBytes() || unpacked > limits.maxUnpackedBytes()) {
                throw new InvalidInput(description + " unpacks to more than " + limits.maxUnpackedBytes() + " bytes",
                        "this looks like an archive bomb; if it is genuine, unpack it and register the folder");
            }
        }
        files.put(file.path(), file);
    }

    private InvalidInput linkInArchive(String kind, String name) {
        return refuse(kind, name, "is a link, and links in archives are not supported",
                "re-create the archive with 'tar --dereference --hard-dereference' so it holds the files themselves");
    }

    private String require(String kind, String name) {
        String path = ModelPath.normalizeArchiveName(name);
        String problem = ModelPath.problem(path);
        if (problem != null) {
            throw refuse(kind, name, problem, PATH_FIX);
        }
        return path;
    }

    private InvalidInput clash(String name) {
        return refuse("entry", name, "is both a file and a folder", "give each path once, as a file or as a folder");
    }

    private InvalidInput refuse(String kind, String name, String problem, String fix) {
        String where = archive ? " in " + description : "";
        return new InvalidInput(kind + " '" + printable(name) + "'" + where + " " + problem, fix);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return b.toString();
    }
}
