package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every file of a version, sorted by path. The root digest is SHA-256 over the raw file digests in
 * path order, concatenated, as OpenSSF model_signing v1.0 defines it for the {@code files} method.
 */
public record Manifest(List<FileDigest> files) {
    public Manifest {
        if (files == null || files.isEmpty()) {
            throw new InvalidInput("a model version needs at least one file", "point register at a non-empty file, folder or archive");
        }
        List<FileDigest> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(FileDigest::path, Manifest::compareUtf8));
        Set<String> seen = new HashSet<>();
        for (FileDigest f : sorted) {
            if (!seen.add(f.path())) {
                throw new InvalidInput("the model lists '" + f.path() + "' twice", "give each file once");
            }
        }
        files = List.copyOf(sorted);
    }

    public Sha256 rootDigest() {
        MessageDigest md = Sha256.newDigest();
        for (FileDigest f : files) {
            md.update(f.sha256().raw());
        }
        return Sha256.of(md.digest());
    }

    public long totalSize() {
        return files.stream().mapToLong(FileDigest::size).sum();
    }

    /** Byte-wise order of the UTF-8 encodings, which is what Python's sorted() gives for str paths of ASCII names. */
    public static int compareUtf8(String a, String b) {
        byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }
}
