package dev.airisk.core.io;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.model.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while hashing them; at end of stream throws {@link IntegrityFailure} when the
 * size or the SHA-256 differs from what was expected, so a consumer never completes on bad bytes.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final MessageDigest md = Sha256.newDigest();
    private final Sha256 expected;
    private final long expectedSize;
    private final String what;
    private long count;
    private boolean checked;

    public VerifyingInputStream(InputStream in, Sha256 expected, long expectedSize, String what) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            md.update(b, off, n);
            count += n;
            if (expectedSize >= 0 && count > expectedSize) {
                throw mismatch("is larger than the recorded " + expectedSize + " bytes");
            }
        } else if (n < 0) {
            finish();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping would leave bytes unverified");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void finish() {
        if (checked) {
            return;
        }
        checked = true;
        if (expectedSize >= 0 && count != expectedSize) {
            throw mismatch("has " + count + " bytes, not the recorded " + expectedSize);
        }
        Sha256 actual = Sha256.of(md.digest());
        if (!actual.equals(expected)) {
            throw mismatch("hashes to " + actual.shortHex() + ", not the recorded " + expected.shortHex());
        }
    }

    private IntegrityFailure mismatch(String why) {
        return new IntegrityFailure(what + " " + why, "the stored blob is damaged; re-register the model from its source");
    }
}
