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
        sorted.sort(Comparator.comparing(FileDigest::path, Manifest::comparePaths));
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

    /**
     * The order model_signing gives its resources: paths compared segment by segment (as Python
     * compares {@code PurePosixPath}s), each segment by code point. So {@code a/b} sorts before
     * {@code a.b}, unlike a plain string comparison.
     */
    public static int comparePaths(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareCodePoints(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
