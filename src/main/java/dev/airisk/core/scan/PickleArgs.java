package dev.airisk.core.scan;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the arguments of pickle opcodes from the stream: fixed-size integers, lengths and text lines. */
final class PickleArgs {
    private final PickleInput in;

    PickleArgs(PickleInput in) {
        this.in = in;
    }


    void need(int n, String name) throws IOException, PickleMalformed {
        if (in.skip(n) < n) {
            throw new PickleMalformed("the stream ends inside the argument of " + name);
        }
    }

    /** An unsigned little-endian integer of {@code n} (1, 2 or 4) bytes. */
    long u(int n, String name) throws IOException, PickleMalformed {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0) {
                throw new PickleMalformed("the stream ends inside the argument of " + name);
            }
            v |= (long) b << (8 * i);
        }
        return v;
    }

    long signed4(String name) throws IOException, PickleMalformed {
        return (int) u(4, name);
    }

    long signedLength(String name) throws IOException, PickleMalformed {
        long v = signed4(name);
        if (v < 0) {
            throw new PickleMalformed("negative length " + v);
        }
        return v;
    }

    long u8(String name) throws IOException, PickleMalformed {
        long lo = u(4, name);
        long hi = u(4, name);
        long v = lo | hi << 32;
        if (v < 0) {
            throw new PickleMalformed("length " + Long.toUnsignedString(v) + " exceeds the largest possible size");
        }
        return v;
    }

    /** A line without its newline, decoded as UTF-8; null when longer than {@code keep} bytes (still consumed). */
    String line(String name, int keep) throws IOException, PickleMalformed {
        return line(name, keep, StandardCharsets.UTF_8);
    }

    String line(String name, int keep, Charset cs) throws IOException, PickleMalformed {
        byte[] b = new byte[64];
        int n = 0;
        boolean tooLong = false;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new PickleMalformed("the stream ends inside the line argument of " + name);
            }
            if (c == '\n') {
                break;
            }
            if (n < keep) {
                if (n == b.length) {
                    b = Arrays.copyOf(b, Math.min(keep, b.length * 2));
                }
                b[n++] = (byte) c;
            } else {
                tooLong = true;
            }
        }
        return tooLong ? null : new String(b, 0, n, cs);
    }

    long decimal(String text, String name) throws PickleMalformed {
        if (text != null) {
            try {
                long v = Long.parseLong(text.strip());
                if (v >= 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new PickleMalformed("the memo key of " + name + " is not a number");
    }
}
