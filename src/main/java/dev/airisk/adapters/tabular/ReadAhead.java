package dev.airisk.adapters.tabular;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads text on a helper thread, a few chunks ahead of its consumer, so reading the file, hashing it,
 * gunzipping it, checking its line lengths and decoding its UTF-8 run beside the parsing. A failure of
 * the source reaches the consumer where it happened, after the text read before it, as the same exception.
 */
final class ReadAhead extends Reader {
    private static final int CHUNK = 64 << 10;
    private static final int AHEAD = 8;

    /** One chunk, the end ({@code n < 0}), or a failure. */
    private record Chunk(char[] chars, int n, IOException failure) {
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private Chunk current = new Chunk(new char[0], 0, null);
    private int pos;
    private boolean ended;

    ReadAhead(Reader source, String name) {
        thread = new Thread(() -> pump(source), "read-ahead " + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(Reader source) {
        try {
            while (true) {
                char[] b = new char[CHUNK];
                int n = 0;
                int r = 0;
                while (n < CHUNK && (r = source.read(b, n, CHUNK - n)) >= 0) {
                    n += r;
                }
                if (n > 0) {
                    queue.put(new Chunk(b, n, null));
                }
                if (r < 0) {
                    queue.put(new Chunk(null, -1, null));
                    return;
                }
            }
        } catch (IOException e) {
            try {
                queue.put(new Chunk(null, -1, e));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether bytes are at hand, taking the next chunk when the current one is used up; false at the end. */
    private boolean fill() throws IOException {
        while (pos >= current.n()) {
            if (ended) {
                return false;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading");
            }
            pos = 0;
            if (current.n() < 0) {
                ended = true;
                if (current.failure() != null) {
                    throw current.failure();
                }
                return false;
            }
        }
        return true;
    }

    @Override
    public int read(char[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.n() - pos);
        System.arraycopy(current.chars(), pos, b, off, n);
        pos += n;
        return n;
    }

    /** Waits until the helper has stopped reading (at the end, or after close). */
    void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        queue.clear();
    }
}
