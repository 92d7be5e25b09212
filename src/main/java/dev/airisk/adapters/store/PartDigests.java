package dev.airisk.adapters.store;

import dev.airisk.core.model.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A sink that computes the SHA-256 of each {@code partSize} slice of what is written to it (the
 * per-part checksums of a multipart upload), passing the bytes on to {@code next} when there is one.
 * Used as {@link dev.airisk.core.io.HashingCopier}'s sink, it runs on the copier's writer thread
 * while the copier's hasher computes the whole digest: one read of the source, both digests.
 */
final class PartDigests implements WritableByteChannel {
    private final long partSize;
    private final WritableByteChannel next;
    private final List<String> parts = new ArrayList<>();
    private MessageDigest md = Sha256.newDigest();
    private long inPart;
    private boolean open = true;

    PartDigests(long partSize, WritableByteChannel next) {
        this.partSize = partSize;
        this.next = next;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        ByteBuffer view = src.duplicate();
        while (view.hasRemaining()) {
            int take = (int) Math.min(view.remaining(), partSize - inPart);
            ByteBuffer slice = view.slice();
            slice.limit(take);
            md.update(slice);
            view.position(view.position() + take);
            inPart += take;
            if (inPart == partSize) {
                finishPart();
            }
        }
        if (next != null) {
            while (src.hasRemaining()) {
                next.write(src);
            }
        } else {
            src.position(src.limit());
        }
        return n;
    }

    /** The base64 SHA-256 of each part in order (an empty source has none). */
    List<String> base64() {
        if (inPart > 0) {
            finishPart();
        }
        return List.copyOf(parts);
    }

    private void finishPart() {
        parts.add(Base64.getEncoder().encodeToString(md.digest()));
        md = Sha256.newDigest();
        inPart = 0;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
