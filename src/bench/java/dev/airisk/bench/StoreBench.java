package dev.airisk.bench;

import dev.airisk.adapters.archive.FileModelSources;
import dev.airisk.adapters.store.LocalStore;
import dev.airisk.core.io.HashingCopier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.ArtifactStore.BlobStatus;
import dev.airisk.core.port.ModelSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures LocalStore against reference tools in the same run, on the same disk:
 * {@code cp FILE DEST && sync} against put, {@code openssl dgst -sha256} against put-again (blob
 * present, likely digest given) and against check, and a 4-file check on 2 threads against 1.
 *
 * <pre>mvn -q -Pbench test-compile exec:exec [-Dbench.args="DIR RUNS"]</pre> (default: target 5)
 *
 * or {@code java -cp ... dev.airisk.bench.StoreBench [work-folder] [runs]}. The profile forks a fresh
 * JVM on purpose: run inside Maven's own JVM ({@code exec:java}), put measured 50-60 % slower.
 *
 * The work folder (default {@code target}) gets a temporary subfolder with a 2 GiB random file
 * and a 4 × 512 MiB model; it is deleted at the end. Each comparison runs the reference and ours
 * {@code runs} times (default 5), alternating which goes first, and reports medians and bests.
 * The page cache is warm (the files were just written); before each register run the previous
 * copies are deleted and {@code sync} runs, so no earlier write is flushed inside a timing.
 */
public final class StoreBench {
    private static final long MIB = 1 << 20;
    private static final long BIG = 2048 * MIB;
    private static final long PART = 512 * MIB;

    private final Path work;
    private final int runs;
    private final List<String> report = new ArrayList<>();

    private StoreBench(Path work, int runs) {
        this.work = work;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Path parent = Path.of(args.length > 0 ? args[0] : "target");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent.toAbsolutePath(), "airisk-bench-");
        try {
            new StoreBench(work, runs).run();
        } finally {
            deleteTree(work);
        }
    }

    private void run() throws Exception {
        System.out.printf("work folder %s, %d interleaved runs each, %d cores, Java %s%n", work, runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        Path big = generate(work.resolve("big.bin"), BIG, 1);
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(generate(work.resolve("part-" + i + ".bin"), PART, 10 + i));
        }
        sh("sync");
        warmUp(big);

        LocalStore store = new LocalStore(Files.createDirectory(work.resolve("store")));
        Path copy = work.resolve("copy.bin");
        Sha256 digest = Sha256.of(new byte[32]);
        Sha256[] stored = {digest};
        compare("register 2 GiB: put, incl. fsync", "cp FILE DEST && sync", 1.2,
                () -> {
                    Files.deleteIfExists(copy);
                    Files.deleteIfExists(store.blobPath(stored[0]));
                    sh("sync");
                },
                () -> sh("cp " + big + " " + copy + " && sync"),
                () -> stored[0] = put(store, big, null));
        Files.deleteIfExists(copy);
        if (!store.contains(stored[0])) {
            put(store, big, null);
        }
        sh("sync");

        compare("register again: put, blob present", "openssl dgst -sha256", 1.3, () -> { },
                () -> sh("openssl dgst -sha256 " + big + " > /dev/null"),
                () -> put(store, big, stored[0]));
        compare("verify: check", "openssl dgst -sha256", 1.3, () -> { },
                () -> sh("openssl dgst -sha256 " + store.blobPath(stored[0]) + " > /dev/null"),
                () -> expectOk(store.check(stored[0], BIG)));

        List<Sha256> partDigests = new ArrayList<>();
        for (Path p : parts) {
            partDigests.add(put(store, p, null));
        }
        sh("sync");
        compare("check 4 x 512 MiB on 2 threads", "the same on 1 thread", 0, () -> { },
                () -> checkAll(store, partDigests, 1),
                () -> checkAll(store, partDigests, 2));

        System.out.println();
        System.out.println("median (best) of " + runs + " interleaved runs; ratio = ours / reference, of medians (of bests)");
        report.forEach(System.out::println);
    }

    /**
     * Times {@code ours} and {@code reference} in alternating order, each after {@code prepare}, and
     * reports the ratio of the medians against {@code target} (none when 0).
     */
    private void compare(String ours, String reference, double target, Action prepare, Action refAction, Action oursAction)
            throws Exception {
        double[] ref = new double[runs];
        double[] our = new double[runs];
        for (int i = 0; i < runs; i++) {
            boolean refFirst = i % 2 == 0;
            prepare.run();
            double first = time(refFirst ? refAction : oursAction);
            prepare.run();
            double second = time(refFirst ? oursAction : refAction);
            ref[i] = refFirst ? first : second;
            our[i] = refFirst ? second : first;
            System.out.printf("  %-34s %6.2f s   %-24s %6.2f s%n", ours, our[i], reference, ref[i]);
        }
        double medianRatio = median(our) / median(ref);
        String verdict = target <= 0 ? "" : String.format(", target <= %.2f: %s", target, medianRatio <= target ? "met" : "missed");
        String line = String.format("%-34s %5.2f (%5.2f) s | %-22s %5.2f (%5.2f) s | ratio %.2f (%.2f)%s",
                ours, median(our), best(our), reference, median(ref), best(ref), medianRatio, best(our) / best(ref), verdict);
        report.add(line);
        System.out.println(line);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double best(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static void checkAll(LocalStore store, List<Sha256> digests, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<BlobStatus>> results = new ArrayList<>();
            for (Sha256 d : digests) {
                results.add(pool.submit(() -> store.check(d, PART)));
            }
            for (Future<BlobStatus> r : results) {
                expectOk(r.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void expectOk(BlobStatus status) {
        if (status != BlobStatus.OK) {
            throw new IllegalStateException("check returned " + status);
        }
    }

    /** Lets the JIT compile the hashing and copying paths before anything is timed. */
    private static void warmUp(Path file) throws IOException {
        HashingCopier copier = new HashingCopier();
        for (int i = 0; i < 3; i++) {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                copier.hash(new Limited(in, 256 * MIB));
            }
        }
    }

    private static double time(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static Path generate(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) (8 * MIB));
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; ) {
                buffer.clear();
                while (buffer.remaining() >= Long.BYTES) {
                    buffer.putLong(random.nextLong());
                }
                buffer.flip();
                buffer.limit((int) Math.min(buffer.limit(), size - written));
                written += buffer.remaining();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        }
        return file;
    }

    /** Stores a model file the way register does: opened as a model source, each file put. */
    private static Sha256 put(LocalStore store, Path file, Sha256 likely) throws IOException {
        try (ModelSource source = new FileModelSources().open(file)) {
            return source.read(1, c -> store.put(c, likely)).values().iterator().next();
        }
    }

    private static void sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("'" + command + "' failed");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    /** The first {@code limit} bytes of a channel. */
    private static final class Limited implements ReadableByteChannel {
        private final FileChannel in;
        private long left;

        Limited(FileChannel in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int oldLimit = dst.limit();
            dst.limit((int) Math.min(oldLimit, dst.position() + left));
            int n = in.read(dst);
            dst.limit(oldLimit);
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
