package dev.airisk.core.scan;

import dev.airisk.core.port.ContainerReader.Compression;
import dev.airisk.core.port.ContainerReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Scans one file by its content: zip containers (PyTorch checkpoints, {@code .npz}, {@code .keras}) read
 * through their central directory as loaders read them, tar (legacy PyTorch), pickles (legacy PyTorch, joblib,
 * also zlib/gzip/bz2/xz/lzma-compressed), NumPy arrays, safetensors, ONNX models and text (for secrets).
 * Pickles are handed to the injected {@link PickleReader}, containers are opened by the {@link ContainerReader}.
 * A stream is read once; a zip that is not a file already is copied to a temporary file to be read at random.
 */
public final class Scanner {
    public static final String VERSION = "airisk-scan/2";

    static final int HEAD = 8192;
    static final int MAX_ZIP_NESTING = 3;
    static final long MAX_ENTRIES = 100_000;
    static final long MAX_TOTAL = 64L << 30;
    static final long MAX_ZIP_RATIO = 200;
    static final long MAX_STREAM_RATIO = 1000;
    static final long RATIO_FLOOR = 1L << 20;
    static final int MAX_JSON = 16 << 20;
    static final Set<String> PICKLE_EXT = Set.of(".pkl", ".pickle", ".pt", ".pth", ".bin", ".ckpt", ".joblib", ".sav");

    private final PickleReader pickles;
    private final ContainerReader containers;

    /** The scanner with the real pickle analyser under {@code rules}, for a model of the high risk tier or not. */
    public static Scanner of(ScanRules rules, boolean highRiskTier, ContainerReader containers) {
        return new Scanner(new PickleAnalyzer(rules, highRiskTier)::analyze, containers);
    }

    public Scanner(PickleReader pickles, ContainerReader containers) {
        this.pickles = Objects.requireNonNull(pickles, "pickles");
        this.containers = Objects.requireNonNull(containers, "containers");
    }

    /** Scans one file's bytes (read once, streaming). {@code path} is how the file is named in results. */
    public FileScan scan(String path, long size, InputStream in) throws IOException {
        return scan(path, size, in, null);
    }

    /**
     * Scans one file; {@code file}, when not null, is a regular file holding exactly the bytes of {@code in}, which
     * a zip is then read from in place (only what a loader reads is read) instead of being copied first.
     */
    public FileScan scan(String path, long size, InputStream in, Path file) throws IOException {
        Run run = new Run();
        InputStream buffered = new BufferedInputStream(new Streams.NonClosing(in), 64 * 1024);
        int slot = run.reserve();
        Outcome o = run.analyse(path, size, buffered, file, 0, false);
        run.files.set(slot, new FileResult(path, size, o.analysers(), o.skipped()));
        return new FileScan(run.files, run.findings);
    }

    /** The file and, for containers, each member; and everything found. */
    public record FileScan(List<FileResult> files, List<Finding> findings) {
        public FileScan {
            files = List.copyOf(files);
            findings = List.copyOf(findings);
        }
    }

    private record Outcome(List<String> analysers, String skipped) {
        static Outcome of(String... analysers) {
            return new Outcome(List.of(analysers), null);
        }

        static Outcome skip(String why) {
            return new Outcome(List.of(), why);
        }
    }

    /** One scan's state: results so far, a reused buffer, and the limits shared by every container in it. */
    private final class Run {
        final List<FileResult> files = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        final byte[] buffer = new byte[1 << 20];
        long entries;
        final GuardedStream.Total total = new GuardedStream.Total();

        int reserve() {
            files.add(null);
            return files.size() - 1;
        }

        void malformed(String path, String format, String message, long offset) {
            findings.add(new Finding(path, format + "/malformed", Severity.HIGH, message, offset));
        }

        Outcome analyse(String path, long size, InputStream in, int zipDepth, boolean member) throws IOException {
            return analyse(path, size, in, null, zipDepth, member);
        }

        Outcome analyse(String path, long size, InputStream in, Path file, int zipDepth, boolean member) throws IOException {
            byte[] head = in.readNBytes(HEAD);
            if (head.length == 0) {
                return Outcome.skip("empty file");
            }
            boolean cut = head.length == HEAD;
            String ext = Streams.ext(path);
            InputStream all = Streams.concat(head, in);
            if (member && ext.equals(".pkl")) {
                return pickle(path, all, 0, "pickle");
            }
            if (Formats.isZip(head)) {
                if (zipDepth > MAX_ZIP_NESTING) {
                    return Outcome.skip("zip nested more than " + MAX_ZIP_NESTING + " levels deep");
                }
                return zip(path, all, file, zipDepth, ext);
            }
            if (Formats.isTar(head)) {
                if (zipDepth > MAX_ZIP_NESTING) {
                    return Outcome.skip("tar nested more than " + MAX_ZIP_NESTING + " levels deep");
                }
                return tar(path, all, zipDepth);
            }
            if (Npy.sniff(head)) {
                return npy(path, all);
            }
            if (Safetensors.sniff(head, size) || ext.equals(".safetensors")) {
                List<String> problems = Safetensors.check(size, all, buffer);
                for (String p : problems) {
                    malformed(path, "safetensors", "safetensors header: " + p + "; the file cannot be trusted to load as written", -1);
                }
                return Outcome.of("safetensors");
            }
            String compression = Formats.compression(head);
            if (compression != null) {
                return compressed(path, compression, all, zipDepth, member);
            }
            if (Formats.looksLikePickle(head, ext, member)) {
                return pickle(path, all, 0, "pickle");
            }
            if (ext.equals(".onnx")) {
                try {
                    for (Onnx.Escape e : Onnx.walk(size, all)) {
                        findings.add(new Finding(path, "onnx/external-data-escape", Severity.HIGH,
                                "tensor '" + e.tensor() + "' reads its data from '" + e.location() + "', which " + e.why()
                                        + "; loading the model reads that file, so keep external data next to the model",
                                e.offset()));
                    }
                } catch (FormatException e) {
                    malformed(path, "onnx", "ONNX protobuf: " + e.getMessage(), e.offset());
                }
                return Outcome.of("onnx");
            }
            if (TextSniff.isText(head, cut)) {
                Secrets.scan(path, all, buffer, findings);
                return Outcome.of("secrets");
            }
            return Outcome.skip(member ? "zip member of no known format" : "binary data of no known format");
        }

        Outcome pickle(String path, InputStream in, long base, String... analysers) throws IOException {
            try {
                for (Finding f : pickles.analyze(path, new Streams.NonClosing(in))) {
                    findings.add(base == 0 || f.offset() < 0 ? f : f.at(f.offset() + base));
                }
            } catch (EOFException e) {
                malformed(path, "pickle", "the pickle ends early (" + e.getMessage() + ")", -1);
            }
            return Outcome.of(analysers);
        }

        Outcome npy(String path, InputStream in) throws IOException {
            Npy.Header h;
            try {
                h = Npy.read(in);
            } catch (FormatException e) {
                malformed(path, "numpy", ".npy header: " + e.getMessage(), e.offset());
                return Outcome.of("npy");
            }
            if (!h.object()) {
                return Outcome.of("npy");
            }
            findings.add(new Finding(path, "numpy/object-array", Severity.HIGH,
                    "array of Python objects (dtype '" + h.descr() + "'): numpy.load needs allow_pickle=True, "
                            + "which runs the pickle inside; store a numeric dtype instead", 0));
            return pickle(path, in, h.dataOffset(), "npy", "pickle");
        }

        Outcome compressed(String path, String kind, InputStream all, int zipDepth, boolean member) throws IOException {
            Streams.Counting raw = new Streams.Counting(all);
            Inflater inflater = null;
            InputStream inflating;
            try {
                Compression library = switch (kind) {
                    case "bz2" -> Compression.BZIP2;
                    case "xz" -> Compression.XZ;
                    case "lzma" -> Compression.LZMA;
                    default -> null;
                };
                if (library != null) {
                    inflating = containers.decompress(library, raw);
                } else if (kind.equals("gzip")) {
                    inflating = new GZIPInputStream(raw, 64 * 1024);
                } else {
                    InputStream src = raw;
                    if (kind.equals("joblib")) {
                        PushbackInputStream p = new PushbackInputStream(raw, 1);
                        if (p.readNBytes(21).length < 21) {
                            malformed(path, "joblib", "compressed joblib header ends early", 0);
                            return Outcome.of("zlib");
                        }
                        int b = p.read();
                        if (b >= 0 && b != ' ') {
                            p.unread(b);
                        }
                        src = p;
                    }
                    inflater = new Inflater();
                    inflating = new InflaterInputStream(src, inflater, 64 * 1024);
                }
            } catch (IOException e) {
                if (e instanceof GuardedStream.Failure) {
                    throw e;
                }
                malformed(path, kind, kind + " stream: " + e.getMessage(), 0);
                return Outcome.of(kind);
            }
            String analyser = kind.equals("joblib") ? "zlib" : kind;
            long rawStart = raw.count;
            GuardedStream g = new GuardedStream(total, inflating, () -> raw.count - rawStart, MAX_STREAM_RATIO, analyser, Long.MAX_VALUE);
            try {
                Outcome inner = analyse(path, -1, g, zipDepth, member);
                Streams.drain(g, buffer);
                List<String> names = new ArrayList<>();
                names.add(analyser);
                names.addAll(inner.analysers());
                return new Outcome(names, inner.skipped() == null ? null : analyser + "-compressed " + inner.skipped());
            } catch (GuardedStream.Failure f) {
                if (f.owner != g) {
                    throw f;
                }
                findings.add(new Finding(path, analyser + (f.bomb ? "/bomb" : "/malformed"), Severity.HIGH,
                        f.getMessage(), -1));
                return Outcome.of(analyser);
            } finally {
                if (inflater != null) {
                    inflater.end();
                }
            }
        }

        /**
         * A zip read as PyTorch, NumPy and Keras read it: through its central directory. Each entry's local header is
         * compared with its central directory entry, and the archive is walked as a streaming reader walks it, so an
         * entry that one kind of reader sees and the other does not is reported.
         */
        Outcome zip(String path, InputStream in, Path file, int zipDepth, String ext) throws IOException {
            Path spilled = null;
            try {
                if (file == null) {
                    spilled = Files.createTempFile("airisk-scan-", ".zip");
                    try (OutputStream out = Files.newOutputStream(spilled)) {
                        for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                            out.write(buffer, 0, n);
                        }
                    }
                    file = spilled;
                }
                ContainerReader.ZipListing zip;
                try {
                    zip = containers.openZip(file);
                } catch (IOException e) {
                    malformed(path, "zip", "zip: " + e.getMessage() + "; loaders read a zip through its central directory, "
                            + "which this one lacks, has cut off or breaks", -1);
                    return Outcome.of("zip");
                }
                try (zip) {
                    return members(path, zip, zipDepth, ext);
                }
            } finally {
                if (spilled != null) {
                    Files.deleteIfExists(spilled);
                }
            }
        }

        private Outcome members(String path, ContainerReader.ZipListing zip, int zipDepth, String ext) throws IOException {
            List<ContainerReader.ZipEntry> list = zip.entries();
            boolean kerasName = ext.equals(".keras");
            entries += list.size();
            if (entries > MAX_ENTRIES) {
                bomb(path, "has more than " + MAX_ENTRIES + " entries", -1);
                return Outcome.of("zip");
            }
            for (ZipChecks.Problem p : ZipChecks.of(list, zip.unlisted())) {
                findings.add(new Finding(p.entry() == null ? path : path + "!" + p.entry(), p.rule(), Severity.HIGH,
                        p.message(), p.offset()));
                if (p.stop()) {
                    return Outcome.of("zip");
                }
            }
            List<Integer> order = new ArrayList<>();
            for (int k = 0; k < list.size(); k++) {
                order.add(k);
            }
            order.sort(Comparator.comparingLong(k -> list.get(k).headerOffset()));
            boolean keras = false;
            for (int index : order) {
                ContainerReader.ZipEntry e = list.get(index);
                if (e.directory()) {
                    continue;
                }
                String name = e.name();
                String memberPath = path + "!" + name;
                long declared = e.size();
                long declaredPacked = e.compressedSize();
                if (declared > MAX_TOTAL || (declared > RATIO_FLOOR && declaredPacked > 0
                        && declared / declaredPacked > MAX_ZIP_RATIO)) {
                    bomb(path, "entry '" + name + "' declares " + declared + " bytes from " + declaredPacked + " compressed"
                            + (declared > MAX_TOTAL ? "" : ", more than " + MAX_ZIP_RATIO + ":1"), e.headerOffset());
                    files.add(new FileResult(memberPath, declared, List.of(), "not read: zip bomb"));
                    break;
                }
                if (!e.readable()) {
                    malformed(path, "zip", "zip: entry '" + name + "' is encrypted or uses a compression method loaders "
                            + "cannot read", e.headerOffset());
                    files.add(new FileResult(memberPath, declared, List.of(), "not read: encrypted or unsupported compression"));
                    continue;
                }
                int slot = reserve();
                Outcome o;
                try (InputStream raw = zip.open(index)) {
                    GuardedStream g = new GuardedStream(total, raw, () -> Math.max(1, declaredPacked), MAX_ZIP_RATIO, "zip",
                            declared < 0 ? Long.MAX_VALUE : declared);
                    if (name.equals("config.json")) {
                        o = config(memberPath, declared, g, zipDepth, kerasName);
                        keras |= o.analysers().contains("keras");
                    } else {
                        o = analyse(memberPath, declared, g, zipDepth + 1, true);
                    }
                } catch (GuardedStream.Failure f) {
                    if (f.bomb) {
                        bomb(path, f.getMessage(), e.headerOffset());
                    } else {
                        malformed(path, "zip", "zip: " + f.getMessage(), e.headerOffset());
                    }
                    files.set(slot, new FileResult(memberPath, declared, List.of(),
                            f.bomb ? "stopped: zip bomb" : "stopped: zip is malformed"));
                    if (f.bomb) {
                        break;
                    }
                    continue;
                }
                files.set(slot, new FileResult(memberPath, declared, o.analysers(), o.skipped()));
            }
            if (kerasName && !keras) {
                malformed(path, "keras", "Keras archive has no Keras config.json at its root", -1);
            }
            return keras ? Outcome.of("zip", "keras") : Outcome.of("zip");
        }

        /**
         * A tar read front to back. PyTorch's oldest format is one: its {@code sys_info} and {@code pickle} members are
         * pickles, whatever their (extension-less) names; other members are recognised by content.
         */
        Outcome tar(String path, InputStream in, int zipDepth) throws IOException {
            Streams.Counting raw = new Streams.Counting(in);
            ContainerReader.TarStream tar = containers.readTar(raw);
            while (true) {
                String name;
                try {
                    name = tar.next();
                } catch (IOException e) {
                    if (e instanceof GuardedStream.Failure) {
                        throw e;
                    }
                    malformed(path, "tar", "tar: " + e.getMessage() + " after " + raw.count + " bytes", raw.count);
                    break;
                }
                if (name == null) {
                    break;
                }
                if (++entries > MAX_ENTRIES) {
                    bomb(path, "has more than " + MAX_ENTRIES + " entries", raw.count);
                    break;
                }
                String memberPath = path + "!" + name;
                if (Formats.escapes(name)) {
                    findings.add(new Finding(memberPath, "tar/path-traversal", Severity.HIGH, "tar entry name '" + name
                            + "' points outside the folder it is extracted into; rebuild the archive with relative names", raw.count));
                }
                long size = tar.size();
                GuardedStream g = new GuardedStream(total, new Streams.NonClosing(tar.data()), () -> Long.MAX_VALUE, Long.MAX_VALUE, "tar",
                        size < 0 ? Long.MAX_VALUE : size);
                int slot = reserve();
                Outcome o;
                try {
                    o = name.equals("pickle") || name.equals("sys_info")
                            ? pickle(memberPath, g, 0, "pickle")
                            : analyse(memberPath, size, g, zipDepth + 1, true);
                } catch (GuardedStream.Failure f) {
                    if (f.owner != g) {
                        throw f;
                    }
                    malformed(path, "tar", "tar: " + f.getMessage(), raw.count);
                    files.set(slot, new FileResult(memberPath, size, List.of(), "stopped: tar is malformed"));
                    break;
                }
                files.set(slot, new FileResult(memberPath, size, o.analysers(), o.skipped()));
            }
            return Outcome.of("tar");
        }

        /** A root config.json: a Keras config when it looks like one (or the archive is .keras), else a member. */
        Outcome config(String path, long size, InputStream in, int zipDepth, boolean kerasName) throws IOException {
            byte[] bytes = in.readNBytes(MAX_JSON + 1);
            if (bytes.length > MAX_JSON) {
                if (kerasName) {
                    malformed(path, "keras", "Keras config.json is larger than 16 MiB", -1);
                }
                return analyse(path, size, Streams.concat(bytes, in), zipDepth + 1, true);
            }
            Object parsed = null;
            String error = null;
            try {
                parsed = StrictJson.parse(bytes);
            } catch (FormatException e) {
                error = e.getMessage();
            }
            if (!kerasName && !KerasConfig.looksLikeKeras(parsed)) {
                return analyse(path, bytes.length, new ByteArrayInputStream(bytes), zipDepth + 1, true);
            }
            if (parsed == null) {
                malformed(path, "keras", "Keras config.json: " + (error == null ? "is null" : error), -1);
            } else {
                KerasConfig.check(path, parsed, findings);
            }
            byte[] head = bytes.length > HEAD ? Arrays.copyOf(bytes, HEAD) : bytes;
            if (bytes.length > 0 && TextSniff.isText(head, bytes.length > HEAD)) {
                Secrets.scan(path, bytes, findings);
                return Outcome.of("keras", "secrets");
            }
            return Outcome.of("keras");
        }

        void bomb(String path, String why, long offset) {
            findings.add(new Finding(path, "zip/bomb", Severity.HIGH,
                    "zip bomb: " + why + "; scanning of the archive stopped", offset));
        }
    }
}
