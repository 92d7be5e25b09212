package dev.airisk.adapters.agent;

import dev.airisk.core.AiriskException.Unavailable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's log, {@code agent.log} (mode 0600), one line per event: {@code <UTC time> <event> <key=value ...>}.
 * It records what was asked, never anything secret: of a message signed, its SHA-256 and size.
 */
final class AgentLog {
    private static final Pattern TREE = Pattern.compile("tree ([0-9a-f]{40,64})\n");
    private static final Pattern PAE = Pattern.compile("DSSEv1 \\d{1,6} ([^ ]{1,200}) ");
    private static final Pattern PREDICATE = Pattern.compile("\"predicateType\"\\s*:\\s*\"([^\"]{1,200})\"");
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private final Path file;
    private final Clock clock;

    AgentLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE));
            } else {
                Files.setPosixFilePermissions(file, PRIVATE);
            }
        } catch (UnsupportedOperationException noPosix) {
            // the folder's mode is what protects it
        } catch (IOException e) {
            throw new Unavailable("cannot create the agent's log " + file + ": " + e.getMessage(), "check that the folder is writable", e);
        }
    }

    /** Appends one line; false when the log cannot be written. */
    synchronized boolean write(String event) {
        byte[] line = (clock.instant() + " " + event + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                out.write(b);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A client's word for the log: printable, without spaces, at most 80 characters. */
    static String word(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> b.appendCodePoint(c > ' ' && c != 0x7f && !Character.isISOControl(c)
                && !Character.isWhitespace(c) ? c : '_'));
        return b.length() == 0 ? "_" : b.toString();
    }

    /**
     * What a request to sign asked, for the log: a Git commit (and the tree it records), or a DSSE
     * envelope's payload type and in-toto predicate type; then the SHA-256 and size of the bytes.
     */
    static String describe(boolean commit, byte[] message) {
        String head = new String(message, 0, Math.min(message.length, 4096), StandardCharsets.UTF_8);
        String kind;
        if (commit) {
            Matcher tree = TREE.matcher(head);
            kind = "commit" + (tree.lookingAt() ? " tree=" + tree.group(1) : "");
        } else {
            Matcher pae = PAE.matcher(head);
            kind = pae.lookingAt() ? "dsse payload_type=" + word(pae.group(1)) : "message";
            if (pae.lookingAt()) {
                Matcher predicate = PREDICATE.matcher(new String(message, 0, Math.min(message.length, 65536), StandardCharsets.UTF_8));
                if (predicate.find()) {
                    kind += " predicate=" + word(predicate.group(1));
                }
            }
        }
        return kind + " sha256=" + sha256(message) + " bytes=" + message.length;
    }

    static String sha256(byte[] message) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
