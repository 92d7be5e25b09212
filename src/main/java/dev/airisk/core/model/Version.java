package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version, ordered by semver precedence (build metadata breaks ties by
 * text, so the order is total and agrees with equality). Parsed once, when it is made.
 */
public final class Version implements Comparable<Version> {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    private final String text;
    private final BigInteger[] core = new BigInteger[3];
    private final String[] prerelease;

    public Version(String text) {
        Matcher m = text == null || text.length() > 128 ? null : SEMVER.matcher(text);
        if (m == null || !m.matches()) {
            throw new InvalidInput("version '" + text + "' is not a semantic version",
                    "use MAJOR.MINOR.PATCH, e.g. 1.4.0 or 1.4.0-rc.1");
        }
        this.text = text;
        for (int i = 0; i < 3; i++) {
            core[i] = new BigInteger(m.group(i + 1));
        }
        this.prerelease = m.group(4) == null ? null : m.group(4).split("\\.");
    }

    public static Version parse(String text) {
        return new Version(text);
    }

    public String text() {
        return text;
    }

    public boolean isPrerelease() {
        return prerelease != null;
    }

    @Override
    public int compareTo(Version o) {
        for (int i = 0; i < 3; i++) {
            int c = core[i].compareTo(o.core[i]);
            if (c != 0) {
                return c;
            }
        }
        if (prerelease == null || o.prerelease == null) {
            return prerelease == null ? (o.prerelease == null ? text.compareTo(o.text) : 1) : -1;
        }
        for (int i = 0; i < Math.min(prerelease.length, o.prerelease.length); i++) {
            int c = compareIdentifiers(prerelease[i], o.prerelease[i]);
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(prerelease.length, o.prerelease.length);
        return c != 0 ? c : text.compareTo(o.text);
    }

    private static int compareIdentifiers(String a, String b) {
        boolean na = isNumeric(a);
        boolean nb = isNumeric(b);
        if (na && nb) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (na || nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && v.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
