package dev.airisk.core.model;

import dev.airisk.core.AiriskException.InvalidInput;
import java.util.regex.Pattern;

/** Model names: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64. */
public final class ModelName {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private ModelName() {
    }

    public static String require(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new InvalidInput("model name '" + name + "' is not valid",
                    "use 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
