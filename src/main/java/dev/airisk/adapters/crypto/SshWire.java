package dev.airisk.adapters.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The SSH wire encoding (RFC 4251 section 5): uint32, string and mpint, written and read. */
final class SshWire {
    private SshWire() {
    }

    /** Builds a byte sequence of SSH wire values. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Writer uint32(int value) {
            return raw(ByteBuffer.allocate(4).putInt(value).array());
        }

        Writer string(byte[] bytes) {
            return uint32(bytes.length).raw(bytes);
        }

        Writer string(String text) {
            return string(text.getBytes(StandardCharsets.UTF_8));
        }

        /** A positive integer as an mpint: big-endian two's complement, minimal, with a 0 byte when the top bit is set. */
        Writer mpint(BigInteger value) {
            return string(value.signum() == 0 ? new byte[0] : value.toByteArray());
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Reads SSH wire values; IllegalArgumentException when the bytes end early. */
    static final class Reader {
        private final ByteBuffer in;

        Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
        }

        byte[] raw(int length) {
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("the data ends early");
            }
            byte[] out = new byte[length];
            in.get(out);
            return out;
        }

        int uint32() {
            return ByteBuffer.wrap(raw(4)).getInt();
        }

        byte[] string() {
            return raw(uint32());
        }

        String text() {
            return new String(string(), StandardCharsets.UTF_8);
        }

        BigInteger mpint() {
            return new BigInteger(string());
        }

        boolean atEnd() {
            return !in.hasRemaining();
        }
    }
}
