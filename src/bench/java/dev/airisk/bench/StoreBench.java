package dev.airisk.bench;

import dev.airisk.adapters.store.LocalStore;
import dev.airisk.core.io.HashingCopier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.ArtifactStore.BlobStatus;
import dev.airisk.core.port.Content;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
 * <pre>mvn -q -Pbench test-compile exec:java -Dexec.args="[work-folder] [runs]"</pre>
 *
 * The work folder (default {@code target}) gets a temporary subfolder with a 2 GiB random file
 * and a 4 × 512 MiB model; it is deleted at the end. Each figure is the median of {@code runs}
 * (default 3) timed runs, with the page cache warm (the files were just written) and a
 * {@code sync} before every run so no earlier write is flushed inside a timing.
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
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent.toAbsolutePath(), "airisk-bench-");
        try {
            new StoreBench(work, runs).run();
        } finally {
            deleteTree(work);
        }
    }

    private void run() throws Exception {
        System.out.printf("work folder %s, %d runs each, %d cores, %s%n", work, runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        Path big = generate(work.resolve("big.bin"), BIG, 1);
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(generate(work.resolve("part-" + i + ".bin"), PART, 10 + i));
        }
        sh("sync");
        warmUp(big);

        Path storeRoot = Files.createDirectory(work.resolve("store"));
        LocalStore store = new LocalStore(storeRoot);
        Path copy = work.resolve("copy.bin");

        double cp = median(() -> {
            Files.deleteIfExists(copy);
            sh("sync");
            return time(() -> sh("cp " + big + " " + copy + " && sync"));
        });
        Sha256[] digest = new Sha256[1];
        double put = median(() -> {
            if (digest[0] != null) {
                Files.deleteIfExists(store.blobPath(digest[0]));
            }
            sh("sync");
            return time(() -> digest[0] = store.put(content(big), null));
        });
        Files.deleteIfExists(copy);
        compare("register 2 GiB file: put (incl. fsync)", put, "cp FILE DEST && sync", cp, 1.2);

        double openssl = median(() -> time(() -> sh("openssl dgst -sha256 " + big + " > /dev/null")));
        double again = median(() -> time(() -> store.put(content(big), digest[0])));
        compare("register again: put with likely digest", again, "openssl dgst -sha256", openssl, 1.3);

        double check = median(() -> time(() -> expectOk(store.check(digest[0], BIG))));
        compare("verify: check", check, "openssl dgst -sha256", openssl, 1.3);

        List<Sha256> partDigests = new ArrayList<>();
        for (Path p : parts) {
            partDigests.add(store.put(content(p), null));
        }
        sh("sync");
        double oneThread = median(() -> time(() -> checkAll(store, partDigests, 1)));
        double twoThreads = median(() -> time(() -> checkAll(store, partDigests, 2)));
        compare("check 4 x 512 MiB on 2 threads", twoThreads, "the same on 1 thread", oneThread, 0.6);

        System.out.println();
        report.forEach(System.out::println);
    }

    private void compare(String ours, double oursSeconds, String reference, double refSeconds, double target) {
        double ratio = oursSeconds / refSeconds;
        String line = String.format("%-42s %6.2f s | %-24s %6.2f s | ratio %.2f (target <= %.2f) %s",
                ours, oursSeconds, reference, refSeconds, ratio, target, ratio <= target ? "met" : "MISSED");
        report.add(line);
        System.out.println(line);
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

    private double median(Timed timed) throws Exception {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = timed.seconds();
        }
        Arrays.sort(t);
        return t[runs / 2];
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

    private static Content content(Path file) {
        return new Content() {
            @Override
            public String path() {
                return file.getFileName().toString();
            }

            @Override
            public long size() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
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

    @FunctionalInterface
    private interface Timed {
        double seconds() throws Exception;
    }

    /** The first {@code limit} bytes of a channel. */
    private static final class Limited implements java.nio.channels.ReadableByteChannel {
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
