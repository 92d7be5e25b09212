package dev.airisk.adapters.git;

import java.util.List;

/** The shape of paths inside the registry tree: relative, POSIX, no empty, "." or ".." segments. */
final class RegistryPaths {
    private RegistryPaths() {
    }

    /** True for the paths that name the root folder: "" (and "/", "." for convenience). */
    static boolean isRoot(String path) {
        return path.isEmpty() || path.equals("/") || path.equals(".");
    }

    /** The segments of a path; throws IllegalArgumentException when the path is not acceptable. */
    static List<String> segments(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> out = List.of(p.split("/", -1));
        for (String s : out) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("registry path '" + path + "' is not a relative POSIX path");
            }
        }
        return out;
    }
}
