package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;

/** A dataset a model was trained or evaluated on: name, version and the digest of its contents. */
public record DatasetRef(String name, String version, Sha256 sha256) {
    public DatasetRef {
        if (name == null || name.isBlank() || name.contains("@") || name.contains("=")) {
            throw new InvalidInput("dataset name '" + name + "' is not valid", "use a name without '@' or '='");
        }
        if (version == null || version.isBlank() || version.contains("=")) {
            throw new InvalidInput("dataset " + name + " has no version", "write it as NAME@VERSION=sha256:HEX");
        }
    }

    /** Parses {@code NAME@VERSION=sha256:HEX}. */
    public static DatasetRef parse(String text) {
        int at = text.indexOf('@');
        int eq = text.indexOf('=');
        if (at <= 0 || eq < at + 2 || eq == text.length() - 1) {
            throw new InvalidInput("dataset '" + text + "' is not NAME@VERSION=sha256:HEX", "e.g. --dataset customers@2024-06=sha256:<64 hex>");
        }
        return new DatasetRef(text.substring(0, at), text.substring(at + 1, eq), Sha256.parse(text.substring(eq + 1)));
    }

    /** {@code name@version}, the key lineage queries use. */
    public String key() {
        return name + "@" + version;
    }
}
