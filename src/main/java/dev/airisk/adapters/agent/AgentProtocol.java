package dev.airisk.adapters.agent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The agent's wire format: one request and one answer per connection, each field a Java
 * {@link DataOutputStream} value. A request is an operation byte and its arguments; an answer is a
 * result byte and what the operation returns. Messages to sign are at most {@link #MAX_MESSAGE} bytes.
 */
final class AgentProtocol {
    /** First bytes of every request, so a stray client is told apart at once. */
    static final int MAGIC = 0x41524b31; // "ARK1"
    static final int MAX_MESSAGE = 16 * 1024 * 1024;
    static final int MAX_TEXT = 4096;

    static final byte STATUS = 1;
    static final byte SIGN = 2;
    static final byte SIGN_COMMIT = 3;
    static final byte LOCK = 4;
    static final byte STOP = 5;

    static final byte OK = 0;
    /** The agent does not hold the key asked for (locked, expired, another key, or another key id). */
    static final byte NOT_HELD = 1;
    static final byte FAILED = 2;

    private AgentProtocol() {
    }

    static byte[] readBytes(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("a field of " + n + " bytes is out of bounds");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static String readText(DataInputStream in) throws IOException {
        String s = in.readUTF();
        if (s.length() > MAX_TEXT) {
            throw new IOException("a text field is too long");
        }
        return s;
    }

    static void expectMagic(DataInputStream in) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException("the peer sent nothing");
        }
        if (magic != MAGIC) {
            throw new IOException("not an airisk agent request");
        }
    }
}
