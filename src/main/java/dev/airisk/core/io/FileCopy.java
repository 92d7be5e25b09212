package dev.airisk.core.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * One file-to-file copy made by the kernel ({@link FileChannel#transferTo}, no bytes through user
 * memory) on a background thread, and a channel that reads the copy back as it grows, so the copy
 * can be hashed while it is made. Hashing the copy, not the source, means the digest always
 * describes the stored bytes, even if the source changes underneath.
 *
 * <p>Hashing is the slowest step, so the copier stays at most {@link #WINDOW_CHUNKS} chunks ahead of
 * the reader: it then needs only part of a core and leaves the hasher a core of its own. When the
 * copy is to be durable, a flusher thread forces what has been copied to disk every
 * {@link #FLUSH_STEP} bytes, so the disk works during the copy and the hashing, and the final
 * flush only has the tail to write.
 */
final class FileCopy implements ReadableByteChannel {
    /** How far, in chunks, the copy may run ahead of what has been read back. */
    static final int WINDOW_CHUNKS = 32;
    /** Flush to disk after every 128 MiB copied. */
    static final long FLUSH_STEP = 128L << 20;

    private final FileChannel source;
    private final FileChannel target;
    private final long chunk;
    private final boolean force;
    private final Thread copier;
    private final Thread flusher;
    private long copied;
    private long readPosition;
    private boolean copyDone;
    private boolean cancelled;
    private Throwable failure;

    /**
     * Starts copying {@code source} from its start to {@code target} (empty, open for reading and
     * writing), {@code chunk} bytes at a time; with {@code force}, the copy is on disk once complete.
     */
    FileCopy(FileChannel source, FileChannel target, long chunk, boolean force) throws IOException {
        this.source = source;
        this.target = target;
        this.chunk = chunk;
        this.force = force;
        this.flusher = force && source.size() > FLUSH_STEP ? daemon("airisk-flush", this::flushBehind) : null;
        this.copier = daemon("airisk-copy", this::copyAll);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void copyAll() {
        try {
            long position = 0;
            while (awaitRoom(position)) {
                long n = source.transferTo(position, chunk, target);
                if (n <= 0) {
                    break;
                }
                position += n;
                advance(position);
            }
            markCopyDone();
            if (flusher != null) {
                flusher.join();
            }
            if (force && !isCancelled() && failureOrNull() == null) {
                target.force(true);
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Forces the copy to disk each time another step has been copied, until the copy is done. */
    private void flushBehind() {
        try {
            long flushed = 0;
            while (true) {
                long upTo = awaitFlushable(flushed);
                if (upTo < 0) {
                    return;
                }
                target.force(false);
                flushed = upTo;
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    private synchronized long awaitFlushable(long flushed) throws InterruptedException {
        while (!copyDone && !cancelled && failure == null && copied - flushed < FLUSH_STEP) {
            wait();
        }
        return copyDone || cancelled || failure != null ? -1 : copied;
    }

    private synchronized boolean awaitRoom(long position) throws InterruptedException {
        while (!cancelled && failure == null && position - readPosition >= WINDOW_CHUNKS * chunk) {
            wait();
        }
        return !cancelled && failure == null;
    }

    private synchronized boolean isCancelled() {
        return cancelled;
    }

    private synchronized Throwable failureOrNull() {
        return failure;
    }

    private synchronized void advance(long position) {
        copied = position;
        notifyAll();
    }

    private synchronized void markCopyDone() {
        copyDone = true;
        notifyAll();
    }

    private synchronized void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
        copyDone = true;
        notifyAll();
    }

    private synchronized void consumed(int n) {
        readPosition += n;
        notifyAll();
    }

    /** Reads the copy as far as it is made; blocks until more is copied; -1 once it is complete. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        long available = awaitBeyond(readPosition);
        if (available <= readPosition) {
            return -1;
        }
        int oldLimit = dst.limit();
        dst.limit((int) Math.min(oldLimit, dst.position() + (available - readPosition)));
        try {
            int n = target.read(dst, readPosition);
            if (n > 0) {
                consumed(n);
            }
            return n;
        } finally {
            dst.limit(oldLimit);
        }
    }

    /** Waits until more than {@code position} bytes are copied, or the copy has ended; returns how far it got. */
    private synchronized long awaitBeyond(long position) throws IOException {
        try {
            while (copied <= position && !copyDone && failure == null) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying");
        }
        if (failure != null) {
            throw IoErrors.rethrown(failure);
        }
        return copied;
    }

    /** Waits for the copier to end (the copy forced to disk when asked) and rethrows what it failed with. */
    void complete() throws IOException {
        join();
        Throwable t = failureOrNull();
        if (t != null) {
            throw IoErrors.rethrown(t);
        }
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    /** Stops the copier and flusher if they are still running and waits for them; the channels stay open. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            cancelled = true;
            notifyAll();
        }
        join();
    }

    private void join() throws InterruptedIOException {
        try {
            copier.join();
            if (flusher != null) {
                flusher.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying");
        }
    }
}
