package dev.airisk.adapters.git;

import java.io.ByteArrayOutputStream;

/** The bytes a commit signature covers: the raw commit without its signature headers, as Git computes it. */
final class SignedPayload {
    private SignedPayload() {
    }

    /** Removes the {@code gpgsig} and {@code gpgsig-sha256} headers (and their continuation lines). */
    static byte[] of(byte[] rawCommit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rawCommit.length);
        int pos = 0;
        boolean skipping = false;
        while (pos < rawCommit.length) {
            int end = lineEnd(rawCommit, pos);
            if (end == pos + 1 && rawCommit[pos] == '\n') {
                out.write(rawCommit, pos, rawCommit.length - pos);
                break;
            }
            boolean continuation = rawCommit[pos] == ' ';
            if (!continuation) {
                skipping = startsWith(rawCommit, pos, "gpgsig ") || startsWith(rawCommit, pos, "gpgsig-sha256 ");
            }
            if (!skipping) {
                out.write(rawCommit, pos, end - pos);
            }
            pos = end;
        }
        return out.toByteArray();
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return b.length;
    }

    private static boolean startsWith(byte[] b, int from, String prefix) {
        if (b.length - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
