package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Limits;
import dev.airisk.core.io.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reading a small file a person names on the command line (META.yaml, a policy, checklist answers, a
 * public key), bounded by its {@link Limits} row, with errors that say which file and what it should be.
 *
 * <p>A regular file larger than its limit is refused before it is read. Anything else (a pipe such
 * as {@code /dev/fd/N} or a process substitution, a FIFO) is read up to one byte past the limit and
 * refused there, so no input can exhaust memory. Opening a FIFO blocks until a program opens it for
 * writing; the open runs on a helper thread and is given up after {@link #OPEN_TIMEOUT} (documented
 * in docs/exit-codes.md), so a FIFO nobody writes to never hangs a command.
 */
final class InputFiles {
    /** How long opening an input may take before it is refused. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private final Duration openTimeout;

    /** A reader that gives up opening a file (a FIFO with no writer) after {@code openTimeout}. */
    InputFiles(Duration openTimeout) {
        if (openTimeout.isNegative() || openTimeout.isZero()) {
            throw new IllegalArgumentException("the open timeout must be positive");
        }
        this.openTimeout = openTimeout;
    }

    /** The bytes of {@code file}, at most {@code limit}; {@code what} says what the file should be, e.g. "a policy file". */
    byte[] read(Path file, Limits limit, String what) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InvalidInput(file + " does not exist", "give the path of " + what);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (attributes.isDirectory()) {
            throw new InvalidInput(file + " is a directory", "give the path of " + what);
        }
        if (attributes.isRegularFile()) {
            limit.check(file.toString(), attributes.size());
        }
        try (InputStream in = attributes.isRegularFile() ? Files.newInputStream(file) : openWithTimeout(file)) {
            byte[] bytes = in.readNBytes(Math.toIntExact(limit.max() + 1));
            if (bytes.length > limit.max()) {
                throw limit.tooLarge(file.toString());
            }
            return bytes;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Opens on a helper thread, so that a FIFO with no writer is refused after the timeout instead of blocking for ever. */
    private InputStream openWithTimeout(Path file) throws IOException {
        CompletableFuture<InputStream> opening = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                opening.complete(Files.newInputStream(file));
            } catch (IOException | RuntimeException e) {
                opening.completeExceptionally(e);
            }
        }, "airisk-open " + file.getFileName());
        opener.setDaemon(true);
        opener.start();
        try {
            return opening.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            giveUp(file, opening);
            throw new InvalidInput(file + " was not opened for writing within " + shown(openTimeout) + ": no program writes to it",
                    "start the program that writes to it first, or give a regular file");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(file, opening);
            throw new InvalidInput("interrupted while opening " + file, "run the command again");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    /**
     * Lets the blocked opener go: whatever it opens later is closed, and a FIFO is opened for reading
     * and writing here (which never blocks on Linux), so the blocked open returns and the thread ends.
     */
    private static void giveUp(Path file, CompletableFuture<InputStream> opening) {
        opening.thenAccept(InputFiles::closeQuietly);
        if (!isFifo(file)) {
            return;
        }
        try (FileChannel unblock = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // opened and closed: the waiting reader's open(2) sees a writer and returns
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the opener is a daemon thread and never keeps the process alive
        }
    }

    private static boolean isFifo(Path file) {
        try {
            return Files.getAttribute(file, "unix:mode") instanceof Integer mode && (mode & S_IFMT) == S_IFIFO;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }

    private static String shown(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static InvalidInput unreadable(Path file, IOException e) {
        return new InvalidInput("could not read " + file + ": " + IoErrors.describe(e), "check the file's permissions");
    }
}
