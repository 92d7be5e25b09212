package dev.airisk.adapters.tabular;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.TabularInputs;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A file opened for reading as text: hashed as its raw bytes are read, gunzipped when it starts with
 * gzip's magic bytes, its lines limited to {@link TabularInputs#MAX_LINE} bytes. Turns every read
 * failure into a one-line InvalidInput naming the file.
 */
final class OpenedFile implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    final String name;
    final boolean gzip;
    private final DigestInputStream raw;
    private final MessageDigest digest;
    /** Reads, hashes, gunzips and checks line lengths on a helper thread; only it touches {@code raw} until the end. */
    private final ReadAhead ahead;
    /** The text, decompressed, line-limited, decoded as UTF-8 and buffered (supports mark/reset). */
    final BufferedReader text;
    private String sha256;

    private OpenedFile(String name, DigestInputStream raw, MessageDigest digest, boolean gzip, ReadAhead ahead,
                       BufferedReader text) {
        this.name = name;
        this.ahead = ahead;
        this.raw = raw;
        this.digest = digest;
        this.gzip = gzip;
        this.text = text;
    }

    static OpenedFile open(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (Files.isDirectory(file)) {
            throw new InvalidInput(name + " is a folder, not a file", "give the path of a CSV or JSON Lines file");
        }
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInput(name + " does not exist", "check the path");
        } catch (IOException e) {
            throw new InvalidInput("could not read " + name + ": " + IoErrors.describe(e), "check the file's permissions");
        }
        MessageDigest digest = Sha256.newDigest();
        DigestInputStream raw = new DigestInputStream(in, digest);
        try {
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
            buffered.mark(2);
            int b1 = buffered.read();
            int b2 = buffered.read();
            buffered.reset();
            boolean gzip = b1 == 0x1f && b2 == 0x8b;
            InputStream body = gzip ? new GZIPInputStream(buffered, BUFFER) : buffered;
            ReadAhead ahead = new ReadAhead(new InputStreamReader(new LineLimitedInputStream(body, TabularInputs.MAX_LINE),
                    StandardCharsets.UTF_8), name);
            return new OpenedFile(name, raw, digest, gzip, ahead, new BufferedReader(ahead, BUFFER));
        } catch (IOException e) {
            closeQuietly(raw);
            throw failure(name, true, e);
        }
    }

    /** The first character that is not white space or a byte-order mark, or -1 for an empty (or all-blank) text; nothing is consumed. */
    int firstChar() {
        try {
            text.mark(TabularInputs.MAX_LINE + 2);
            int b;
            int seen = 0;
            do {
                b = text.read();
                seen++;
            } while ((b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xFEFF) && seen < TabularInputs.MAX_LINE);
            text.reset();
            return b;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Once the text was read to its end: reads what is left of the raw file so the digest covers all of it; the hex SHA-256. */
    String finish() {
        if (sha256 == null) {
            ahead.join();
            try {
                byte[] buf = new byte[BUFFER];
                while (raw.read(buf) >= 0) {
                    // hashing the rest
                }
            } catch (IOException e) {
                throw failure(e);
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
        return sha256;
    }

    InvalidInput failure(IOException e) {
        return failure(name, gzip, e);
    }

    /** The one-line message for a read failure of {@code name}. */
    static InvalidInput failure(String name, boolean gzip, Throwable e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof LineTooLong) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof LineTooLong t) {
            return new InvalidInput(name + " line " + t.line + " is longer than " + (TabularInputs.MAX_LINE >> 20) + " MiB",
                    "split the file into one record per line; no line may be longer than " + TabularInputs.MAX_LINE + " bytes");
        }
        if (gzip && e instanceof EOFException) {
            return new InvalidInput(name + " is a truncated gzip file", "copy the whole file again");
        }
        if (gzip && e instanceof ZipException) {
            return new InvalidInput(name + " is not a valid gzip file: " + e.getMessage(), "copy the whole file again");
        }
        return new InvalidInput("could not read " + name + ": " + (e instanceof IOException io ? IoErrors.describe(io) : e.getMessage()),
                "check the file");
    }

    @Override
    public void close() {
        closeQuietly(text);
        ahead.join();
        closeQuietly(raw);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing was written; a failed close of an input loses nothing
        }
    }
}
