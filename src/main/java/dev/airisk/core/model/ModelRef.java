package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;

/** {@code name@version}. */
public record ModelRef(String name, Version version) implements Comparable<ModelRef> {
    public ModelRef {
        ModelName.require(name);
        if (version == null) {
            throw new InvalidInput("model reference '" + name + "' has no version", "write it as NAME@VERSION, e.g. churn@1.4.0");
        }
    }

    public static ModelRef parse(String text) {
        int at = text == null ? -1 : text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new InvalidInput("'" + text + "' is not a model reference", "write it as NAME@VERSION, e.g. churn@1.4.0");
        }
        return new ModelRef(text.substring(0, at), Version.parse(text.substring(at + 1)));
    }

    // equals and hashCode written out: a record's generated ones are linked through method handles
    // the first time they run, which every command (a few milliseconds each, in a JVM just started) paid.
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelRef r && r.name.equals(name) && r.version.equals(version);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + version.hashCode();
    }

    @Override
    public int compareTo(ModelRef o) {
        int c = name.compareTo(o.name);
        return c != 0 ? c : version.compareTo(o.version);
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
