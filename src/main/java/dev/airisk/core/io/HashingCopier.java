package dev.airisk.core.io;

import dev.airisk.core.model.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Copies while hashing with SHA-256, reading the source exactly once, so hashing hides behind the
 * I/O instead of adding to it.
 *
 * <p>Content that fits in one buffer is handled on the calling thread. Anything larger runs as a
 * pipeline: the calling thread reads, a second thread hashes, a third writes, handing a few large
 * direct buffers around. A file-to-file copy ({@link #copyFile}) lets the kernel copy and hashes the
 * copy as it grows. Memory is bounded by {@code buffers × bufferSize} per running copy; idle buffers
 * are kept for reuse.
 *
 * <p>The first failure in any stage stops the others and is rethrown as it was thrown (an
 * {@link IOException} or a runtime exception such as an {@code AiriskException}).
 */
public final class HashingCopier {
    /** 4 MiB: large enough that per-call overhead vanishes, small enough to keep caches warm. */
    public static final int DEFAULT_BUFFER_SIZE = 4 << 20;
    /** Four buffers: one being read, one being hashed, one being written, one spare. */
    public static final int DEFAULT_BUFFERS = 4;

    private static final ByteBuffer END = ByteBuffer.allocate(0);
    private static final long POLL_MILLIS = 100;

    private final int bufferSize;
    private final int buffers;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    /** A copier with {@value #DEFAULT_BUFFERS} buffers of 4 MiB per running copy. */
    public HashingCopier() {
        this(DEFAULT_BUFFER_SIZE, DEFAULT_BUFFERS);
    }

    /** A copier using {@code buffers} (at least 2) buffers of {@code bufferSize} bytes per running copy. */
    public HashingCopier(int bufferSize, int buffers) {
        if (bufferSize < 4096 || buffers < 2) {
            throw new IllegalArgumentException("need at least 2 buffers of at least 4096 bytes");
        }
        this.bufferSize = bufferSize;
        this.buffers = buffers;
    }

    /** The digest and byte count of what passed through. */
    public record Hashed(Sha256 digest, long size) {
    }

    /** Hashes everything {@code source} yields, writing it to {@code sink} as it goes. Neither channel is closed. */
    public Hashed copy(ReadableByteChannel source, WritableByteChannel sink) throws IOException {
        return run(source, sink, NOTHING);
    }

    /** As {@link #copy(ReadableByteChannel, WritableByteChannel)}, telling {@code done} of the bytes read as it goes. */
    public Hashed copy(ReadableByteChannel source, WritableByteChannel sink, LongConsumer done) throws IOException {
        return run(source, sink, done);
    }

    /**
     * Copies the file {@code source} into the empty file {@code target} (open for reading and
     * writing) and hashes the copy as it grows: the kernel copies on one thread, without moving the
     * bytes through user memory, while this thread and a hasher read the copy back from the page
     * cache. The digest therefore describes exactly the bytes in {@code target}, and the source is
     * read once. With {@code force}, the copy is also forced to disk, overlapping the hashing.
     * Neither channel is closed.
     */
    public Hashed copyFile(FileChannel source, FileChannel target, boolean force) throws IOException {
        return copyFile(source, target, force, NOTHING);
    }

    /** As {@link #copyFile(FileChannel, FileChannel, boolean)}, telling {@code done} of the bytes copied as it goes. */
    public Hashed copyFile(FileChannel source, FileChannel target, boolean force, LongConsumer done) throws IOException {
        try (FileCopy copy = new FileCopy(source, target, bufferSize, force)) {
            Hashed hashed = hash(copy, done);
            copy.complete();
            return hashed;
        }
    }

    /** Hashes everything {@code source} yields, without writing it anywhere. The channel is not closed. */
    public Hashed hash(ReadableByteChannel source) throws IOException {
        return run(source, null, NOTHING);
    }

    /** As {@link #hash(ReadableByteChannel)}, telling {@code done} of the bytes read as it goes. */
    public Hashed hash(ReadableByteChannel source, LongConsumer done) throws IOException {
        return run(source, null, done);
    }

    private static final LongConsumer NOTHING = n -> { };

    private Hashed run(ReadableByteChannel source, WritableByteChannel sink, LongConsumer done) throws IOException {
        List<ByteBuffer> owned = new ArrayList<>(buffers);
        for (int i = 0; i < buffers; i++) {
            owned.add(borrow());
        }
        try {
            ByteBuffer first = owned.get(0);
            boolean eof = fill(source, first);
            if (eof) {
                Hashed h = inline(first, sink);
                done.accept(h.size());
                return h;
            }
            return new Pipeline(source, sink, owned, done).run();
        } finally {
            owned.forEach(this::giveBack);
        }
    }

    private static Hashed inline(ByteBuffer only, WritableByteChannel sink) throws IOException {
        MessageDigest md = Sha256.newDigest();
        long size = only.remaining();
        md.update(only.duplicate());
        if (sink != null) {
            writeFully(sink, only);
        }
        return new Hashed(Sha256.of(md.digest()), size);
    }

    /** Fills {@code buffer} from {@code source} and flips it; true when the source is exhausted. */
    private static boolean fill(ReadableByteChannel source, ByteBuffer buffer) throws IOException {
        buffer.clear();
        boolean eof = false;
        while (buffer.hasRemaining()) {
            if (source.read(buffer) < 0) {
                eof = true;
                break;
            }
        }
        buffer.flip();
        return eof;
    }

    private static void writeFully(WritableByteChannel sink, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            sink.write(buffer);
        }
    }

    private ByteBuffer borrow() {
        ByteBuffer b = idle.poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(bufferSize);
        }
        idleCount.decrementAndGet();
        b.clear();
        return b;
    }

    private void giveBack(ByteBuffer b) {
        if (idleCount.incrementAndGet() <= 2 * buffers) {
            idle.add(b);
        } else {
            idleCount.decrementAndGet();
        }
    }

    /** One pipelined copy: the caller reads, a hasher thread hashes, a writer thread writes. */
    private static final class Pipeline {
        private final ReadableByteChannel source;
        private final WritableByteChannel sink;
        private final BlockingQueue<ByteBuffer> free;
        private final BlockingQueue<ByteBuffer> toHash;
        private final BlockingQueue<ByteBuffer> toWrite;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final MessageDigest md = Sha256.newDigest();
        private final ByteBuffer first;
        private final LongConsumer done;

        Pipeline(ReadableByteChannel source, WritableByteChannel sink, List<ByteBuffer> owned, LongConsumer done) {
            this.done = done;
            this.source = source;
            this.sink = sink;
            int capacity = owned.size() + 1;
            this.free = new ArrayBlockingQueue<>(capacity, false, owned.subList(1, owned.size()));
            this.toHash = new ArrayBlockingQueue<>(capacity);
            this.toWrite = new ArrayBlockingQueue<>(capacity);
            this.first = owned.get(0);
        }

        Hashed run() throws IOException {
            List<Thread> stages = new ArrayList<>(2);
            stages.add(start("airisk-hash", this::hashStage));
            if (sink != null) {
                stages.add(start("airisk-write", this::writeStage));
            }
            long size = 0;
            try {
                ByteBuffer buffer = first;
                boolean eof = false;
                while (true) {
                    size += buffer.remaining();
                    done.accept(buffer.remaining());
                    put(toHash, buffer);
                    if (eof) {
                        break;
                    }
                    buffer = take(free);
                    eof = fill(source, buffer);
                }
                put(toHash, END);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            joinAll(stages);
            rethrowFailure();
            return new Hashed(Sha256.of(md.digest()), size);
        }

        private void hashStage() throws IOException {
            while (true) {
                ByteBuffer b = take(toHash);
                if (b == END) {
                    if (sink != null) {
                        put(toWrite, END);
                    }
                    return;
                }
                md.update(b.duplicate());
                put(sink != null ? toWrite : free, b);
            }
        }

        private void writeStage() throws IOException {
            while (true) {
                ByteBuffer b = take(toWrite);
                if (b == END) {
                    return;
                }
                writeFully(sink, b);
                put(free, b);
            }
        }

        private Thread start(String name, Stage stage) {
            Thread t = new Thread(() -> {
                try {
                    stage.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private ByteBuffer take(BlockingQueue<ByteBuffer> queue) throws IOException {
            try {
                while (true) {
                    abortIfFailed();
                    ByteBuffer b = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (b != null) {
                        return b;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while copying");
            }
        }

        private void put(BlockingQueue<ByteBuffer> queue, ByteBuffer b) throws IOException {
            try {
                while (!queue.offer(b, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    abortIfFailed();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while copying");
            }
        }

        private void abortIfFailed() throws Aborted {
            if (failure.get() != null) {
                throw new Aborted();
            }
        }

        /** Waits for the stage threads; an interrupt is remembered as a failure, not lost. */
        private void joinAll(List<Thread> stages) {
            boolean interrupted = false;
            for (Thread t : stages) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        failure.compareAndSet(null, new InterruptedIOException("interrupted while copying"));
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void rethrowFailure() throws IOException {
            Throwable t = failure.get();
            if (t != null) {
                throw IoErrors.rethrown(t);
            }
        }
    }

    @FunctionalInterface
    private interface Stage {
        void run() throws IOException;
    }

    /** Thrown inside a stage when another stage failed first; never escapes the pipeline. */
    private static final class Aborted extends IOException {
        Aborted() {
            super("stopped because another stage failed", null);
        }
    }
}
