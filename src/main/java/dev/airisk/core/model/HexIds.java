package dev.airisk.core.model;

/** Key ids and commit ids as messages show them: the first 12 hex digits, as Git's short ids. */
public final class HexIds {
    private HexIds() {
    }

    public static String shortId(String id) {
        return id == null || id.length() <= 12 ? id : id.substring(0, 12);
    }
}
