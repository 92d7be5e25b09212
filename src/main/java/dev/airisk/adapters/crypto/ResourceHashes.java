package dev.airisk.adapters.crypto;

import dev.airisk.core.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * The digests model_signing records for a file or for each shard of it: SHA-256 (the JDK's), BLAKE2b
 * with 64-byte output as Python's {@code hashlib.blake2b} gives it, and BLAKE3 with 32-byte output
 * (BouncyCastle). Shards are the consecutive {@code shardSize}-byte pieces of a non-empty file, the
 * last one shorter; an empty file has none.
 */
final class ResourceHashes {
    static final String SHA256 = "sha256";
    static final String BLAKE2B = "blake2b";
    static final String BLAKE3 = "blake3";
    static final Set<String> TYPES = Set.of(SHA256, BLAKE2B, BLAKE3);
    private static final int BUFFER = 1 << 16;

    private ResourceHashes() {
    }

    /** The resource algorithm a shard's digest is recorded with, as model_signing names it. */
    static String shardAlgorithm(String hashType, long shardSize) {
        return hashType + "-sharded-" + shardSize;
    }

    /** The shard names of a file of {@code size} bytes: {@code path:start:end}. */
    static List<String> shardNames(String path, long size, long shardSize) {
        List<String> out = new ArrayList<>();
        for (long start = 0; start < size; start += shardSize) {
            out.add(path + ":" + start + ":" + Math.min(size, start + shardSize));
        }
        return out;
    }

    /** The hex digest of everything {@code in} holds. */
    static String file(InputStream in, String hashType) throws IOException {
        return shards(in, hashType, Long.MAX_VALUE).get(0);
    }

    /** The hex digests of each shard of {@code in}, in order ({@code shardSize} Long.MAX_VALUE: the whole file, always one digest). */
    static List<String> shards(InputStream in, String hashType, long shardSize) throws IOException {
        List<String> out = new ArrayList<>();
        Hasher hasher = hasher(hashType);
        byte[] buffer = new byte[BUFFER];
        long inShard = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            int off = 0;
            while (off < n) {
                int take = (int) Math.min(n - off, shardSize - inShard);
                hasher.update(buffer, off, take);
                off += take;
                inShard += take;
                if (inShard == shardSize) {
                    out.add(hasher.finish());
                    inShard = 0;
                }
            }
        }
        if (inShard > 0 || shardSize == Long.MAX_VALUE) {
            out.add(hasher.finish());
        }
        return out;
    }

    private interface Hasher {
        void update(byte[] b, int off, int len);

        /** The hex digest, and starts over. */
        String finish();
    }

    private static Hasher hasher(String hashType) {
        return switch (hashType) {
            case SHA256 -> new Hasher() {
                private final MessageDigest md = Sha256.newDigest();

                @Override
                public void update(byte[] b, int off, int len) {
                    md.update(b, off, len);
                }

                @Override
                public String finish() {
                    return HexFormat.of().formatHex(md.digest());
                }
            };
            case BLAKE2B -> bc(new Blake2bDigest(512));
            case BLAKE3 -> bc(new Blake3Digest(256));
            default -> throw new IllegalArgumentException("hash type " + hashType);
        };
    }

    private static Hasher bc(Digest digest) {
        return new Hasher() {
            @Override
            public void update(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }

            @Override
            public String finish() {
                byte[] out = new byte[digest.getDigestSize()];
                digest.doFinal(out, 0);
                return HexFormat.of().formatHex(out);
            }
        };
    }
}
