package dev.airisk.core.scan;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Scans one file by its content: zip containers (PyTorch checkpoints, {@code .npz}, {@code .keras}),
 * pickles (legacy PyTorch, joblib, also zlib-compressed), NumPy arrays, safetensors, ONNX models and text
 * (for secrets). Pickles are handed to the injected {@link PickleReader}. Reads the bytes once, as a stream.
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

    /** The scanner with the real pickle analyser under {@code rules}, for a model of the high risk tier or not. */
    public static Scanner of(ScanRules rules, boolean highRiskTier) {
        return new Scanner(new PickleAnalyzer(rules, highRiskTier)::analyze);
    }

    public Scanner(PickleReader pickles) {
        this.pickles = Objects.requireNonNull(pickles, "pickles");
    }

    /** Scans one file's bytes (read once, streaming). {@code path} is how the file is named in results. */
    public FileScan scan(String path, long size, InputStream in) throws IOException {
        Run run = new Run();
        InputStream buffered = new BufferedInputStream(new Streams.NonClosing(in), 64 * 1024);
        int slot = run.reserve();
        Outcome o = run.analyse(path, size, buffered, 0, false);
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

    /** A container (zip, zlib, gzip) broke or turned out to be a bomb; only its own handler catches it. */
    private static final class ContainerFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Object owner;
        final boolean bomb;

        ContainerFailure(Object owner, String message, boolean bomb) {
            super(message, null);
            this.owner = owner;
            this.bomb = bomb;
        }
    }

    /** One scan's state: results so far, a reused buffer, and the limits shared by every container in it. */
    private final class Run {
        final List<FileResult> files = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        final byte[] buffer = new byte[1 << 20];
        long entries;
        long inflated;

        int reserve() {
            files.add(null);
            return files.size() - 1;
        }

        void malformed(String path, String format, String message, long offset) {
            findings.add(new Finding(path, format + "/malformed", Severity.HIGH, message, offset));
        }

        Outcome analyse(String path, long size, InputStream in, int zipDepth, boolean member) throws IOException {
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
            if (isZip(head)) {
                if (zipDepth > MAX_ZIP_NESTING) {
                    return Outcome.skip("zip nested more than " + MAX_ZIP_NESTING + " levels deep");
                }
                return zip(path, all, zipDepth, ext);
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
            String compression = compression(head);
            if (compression != null) {
                return compressed(path, compression, all, zipDepth, member);
            }
            if (looksLikePickle(head, ext, member)) {
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
            findings.add(new Finding(path, "numpy/object-array", Severity.MEDIUM,
                    "array of Python objects (dtype '" + h.descr() + "'): numpy.load needs allow_pickle=True, "
                            + "which runs the pickle inside; store a numeric dtype instead", 0));
            return pickle(path, in, h.dataOffset(), "npy", "pickle");
        }

        Outcome compressed(String path, String kind, InputStream all, int zipDepth, boolean member) throws IOException {
            Streams.Counting raw = new Streams.Counting(all);
            Inflater inflater = null;
            InputStream inflating;
            try {
                if (kind.equals("gzip")) {
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
            } catch (ZipException | EOFException e) {
                malformed(path, kind, kind + " stream: " + e.getMessage(), 0);
                return Outcome.of(kind);
            }
            String analyser = kind.equals("gzip") ? "gzip" : "zlib";
            Guarded g = new Guarded(inflating, raw, MAX_STREAM_RATIO, analyser);
            try {
                Outcome inner = analyse(path, -1, g, zipDepth, member);
                Streams.drain(g, buffer);
                List<String> names = new ArrayList<>();
                names.add(analyser);
                names.addAll(inner.analysers());
                return new Outcome(names, inner.skipped() == null ? null : analyser + "-compressed " + inner.skipped());
            } catch (ContainerFailure f) {
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

        Outcome zip(String path, InputStream in, int zipDepth, String ext) throws IOException {
            Streams.Counting raw = new Streams.Counting(in);
            ZipInputStream zin = new ZipInputStream(raw, StandardCharsets.UTF_8);
            boolean kerasName = ext.equals(".keras");
            boolean keras = false;
            boolean stopped = false;
            while (!stopped) {
                ZipEntry e;
                try {
                    e = zin.getNextEntry();
                } catch (ZipException | EOFException | IllegalArgumentException x) {
                    malformed(path, "zip", "zip: " + x.getMessage() + " after " + raw.count + " bytes", raw.count);
                    break;
                }
                if (e == null) {
                    break;
                }
                if (++entries > MAX_ENTRIES) {
                    bomb(path, "has more than " + MAX_ENTRIES + " entries", raw.count);
                    break;
                }
                String name = e.getName();
                String memberPath = path + "!" + name;
                if (escapes(name)) {
                    findings.add(new Finding(memberPath, "zip/path-traversal", Severity.HIGH,
                            "zip entry name '" + name + "' points outside the folder it is extracted into; "
                                    + "rebuild the archive with relative names", raw.count));
                }
                if (e.isDirectory()) {
                    continue;
                }
                long declared = e.getSize();
                long declaredPacked = e.getCompressedSize();
                if (declared > MAX_TOTAL || (declared > RATIO_FLOOR && declaredPacked > 0
                        && declared / declaredPacked > MAX_ZIP_RATIO)) {
                    bomb(path, "entry '" + name + "' declares " + declared + " bytes from " + declaredPacked + " compressed",
                            raw.count);
                    files.add(new FileResult(memberPath, declared, List.of(), "not read: zip bomb"));
                    break;
                }
                Guarded g = new Guarded(zin, raw, MAX_ZIP_RATIO, "zip");
                int slot = reserve();
                Outcome o;
                try {
                    if (name.equals("config.json")) {
                        o = config(memberPath, declared, g, zipDepth, kerasName);
                        keras |= o.analysers().contains("keras");
                    } else {
                        o = analyse(memberPath, declared, g, zipDepth + 1, true);
                    }
                    Streams.drain(g, buffer);
                } catch (ContainerFailure f) {
                    if (f.owner != g) {
                        throw f;
                    }
                    if (f.bomb) {
                        bomb(path, f.getMessage(), raw.count);
                    } else {
                        malformed(path, "zip", "zip: " + f.getMessage(), raw.count);
                    }
                    o = Outcome.skip(f.bomb ? "stopped: zip bomb" : "stopped: zip is malformed");
                    stopped = true;
                }
                files.set(slot, new FileResult(memberPath, g.count, o.analysers(), o.skipped()));
            }
            if (kerasName && !keras && !stopped) {
                malformed(path, "keras", "Keras archive has no Keras config.json at its root", -1);
            }
            return keras ? Outcome.of("zip", "keras") : Outcome.of("zip");
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
                parsed = MiniJson.parse(bytes);
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
            byte[] head = bytes.length > HEAD ? java.util.Arrays.copyOf(bytes, HEAD) : bytes;
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

        /**
         * A container member's bytes: counts them, turns the container's read errors into a
         * {@link ContainerFailure}, and stops at more than 64 GiB in all or an expansion beyond the ratio.
         */
        final class Guarded extends InputStream {
            private final InputStream src;
            private final Streams.Counting raw;
            private final long rawStart;
            private final long ratio;
            private final String kind;
            long count;
            private final byte[] one = new byte[1];
            private ContainerFailure failed;

            Guarded(InputStream src, Streams.Counting raw, long ratio, String kind) {
                this.src = src;
                this.raw = raw;
                this.rawStart = raw.count;
                this.ratio = ratio;
                this.kind = kind;
            }

            @Override
            public int read() throws IOException {
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (failed != null) {
                    throw failed;
                }
                int n;
                try {
                    n = src.read(b, off, len);
                } catch (ContainerFailure f) {
                    throw f;
                } catch (IOException e) {
                    failed = new ContainerFailure(this, kind + " data: " + e.getMessage(), false);
                    throw failed;
                }
                if (n > 0) {
                    count += n;
                    inflated += n;
                    long packed = Math.max(1, raw.count - rawStart);
                    if (inflated > MAX_TOTAL) {
                        failed = new ContainerFailure(this, "more than 64 GiB uncompressed in all", true);
                    } else if (count > RATIO_FLOOR && count / packed > ratio) {
                        failed = new ContainerFailure(this, "expands more than " + ratio + ":1 (" + count
                                + " bytes from " + packed + ")", true);
                    }
                    if (failed != null) {
                        throw failed;
                    }
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long done = 0;
                while (done < n) {
                    int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
                    if (r < 0) {
                        break;
                    }
                    done += r;
                }
                return done;
            }
        }
    }

    static boolean isZip(byte[] h) {
        return h.length >= 4 && h[0] == 'P' && h[1] == 'K'
                && ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6));
    }

    /** "gzip", "zlib", "joblib" (joblib's own ZF header, then zlib), or null. */
    static String compression(byte[] h) {
        if (h.length >= 3 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b && h[2] == 8) {
            return "gzip";
        }
        if (h.length >= 2 && (h[0] & 0xff) == 0x78) {
            int second = h[1] & 0xff;
            if ((second == 0x9c || second == 0x01 || second == 0xda || second == 0x5e) && (0x78 * 256 + second) % 31 == 0) {
                return "zlib";
            }
        }
        if (h.length >= 25 && h[0] == 'Z' && h[1] == 'F' && h[2] == '0' && h[3] == 'x') {
            return "joblib";
        }
        return null;
    }

    /** Whether a zip entry name is absolute or climbs with "..". */
    static boolean escapes(String name) {
        if (name.startsWith("/") || name.startsWith("\\")) {
            return true;
        }
        if (name.length() >= 2 && Character.isLetter(name.charAt(0)) && name.charAt(1) == ':') {
            return true;
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the first bytes are a pickle. Protocol 2+ (0x80, version) by content alone (inside a zip only
     * with a pickle name, since tensor bytes can start that way); protocol 0/1 only with a pickle name and a
     * plausible first two opcodes, or, without one, the shapes pickle writes ({@code (dp0}, {@code cmodule\nname\n}).
     */
    static boolean looksLikePickle(byte[] h, String ext, boolean member) {
        boolean named = PICKLE_EXT.contains(ext);
        if (h.length >= 2 && (h[0] & 0xff) == 0x80 && h[1] >= 2 && h[1] <= 5) {
            return !member || named;
        }
        if (h.length < 2) {
            return false;
        }
        char c0 = (char) (h[0] & 0xff);
        char c1 = (char) (h[1] & 0xff);
        if (named) {
            switch (c0) {
                case '(':
                    return "(}])cdlitNILFSVp".indexOf(c1) >= 0;
                case '}': case ']': case ')':
                    return "qr(p.aseut".indexOf(c1) >= 0;
                case 'c':
                    return Character.isLetter(c1) || c1 == '_';
                case 'N':
                    return ".pq".indexOf(c1) >= 0;
                case 'I': case 'L': case 'F':
                    return Character.isDigit(c1) || c1 == '-';
                case 'S':
                    return c1 == '\'' || c1 == '"';
                default:
                    return false;
            }
        }
        if (member) {
            return false;
        }
        String s = new String(h, 0, Math.min(h.length, 512), StandardCharsets.ISO_8859_1);
        if (s.startsWith("(dp") || s.startsWith("(lp")) {
            return s.length() > 3 && (Character.isDigit(s.charAt(3)) || s.charAt(3) == '\n');
        }
        if ((c0 == '}' || c0 == ']') && (c1 == 'q' || c1 == '(')) {
            return true;
        }
        return s.matches("(?s)(\\(?[ci])[A-Za-z_][A-Za-z0-9_.]*\n[A-Za-z_][A-Za-z0-9_.]*\n[(q)}\\]NSVKJMXUTpRt.].*");
    }
}
