package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import java.nio.file.Path;

/**
 * Relative POSIX paths of files inside a model: no absolute paths, no '.' or '..' segments, no
 * empty segments, no backslashes or control characters. One rule for directories and archives alike.
 */
public final class ModelPath {
    private ModelPath() {
    }

    /** A relative file-system path in POSIX form: its names joined by '/' ("" for the empty path). */
    public static String posix(Path relative) {
        StringBuilder b = new StringBuilder();
        for (Path part : relative) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(part);
        }
        return b.toString();
    }

    public static String require(String path) {
        String why = problem(path);
        if (why != null) {
            throw new InvalidInput("path '" + printable(path) + "' " + why,
                    "model files must stay inside the model root");
        }
        return path;
    }

    /** Null when the path is acceptable, else what is wrong with it. */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "is empty";
        }
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            return "is absolute";
        }
        if (path.indexOf('\\') >= 0) {
            return "contains a backslash";
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x20 || path.charAt(i) == 0x7f) {
                return "contains a control character";
            }
        }
        for (String seg : path.split("/", -1)) {
            if (seg.equals("..")) {
                return "escapes the model root with '..'";
            }
            if (seg.isEmpty() || seg.equals(".")) {
                return "has an empty or '.' segment";
            }
        }
        if (path.length() > 4096) {
            return "is longer than 4096 characters";
        }
        return null;
    }

    /** Strips a leading "./" that tar tools commonly write; leaves anything else for {@link #require}. */
    public static String normalizeArchiveName(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
