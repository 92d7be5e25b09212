package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a small file a person names on the command line, with errors that say which file and what it should be. */
final class InputFiles {
    private InputFiles() {
    }

    static byte[] read(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new InvalidInput(file + " is a directory", "give the path of " + what);
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInput(file + " does not exist", "give the path of " + what);
        } catch (IOException e) {
            throw new InvalidInput("could not read " + file + ": " + e.getMessage(), "check the file's permissions");
        }
    }
}
