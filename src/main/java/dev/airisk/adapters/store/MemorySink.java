package dev.airisk.adapters.store;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/** Collects a small blob in memory (at most {@code limit} bytes; more is an error the caller reports). */
final class MemorySink implements WritableByteChannel {
    private byte[] bytes;
    private int size;

    MemorySink(long limit) {
        this.bytes = new byte[(int) Math.min(Math.max(limit, 0), Integer.MAX_VALUE - 16)];
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + n, Math.min(Integer.MAX_VALUE - 16, 2 * bytes.length)));
        }
        src.get(bytes, size, n);
        size += n;
        return n;
    }

    /** What was written, exactly. */
    byte[] bytes() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
