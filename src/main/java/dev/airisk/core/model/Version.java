package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Semantic Versioning 2.0.0 version, ordered by semver precedence. */
public record Version(String text) implements Comparable<Version> {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    public Version {
        if (text == null || text.length() > 128 || !SEMVER.matcher(text).matches()) {
            throw new InvalidInput("version '" + text + "' is not a semantic version",
                    "use MAJOR.MINOR.PATCH, e.g. 1.4.0 or 1.4.0-rc.1");
        }
    }

    public static Version parse(String text) {
        return new Version(text);
    }

    private Matcher parts() {
        Matcher m = SEMVER.matcher(text);
        m.matches();
        return m;
    }

    public boolean isPrerelease() {
        return parts().group(4) != null;
    }

    @Override
    public int compareTo(Version o) {
        Matcher a = parts();
        Matcher b = o.parts();
        for (int i = 1; i <= 3; i++) {
            int c = new BigInteger(a.group(i)).compareTo(new BigInteger(b.group(i)));
            if (c != 0) {
                return c;
            }
        }
        String pa = a.group(4);
        String pb = b.group(4);
        if (pa == null || pb == null) {
            return pa == null ? (pb == null ? text.compareTo(o.text) : 1) : -1;
        }
        String[] xa = pa.split("\\.");
        String[] xb = pb.split("\\.");
        for (int i = 0; i < Math.min(xa.length, xb.length); i++) {
            boolean na = xa[i].chars().allMatch(Character::isDigit);
            boolean nb = xb[i].chars().allMatch(Character::isDigit);
            int c;
            if (na && nb) {
                c = new BigInteger(xa[i]).compareTo(new BigInteger(xb[i]));
            } else if (na || nb) {
                c = na ? -1 : 1;
            } else {
                c = xa[i].compareTo(xb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(xa.length, xb.length);
        return c != 0 ? c : text.compareTo(o.text);
    }

    @Override
    public String toString() {
        return text;
    }
}
