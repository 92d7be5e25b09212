package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A SHA-256 digest, held as 64 lower-case hex characters. */
public record Sha256(String hex) implements Comparable<Sha256> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Sha256 {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new InvalidInput("'" + hex + "' is not a SHA-256 digest", "give 64 lower-case hex characters");
        }
    }

    // equals and hashCode written out: a record's generated ones are linked through method handles
    // the first time they run, which every command (a few milliseconds each, in a JVM just started) paid.
    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256 s && s.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    /** Parses {@code HEX} or {@code sha256:HEX}. */
    public static Sha256 parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("sha256:")) {
            t = t.substring("sha256:".length());
        }
        return new Sha256(t.toLowerCase(Locale.ROOT));
    }

    public static Sha256 of(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + raw.length);
        }
        return new Sha256(HexFormat.of().formatHex(raw));
    }

    public static Sha256 digest(byte[] data) {
        return of(newDigest().digest(data));
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }

    public byte[] raw() {
        return HexFormat.of().parseHex(hex);
    }

    /** The store key: {@code sha256/<first 2 hex>/<remaining 62 hex>}. */
    public String storeKey() {
        return "sha256/" + hex.substring(0, 2) + "/" + hex.substring(2);
    }

    public String prefixed() {
        return "sha256:" + hex;
    }

    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(Sha256 o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
