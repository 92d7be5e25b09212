package dev.airisk.adapters.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * {@code length} bytes of a file from {@code offset}, read through a memory mapping of just that
 * region: no system call per read and one copy into the reader's array, which matters when an HTTP
 * client reads a part twice (to sign it, then to send it) in small steps. The mapping is the page
 * cache itself, not heap. A file cut short under the mapping is reported as an IOException.
 */
final class RegionInputStream extends InputStream {
    private final MappedByteBuffer region;

    RegionInputStream(FileChannel channel, long offset, long length) throws IOException {
        this.region = channel.map(FileChannel.MapMode.READ_ONLY, offset, length);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!region.hasRemaining()) {
            return -1;
        }
        int n = Math.min(len, region.remaining());
        try {
            region.get(b, off, n);
        } catch (InternalError e) {
            throw new IOException("the file was cut short while it was uploaded", e);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        int k = (int) Math.max(0, Math.min(n, region.remaining()));
        region.position(region.position() + k);
        return k;
    }

    @Override
    public int available() {
        return region.remaining();
    }
}
